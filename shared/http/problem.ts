/**
 * Errors as RFC 9457 problem responses. This is the one place where a domain fact becomes an HTTP
 * status; a 5xx says only that an error occurred, never what.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { chineseMessages, DomainError, inChinese, type ErrorKind, type FieldIssue } from '../errors';
import { contentLanguage, type Language } from './language';
import { isConflict } from '../aws/conflicts';

inChinese({
  MALFORMED_JSON: '请求体不是有效的 JSON。',
  UNAUTHENTICATED: '请先登录：在 Authorization 请求头中携带有效的 Bearer 令牌。',
  ROLE_REQUIRED: '您的账户没有执行此操作的角色。',
  BUSY: '当前请求较多，请稍后重试。',
  THROTTLED: '当前请求较多，请按 Retry-After 指示的秒数后重试。',
  TIMED_OUT: '处理超时，请按 Retry-After 指示的秒数后重试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请按 Retry-After 指示的秒数后重试。',
  INTERNAL_ERROR: '服务出现错误，请稍后重试。',
  IDEMPOTENCY_KEY_REUSED: '此 Idempotency-Key 已用于另一个请求。',
  REQUEST_IN_PROGRESS: '使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。',
  PAYLOAD_TOO_LARGE: '请求体超过 10 MB。',
});

const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-early': 425,
  busy: 429,
  unavailable: 503,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  425: 'Too Early',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The same titles for a caller who prefers Chinese. */
const chineseTitles: Record<number, string> = {
  400: '请求有误',
  401: '未登录',
  403: '无权操作',
  404: '未找到',
  405: '不支持该方法',
  409: '状态冲突',
  410: '已结束',
  413: '内容过大',
  415: '不支持的内容类型',
  422: '无法处理',
  425: '尚未开始',
  429: '请求过多',
  431: '请求头过大',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

/** The HTTP reason phrase of a status (always English: a status line is ASCII). */
export const reasonPhrase = (status: number) => titles[status] ?? 'Error';

/** Problem codes every route may answer with; the OpenAPI document lists them on each route. */
export const commonProblemCodes = {
  VALIDATION_FAILED: 400,
  INVALID_CURSOR: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  ROLE_REQUIRED: 403,
  BUSY: 429,
  // Storage or a queue did not answer, or failed, after the SDK's own retries: nothing wrong was said, retry later.
  SERVICE_UNAVAILABLE: 503,
  // Said by the gateway, not the function: a body over 10 MB, every execution busy, or the function timed out.
  PAYLOAD_TOO_LARGE: 413,
  THROTTLED: 429,
  INTERNAL_ERROR: 500,
  TIMED_OUT: 503,
} as const;

export const mutatingProblemCodes = {
  IDEMPOTENCY_KEY_REUSED: 422,
  REQUEST_IN_PROGRESS: 409,
} as const;

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string;
  instance?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

export interface ProblemContext {
  requestId: string;
  path?: string;
  /** The caller's language (Accept-Language): a Chinese `detail` where the code has one. */
  language?: Language;
}

export function problemResponse(
  status: number,
  code: string,
  detail: string,
  context: ProblemContext,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const chinese = context.language === 'zh' ? chineseMessages[code] : undefined;
  const { errors, ...rest } = extra as { errors?: FieldIssue[] };
  const body: Problem = {
    type: `urn:union-benefits:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: (chinese && chineseTitles[status]) || reasonPhrase(status),
    status,
    code,
    detail: chinese ?? detail,
    requestId: context.requestId,
    instance: context.path,
    ...rest,
    // Each field's message in the answer's language; the Chinese one travels beside it until here.
    ...(errors && { errors: errors.map(({ field, message, zh }) => ({ field, message: (chinese && zh) || message })) }),
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', 'content-language': contentLanguage(chinese ? 'zh' : 'en'), ...headers },
    body: JSON.stringify(body),
  };
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** Errors after which the call may or may not have been applied, or the service failed: worth a retry later. */
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalServerError', 'InternalError', 'ServiceUnavailable']);

/**
 * What an AWS SDK error (or one wrapping it as its cause, as Powertools' idempotency errors do)
 * says: throttled (a transaction cancelled by a conflict alone included), or unavailable (timed
 * out, a 5xx, a dropped connection); undefined for anything else.
 */
export function sdkFailureOf(error: unknown): 'throttled' | 'unavailable' | undefined {
  for (let current = error as { name?: string; cause?: unknown; $fault?: string; $metadata?: { httpStatusCode?: number }; code?: string } | null, depth = 0; current && depth < 5; current = current.cause as typeof current, depth++) {
    const name = current.name ?? '';
    // A write refused only by a conflict with another transaction applied nothing: a retry goes through.
    if (THROTTLING.has(name) || isConflict(current)) return 'throttled';
    const status = current.$metadata?.httpStatusCode ?? 0;
    if (TRANSIENT.has(name) || (current.$metadata && (current.$fault === 'server' || status >= 500))) return 'unavailable';
    if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(current.code ?? '')) return 'unavailable';
  }
  return undefined;
}

/**
 * Maps anything thrown to a problem response. Returns `undefined` for an unexpected error, which
 * the caller logs and answers with a bare 500.
 */
export function problemFor(error: unknown, context: ProblemContext): APIGatewayProxyStructuredResultV2 | undefined {
  if (error instanceof DomainError) {
    const status = statusOf[error.kind];
    const { retryAfterSeconds, ...extra } = error.details;
    const headers: Record<string, string> = retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {};
    return problemResponse(status, error.code, error.message, context, extra, headers);
  }
  const name = (error as { name?: string } | null)?.name;
  // Powertools' idempotency errors, matched by name so that routes without stored replays do not
  // bundle the idempotency library just to recognise its errors.
  if (name === 'IdempotencyValidationError') {
    return problemResponse(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request body.',
      context,
      { errors: [{ field: 'headers.idempotency-key', message: 'already used with a different body', zh: '已用于内容不同的请求' }] },
    );
  }
  if (name === 'IdempotencyAlreadyInProgressError') {
    return problemResponse(
      409,
      'REQUEST_IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
      context,
      {},
      { 'retry-after': '1' },
    );
  }
  // DynamoDB or SQS throttled, timed out or failed after the SDK's own retries: the caller is told
  // to come back (429 or 503 with Retry-After), never given a 500 or a wrong answer.
  const failure = sdkFailureOf(error);
  if (failure === 'throttled') {
    return problemResponse(429, 'BUSY', 'The service is busy; retry shortly.', context, {}, { 'retry-after': '1' });
  }
  if (failure === 'unavailable') {
    return problemResponse(503, 'SERVICE_UNAVAILABLE', 'A service this needs did not answer in time; retry shortly.', context, {}, { 'retry-after': '2' });
  }
  // middy's JSON body parser throws an http-error with a 4xx status for unreadable bodies.
  const status = (error as { statusCode?: number } | null)?.statusCode;
  if (status === 415 || status === 422) {
    return problemResponse(400, 'MALFORMED_JSON', 'The request body is not valid JSON.', context, {
      errors: [{ field: 'body', message: 'must be valid JSON', zh: '须为有效的 JSON' }],
    });
  }
  return undefined;
}

export function internalError(context: ProblemContext): APIGatewayProxyStructuredResultV2 {
  return problemResponse(500, 'INTERNAL_ERROR', 'An error has occurred.', context);
}
