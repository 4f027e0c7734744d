/**
 * The answers no route's function gives: an unknown route, a method the path does not take, a
 * missing or bad token, a body too large. Problem documents like every other answer (built with
 * ./problem.ts), in the caller's language like every other problem (Accept-Language).
 * The local gateway and the `$default` route's function both answer with these.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { languageOf } from './language';
import { inChinese } from '../errors';
import { problemResponse, type ProblemContext } from './problem';

inChinese({
  ROUTE_NOT_FOUND: '本接口没有这个路径；路径清单见 GET /openapi.json。',
  METHOD_NOT_ALLOWED: '这个路径不接受此请求方法；可用的方法见 Allow 响应头。',
  MALFORMED_REQUEST: '请求无法读取：请求头含有控制字符或格式错误。',
  HEADERS_TOO_LARGE: '请求行与请求头过大。',
});

export const gatewayProblemCodes = {
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHENTICATED: 401,
  PAYLOAD_TOO_LARGE: 413,
  // HTTP itself refuses these before any route: a header with a control character, headers over the size limit.
  MALFORMED_REQUEST: 400,
  HEADERS_TOO_LARGE: 431,
} as const;

export type GatewayProblemCode = keyof typeof gatewayProblemCodes;

/** English messages; a caller who prefers Chinese reads the code's message above. */
const messages: Record<GatewayProblemCode, (detail: { method?: string; allow?: string[] }) => string> = {
  ROUTE_NOT_FOUND: () => 'This API has no such route; GET /openapi.json lists them.',
  METHOD_NOT_ALLOWED: ({ method, allow }) => `This route does not take ${method}; it takes ${allow?.join(', ')}.`,
  UNAUTHENTICATED: () => 'Sign in first: send a valid bearer token in the Authorization header.',
  PAYLOAD_TOO_LARGE: () => 'The request body is larger than 10 MB.',
  MALFORMED_REQUEST: () => 'The request cannot be read as HTTP: a header holds a control character or is malformed.',
  HEADERS_TOO_LARGE: () => 'The request line and headers are too large.',
};

export function gatewayProblem(
  code: GatewayProblemCode,
  context: ProblemContext & { acceptLanguage?: string },
  detail: { method?: string; allow?: string[] } = {},
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return problemResponse(
    gatewayProblemCodes[code],
    code,
    messages[code](detail),
    { requestId: context.requestId, path: context.path, language: languageOf(context.acceptLanguage) },
    {},
    { ...(detail.allow && { allow: detail.allow.join(', ') }), ...headers },
  );
}

/** A route as the fallback needs it: method and API Gateway path (`/organisations/{id}`). */
export interface RouteKey {
  method: string;
  path: string;
}

const patternOf = (path: string) =>
  new RegExp(`^${path.split('/').map((segment) => (/^\{\w+\+\}$/.test(segment) ? '.+' : /^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);

/**
 * The answer for a request no route took: 405 with `Allow` when routes exist for the path with
 * other methods, else 404.
 */
export function unroutedAnswer(
  routes: RouteKey[],
  request: { method: string; path: string; requestId: string; acceptLanguage?: string },
): APIGatewayProxyStructuredResultV2 {
  const allow = [...new Set(routes.filter((route) => patternOf(route.path).test(request.path)).map((route) => route.method))].sort();
  const context = { requestId: request.requestId, path: request.path, acceptLanguage: request.acceptLanguage };
  if (allow.length > 0 && !allow.includes(request.method)) return gatewayProblem('METHOD_NOT_ALLOWED', context, { method: request.method, allow });
  return gatewayProblem('ROUTE_NOT_FOUND', context);
}
