import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chineseMessages, DomainError, NotAllowed, ValidationFailed } from '../../shared/errors';
import { gatewayProblemCodes } from '../../shared/http/gateway-problems';
import { languageOf } from '../../shared/http/language';
import { commonProblemCodes, internalError, mutatingProblemCodes, problemFor } from '../../shared/http/problem';
import { functions } from '../../shared/manifest';
import type { System } from '../../shared/system';

const context = { requestId: 'req-1', path: '/x' };
const body = (response: { body?: string } | undefined) => JSON.parse(response!.body!);

describe('problem responses', () => {
  it('maps domain errors by kind with their code, fields and request id', () => {
    const response = problemFor(new ValidationFailed([{ field: 'body.phone', message: 'bad' }]), context);
    expect(response?.statusCode).toBe(400);
    expect(response?.headers?.['content-type']).toBe('application/problem+json');
    expect(body(response)).toMatchObject({ code: 'VALIDATION_FAILED', requestId: 'req-1', errors: [{ field: 'body.phone' }] });
    expect(problemFor(new NotAllowed(), context)?.statusCode).toBe(403);
  });

  it('sets Retry-After when the domain says when to come back', () => {
    const response = problemFor(new DomainError('busy', 'BUSY', 'later', { retryAfterSeconds: 3 }), context);
    expect(response?.statusCode).toBe(429);
    expect(response?.headers?.['retry-after']).toBe('3');
    expect(body(response)).not.toHaveProperty('retryAfterSeconds');
  });

  it('maps idempotency conflicts and DynamoDB throttling to 4xx, never 500', () => {
    expect(problemFor(new IdempotencyValidationError('x'), context)?.statusCode).toBe(422);
    expect(problemFor(new IdempotencyAlreadyInProgressError('x'), context)?.statusCode).toBe(409);
    const throttled = Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    expect(problemFor(throttled, context)?.statusCode).toBe(429);
  });

  it('answers a write refused by a conflict alone (its retries spent) 429 with Retry-After; one whose condition failed is not a throttle', () => {
    const cancelled = (...codes: string[]) => Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });
    const conflict = problemFor(cancelled('None', 'None', 'TransactionConflict'), context);
    expect(conflict?.statusCode).toBe(429);
    expect(conflict?.headers?.['retry-after']).toBe('1');
    expect(body(conflict)).toMatchObject({ code: 'BUSY', requestId: 'req-1' });
    expect(problemFor(Object.assign(new Error('conflict'), { name: 'TransactionConflictException' }), context)?.statusCode).toBe(429);
    // A failed condition is the domain's to answer: left unmapped here (a bare 500 if nothing caught it).
    expect(problemFor(cancelled('ConditionalCheckFailed', 'TransactionConflict'), context)).toBeUndefined();
  });

  it('answers a storage timeout or 5xx (or one wrapped as a cause) 503 with Retry-After, never 500', () => {
    const timedOut = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
    const failed = Object.assign(new Error('oops'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
    const wrapped = Object.assign(new Error('persistence layer failed'), { name: 'IdempotencyPersistenceLayerError', cause: failed });
    for (const error of [timedOut, failed, wrapped]) {
      const response = problemFor(error, context);
      expect(response?.statusCode).toBe(503);
      expect(response?.headers?.['retry-after']).toBe('2');
      expect(body(response).code).toBe('SERVICE_UNAVAILABLE');
    }
    const throttledInside = Object.assign(new Error('x'), { cause: Object.assign(new Error('slow'), { name: 'ThrottlingException' }) });
    expect(problemFor(throttledInside, context)?.headers?.['retry-after']).toBe('1');
    // A client error of the SDK (a bug of ours) stays a 500.
    expect(problemFor(Object.assign(new Error('bad'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } }), context)).toBeUndefined();
  });

  it('leaves unexpected errors to a 500 that says nothing about them', () => {
    expect(problemFor(new Error('connection refused to 10.0.0.1'), context)).toBeUndefined();
    const response = internalError(context);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('10.0.0.1');
    expect(body(response)).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'An error has occurred.' });
  });
});

const shared = path.resolve(import.meta.dirname, '../../shared');
const root = path.resolve(import.meta.dirname, '../..');
/** Every module that declares Chinese messages (each declares those of its own errors). */
const messageModules = readdirSync(shared, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && readFileSync(path.join(shared, file), 'utf8').includes('inChinese({'));

describe('problem messages in the caller’s language', () => {
  beforeAll(async () => {
    for (const file of messageModules) await import(path.join(shared, file));
  });

  it('has a Chinese message for every problem code any route declares', () => {
    expect(messageModules.length).toBeGreaterThan(15);
    const declared = new Set<string>([...Object.keys(commonProblemCodes), ...Object.keys(mutatingProblemCodes), ...Object.keys(gatewayProblemCodes)]);
    for (const { trigger } of Object.values(functions as System['functions'])) {
      if (trigger.kind === 'http') for (const code of Object.keys(trigger.errors ?? {})) declared.add(code);
    }
    expect([...declared].filter((code) => !chineseMessages[code])).toEqual([]);
  });

  it('answers in Chinese when Chinese is preferred, in English otherwise', () => {
    expect(languageOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(languageOf('en-US,zh;q=0.5')).toBe('en');
    expect(languageOf('en;q=0.4, zh-TW;q=0.6')).toBe('zh');
    expect(languageOf(undefined)).toBe('en');
    const chinese = problemFor(new DomainError('gone', 'SOLD_OUT', 'Sold out for today.'), { ...context, language: 'zh' });
    expect(body(chinese).detail).toBe(chineseMessages.SOLD_OUT);
    expect(chinese?.headers?.['content-language']).toBe('zh-CN');
    const english = problemFor(new DomainError('gone', 'SOLD_OUT', 'Sold out for today.'), { ...context, language: 'en' });
    expect([body(english).detail, english?.headers?.['content-language']]).toEqual(['Sold out for today.', 'en']);
  });

  it('gives the title and each field message in that language too, and never both', () => {
    const refusal = new ValidationFailed([
      { field: 'body.lastDay', message: 'is in the past', zh: '早于今天' },
      { field: 'body.note', message: 'has no Chinese yet' },
    ]);
    const chinese = body(problemFor(refusal, { ...context, language: 'zh' }));
    expect(chinese.title).toBe('请求有误');
    expect(chinese.errors).toEqual([
      { field: 'body.lastDay', message: '早于今天' },
      { field: 'body.note', message: 'has no Chinese yet' },
    ]);
    const english = body(problemFor(refusal, { ...context, language: 'en' }));
    expect(english.title).toBe('Bad Request');
    expect(english.errors).toEqual([
      { field: 'body.lastDay', message: 'is in the past' },
      { field: 'body.note', message: 'has no Chinese yet' },
    ]);
  });

  it('writes every field message of the domain with its Chinese beside it', () => {
    // A FieldIssue literal anywhere in shared/ or local/ that has an English message and no `zh`.
    const sources = ['shared', 'local'].flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, dir, f)));
    const missing = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /\{ field: [^}]*message: /.test(line) && !/zh: |failure\.message|schemaMessage\(|fault injected/.test(line))
        .map((line) => `${path.relative(root, file)}: ${line.trim()}`),
    );
    expect(missing).toEqual([]);
  });
});
