/** The Lambda handler of a public route (no token, no account read, nothing stored). */
import type { HttpTrigger } from '../system';
import { shapeReply } from './response-shape';
import { parseRequest, requestPath, toResult, type HttpDefinition, type Reply, type RequestOf } from './request-path';

export function publicHttpHandler<D extends HttpDefinition>(definition: D, handle: (request: RequestOf<D>) => Promise<Reply>) {
  const trigger: HttpTrigger = definition.trigger;
  if (trigger.access !== 'public') throw new Error(`${trigger.method} ${trigger.path} is not public: use httpHandler`);
  return requestPath(`${trigger.method} ${trigger.path}`, async (event) => {
    const input = parseRequest(trigger, event);
    const request = { ...input, caller: { userId: 'anonymous', grants: [] }, requestId: event.requestContext.requestId, headers: event.headers ?? {} };
    return toResult(shapeReply(trigger, await handle(request as RequestOf<D>)));
  });
}
