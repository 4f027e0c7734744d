/**
 * Every answer passes through its route's declared response schema on its way out: keys the
 * schema does not declare are dropped (the response schemas are plain, non-strict objects, so
 * parsing strips them), so nothing undeclared — a stored path, an internal id — leaves, and the
 * OpenAPI document says exactly what clients get. An answer that does not fit its schema, or a
 * status the route does not declare, is a bug on our side: it fails the request with a bare 500
 * (logged with the fields at fault, never their values) rather than sending something unpromised.
 */
import { safeParse } from 'zod/v4/core';
import type { HttpTrigger } from '../system';
import type { Reply } from './request-path';

export class AnswerOffSchema extends Error {
  override name = 'AnswerOffSchema';
}

export function shapeReply(trigger: HttpTrigger, reply: Reply): Reply {
  const route = `${trigger.method} ${trigger.path}`;
  const declared = trigger.responses[reply.status];
  if (!declared) throw new AnswerOffSchema(`${route} answered ${reply.status}, a status it does not declare`);
  if (!declared.schema) return reply;
  const parsed = safeParse(declared.schema, reply.body);
  if (!parsed.success) {
    const faults = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`).join('; ');
    throw new AnswerOffSchema(`${route} answered ${reply.status} off its schema: ${faults}`);
  }
  return { ...reply, body: parsed.data };
}
