/**
 * The request path every HTTP function shares: middy with header normalisation, CORS, security
 * headers, JSON body parsing, structured logs with the request id, EMF metrics, zod validation
 * from the manifest's schemas, role checks against the accounts table, Idempotency-Key replays,
 * and problem responses for every error. A handler file supplies only `handle`.
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
import { hasAnyRole } from '../accounts/account';
import type { AccountStore } from '../accounts/account-store';
import { DomainError, NotAllowed, ValidationFailed, type FieldIssue } from '../errors';
import { functions, type FunctionName } from '../manifest';
import { logger, metrics } from '../observability';
import { isMutating, type HttpTrigger } from '../system';
import { checkIdempotencyKey, runIdempotently } from './idempotency';
import { internalError, problemFor } from './problem';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

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
  /** The signed-in caller's account, read from the table on this request (undefined on public routes). */
  caller: Account;
  requestId: string;
  headers: Record<string, string | undefined>;
}

type TriggerOf<N extends FunctionName> = (typeof functions)[N]['trigger'];
type Schema<N extends FunctionName, Part extends string> =
  TriggerOf<N> extends { request: Record<Part, infer S extends ZodType> } ? z.infer<S> : undefined;

export type RequestOf<N extends FunctionName> = HttpRequest<Schema<N, 'body'>, Schema<N, 'query'>, Schema<N, 'params'>>;

export interface HttpDependencies {
  accounts: () => Promise<AccountStore>;
}

/** Builds the Lambda handler for the manifest's route `name`. */
export function httpHandler<N extends FunctionName>(
  name: N,
  handle: (request: RequestOf<N>) => Promise<Reply>,
  dependencies: HttpDependencies = defaultDependencies,
) {
  const trigger = functions[name].trigger as HttpTrigger;
  if (trigger.kind !== 'http') throw new Error(`${name} is not an HTTP function`);
  return httpRoute(trigger, handle as (request: HttpRequest) => Promise<Reply>, dependencies);
}

export function httpRoute(
  trigger: HttpTrigger,
  handle: (request: HttpRequest) => Promise<Reply>,
  dependencies: HttpDependencies = defaultDependencies,
) {
  const routeKey = `${trigger.method} ${trigger.path}`;

  const run = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = event.requestContext.requestId;
    const input = parseRequest(trigger, event);
    const caller = await authorise(trigger, event, dependencies);
    const request: HttpRequest = { ...input, caller, requestId, headers: event.headers ?? {} };

    const work = async () => toResult(await handle(request));
    const key = isMutating(trigger) ? checkIdempotencyKey(event.headers?.['idempotency-key']) : undefined;
    if (key === undefined) return work();
    return (await runIdempotently(
      { caller: caller.userId, route: routeKey, key, body: input.body ?? null },
      context,
      work,
    )) as APIGatewayProxyStructuredResultV2;
  };

  return middy<HttpEvent, APIGatewayProxyStructuredResultV2>()
    .use(httpHeaderNormalizer())
    .use(httpCors({ origins: corsOrigins(), exposeHeaders: 'retry-after,apigw-requestid' }))
    .use(httpSecurityHeaders())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(problemResponses(routeKey))
    .use(jsonBodyWhenPresent())
    .handler(run);
}

/** JSON body parsing, skipped for bodiless requests (a GET with a JSON content type is not an error). */
function jsonBodyWhenPresent(): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> {
  const parser = httpJsonBodyParser({ disableContentTypeError: true });
  return {
    before: (request) => {
      if (request.event.body === undefined || request.event.body === '') return undefined;
      return parser.before!(request as never);
    },
  };
}

// Built on first use, so public routes never touch the accounts table or need its name.
const defaultDependencies: HttpDependencies = {
  accounts: async () => (await import('../stores')).accountStore(),
};

function corsOrigins(): string[] {
  return (process.env.CORS_ALLOWED_ORIGINS ?? '*').split(',').map((o) => o.trim());
}

function parseRequest(trigger: HttpTrigger, event: HttpEvent) {
  const issues: FieldIssue[] = [];
  const part = <S extends ZodType | undefined>(schema: S, value: unknown, prefix: string) => {
    if (!schema) return undefined;
    const parsed = safeParse(schema, value ?? (prefix === 'body' ? undefined : {}));
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      issues.push({ field: [prefix, ...issue.path.map(String)].join('.'), message: issue.message });
    }
    return undefined;
  };
  const body = part(trigger.request?.body, event.body, 'body');
  const query = part(trigger.request?.query, event.queryStringParameters, 'query');
  const params = part(trigger.request?.params, event.pathParameters, 'params');
  if (issues.length > 0) throw new ValidationFailed(issues);
  return { body, query, params };
}

async function authorise(trigger: HttpTrigger, event: HttpEvent, dependencies: HttpDependencies): Promise<Account> {
  if (trigger.access === 'public') return { userId: 'anonymous', grants: [] };
  const subject = event.requestContext.authorizer?.jwt?.claims?.sub;
  if (typeof subject !== 'string' || subject.length === 0) {
    // The authorizer rejects these before us; this guards a misconfigured route.
    throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'Sign in first.');
  }
  const account = await (await dependencies.accounts()).load(subject);
  if (trigger.access !== 'signed-in' && !hasAnyRole(account, trigger.access.roles)) {
    throw new NotAllowed(`This needs one of the roles: ${trigger.access.roles.join(', ')}.`, 'ROLE_REQUIRED');
  }
  return account;
}

function toResult(reply: Reply): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) return { statusCode: reply.status, headers };
  headers['content-type'] ??= 'application/json';
  return { statusCode: reply.status, headers, body: JSON.stringify(reply.body) };
}

/**
 * Tags every log line with the API request id and route, and turns anything thrown into a
 * problem response; unexpected errors are logged and answered 500.
 */
function problemResponses(routeKey: string): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> {
  return {
    before: (request) => {
      logger.appendKeys({ requestId: request.event.requestContext?.requestId, route: routeKey });
    },
    onError: async (request) => {
      const context = { requestId: request.event.requestContext?.requestId ?? 'unknown', path: request.event.rawPath };
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
