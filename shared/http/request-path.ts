/**
 * The request path every HTTP function shares: middy with header normalisation, CORS, security
 * headers, JSON body parsing, structured logs with the request id, EMF metrics, validation of
 * body, query and path from the route's schemas, and problem responses for every error. It holds
 * no store and no SDK client: `http-handler.ts` adds the caller's account and stored replays
 * for the routes that need them, so a public route carries neither.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { safeParse, type $ZodType as ZodType } from 'zod/v4/core';
import type { Account } from '../accounts/account';
import { ValidationFailed, type FieldIssue } from '../errors';
import { logger, metrics } from '../observability';
import { languageOf } from './language';
import { schemaErrorMap, schemaMessage } from './schema-messages';
import type { HttpTrigger } from '../system';
import { internalError, problemFor } from './problem';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });

export interface HttpRequest<Body = unknown, Query = unknown, Params = unknown> {
  body: Body;
  query: Query;
  params: Params;
  /** The signed-in caller's account, read from the table on this request (anonymous on public routes). */
  caller: Account;
  requestId: string;
  headers: Record<string, string | undefined>;
}

/** A route's definition, as its capability's functions module declares it. */
export interface HttpDefinition {
  trigger: HttpTrigger;
}

type Schema<D extends HttpDefinition, Part extends string> =
  D['trigger'] extends { request: Record<Part, infer S extends ZodType> } ? z.infer<S> : undefined;

/** The validated request a route's handler receives, typed from its definition's schemas. */
export type RequestOf<D extends HttpDefinition> = HttpRequest<Schema<D, 'body'>, Schema<D, 'query'>, Schema<D, 'params'>>;

export type ParsedInput = Pick<HttpRequest, 'body' | 'query' | 'params'>;

/** Wraps `run` in the shared middleware chain for the route `routeKey` (`GET /me`, or `$default`). */
export function requestPath(routeKey: string, run: (event: HttpEvent, context: Context) => Promise<HttpResult>) {
  return middy<HttpEvent, HttpResult>()
    .use(httpHeaderNormalizer())
    .use(httpCors({ origins: corsOrigins, exposeHeaders: 'retry-after,apigw-requestid,etag' }))
    .use(httpSecurityHeaders())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(problemResponses(routeKey))
    .use(jsonBodyWhenPresent())
    .handler(run);
}

const corsOrigins = (process.env.CORS_ALLOWED_ORIGINS ?? '*').split(',').map((o) => o.trim());

/** JSON body parsing, skipped for bodiless requests (a GET with a JSON content type is not an error). */
function jsonBodyWhenPresent(): middy.MiddlewareObj<HttpEvent, HttpResult> {
  const parser = httpJsonBodyParser({ disableContentTypeError: true });
  return {
    before: (request) => {
      if (request.event.body === undefined || request.event.body === '') return undefined;
      return parser.before!(request as never);
    },
  };
}

/** Validates body, query and path parameters against the route's schemas; every field at fault at once. */
export function parseRequest(trigger: HttpTrigger, event: HttpEvent): ParsedInput {
  const issues: FieldIssue[] = [];
  // Each field's message in the caller's language, as the problem's other texts are.
  const language = languageOf(event.headers?.['accept-language']);
  const error = schemaErrorMap(language);
  const part = (schema: ZodType | undefined, value: unknown, prefix: string) => {
    if (!schema) return undefined;
    const parsed = safeParse(schema, value ?? (prefix === 'body' ? undefined : {}), error && { error });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      issues.push({ field: [prefix, ...issue.path.map(String)].join('.'), message: schemaMessage(issue.message, language) });
    }
    return undefined;
  };
  const body = part(trigger.request?.body, event.body, 'body');
  const query = part(trigger.request?.query, event.queryStringParameters, 'query');
  const params = part(trigger.request?.params, event.pathParameters, 'params');
  if (issues.length > 0) throw new ValidationFailed(issues);
  return { body, query, params };
}

export function toResult(reply: Reply): HttpResult {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) return { statusCode: reply.status, headers };
  headers['content-type'] ??= 'application/json';
  return { statusCode: reply.status, headers, body: JSON.stringify(reply.body) };
}

/**
 * Tags every log line with the API request id and route, and turns anything thrown into a
 * problem response; unexpected errors are logged and answered 500.
 */
function problemResponses(routeKey: string): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      logger.appendKeys({ requestId: request.event.requestContext?.requestId, route: routeKey });
    },
    onError: async (request) => {
      const context = {
        requestId: request.event.requestContext?.requestId ?? 'unknown',
        path: request.event.rawPath,
        language: languageOf(request.event.headers?.['accept-language']),
      };
      const mapped = problemFor(request.error, context);
      if (mapped) {
        const status = mapped.statusCode ?? 500;
        if (status >= 500) logger.error('Request failed', { error: request.error as Error });
        else logger.info('Request refused', { status, code: (request.error as { code?: string }).code });
        request.response = mapped;
        return;
      }
      logger.error('Unexpected error', { error: request.error as Error });
      request.response = internalError(context);
    },
  };
}
