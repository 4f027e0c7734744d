import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
import { DomainError, NotAllowed, ValidationFailed } from '../../shared/errors';
import { internalError, problemFor } from '../../shared/http/problem';

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

  it('leaves unexpected errors to a 500 that says nothing about them', () => {
    expect(problemFor(new Error('connection refused to 10.0.0.1'), context)).toBeUndefined();
    const response = internalError(context);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('10.0.0.1');
    expect(body(response)).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'An error has occurred.' });
  });
});
