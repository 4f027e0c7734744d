/**
 * Domain errors: facts about the request, with a stable code and no HTTP in them. The HTTP
 * layer maps each kind to a status in one place (shared/http/problem.ts).
 */

export type ErrorKind =
  | 'invalid' // the request itself is wrong
  | 'unauthenticated'
  | 'forbidden' // known caller, not allowed
  | 'not-found'
  | 'conflict' // the state does not allow it (already done, wrong step)
  | 'gone' // sold out, closed
  | 'too-early'
  | 'busy' // try again later
  | 'unavailable'; // a provider we depend on is down

export interface FieldIssue {
  /** Dotted path of the field at fault, e.g. `body.phone`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: { errors?: FieldIssue[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = code;
  }
}

export class ValidationFailed extends DomainError {
  constructor(errors: FieldIssue[], message = 'The request has invalid fields.') {
    super('invalid', 'VALIDATION_FAILED', message, { errors });
  }
}

/** A page cursor this API did not give out (tampered, truncated, or from another list). */
export class InvalidCursor extends DomainError {
  constructor() {
    super('invalid', 'INVALID_CURSOR', 'The cursor is not one this API gave out for this list.', {
      errors: [{ field: 'query.cursor', message: 'is not a cursor this API gave out' }],
    });
  }
}

export class NotAllowed extends DomainError {
  constructor(message = 'You may not do this.', code = 'FORBIDDEN') {
    super('forbidden', code, message);
  }
}

export class NotFound extends DomainError {
  constructor(what: string, code = 'NOT_FOUND') {
    super('not-found', code, `${what} was not found.`);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: string) {
    super('conflict', code, message);
  }
}
