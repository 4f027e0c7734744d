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
  /**
   * The message in Chinese, written beside the English one: the problem answer carries only the
   * caller's language (Accept-Language), as its `message`. Schema messages come in the caller's
   * language already (shared/http/request-path.ts).
   */
  zh?: string;
}

/**
 * Chinese problem messages by code (the `detail` a caller who prefers Chinese reads; the English
 * one is the error's own message), for the errors this bundle holds: each module that declares
 * errors adds its own with `inChinese` as it loads, so a function carries the messages of the
 * errors it can answer with and no others. test/unit/problem.test.ts holds every code the API
 * declares to a message.
 */
export const chineseMessages: Record<string, string> = {};

export function inChinese(messages: Record<string, string>): void {
  Object.assign(chineseMessages, messages);
}

inChinese({
  VALIDATION_FAILED: '请求有误，请按 errors 中列出的字段修改后重试。',
  INVALID_CURSOR: '翻页游标无效：请使用上一页返回的 cursor。',
  FORBIDDEN: '您无权执行此操作。',
  NOT_FOUND: '未找到该记录。',
  NOT_ELIGIBLE: '您不符合该活动的领取条件。',
  NO_OFFER: '您目前没有待确认的名额或奖品。',
  OFFER_LAPSED: '确认期限已过，名额或奖品已依次递补给下一位。',
  ILLEGAL_TRANSITION: '该记录当前的状态不允许此操作。',
});

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
      errors: [{ field: 'query.cursor', message: 'is not a cursor this API gave out', zh: '不是本 API 给出的翻页游标' }],
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

/** The caller is outside the audience of what she asks for; `reason` names the rule she fails. */
export class NotEligible extends NotAllowed {
  constructor(what: string, reason: string) {
    super(`You cannot ${what}: ${reason}.`, 'NOT_ELIGIBLE');
    Object.assign(this.details, { reason });
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: string) {
    super('conflict', code, message);
  }
}
