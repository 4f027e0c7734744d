/**
 * The local API Gateway: an HTTP server that matches the manifest's routes, checks bearer tokens
 * as the deployed JWT authorizer does (401 before the function runs), builds the same payload 2.0
 * event (claims where the authorizer puts them) and turns the function's result into the HTTP
 * response API Gateway would send.
 *
 * What no route takes goes to the manifest's `$default` function (kind 'fallback'), as deployed:
 * 404 ROUTE_NOT_FOUND, or 405 METHOD_NOT_ALLOWED with Allow. The gateway's own refusals are the
 * project's problem documents too (shared/http/gateway-problems.ts): 401 UNAUTHENTICATED with
 * WWW-Authenticate, 413 PAYLOAD_TOO_LARGE (deployed, API Gateway's JWT authorizer and payload limit
 * answer those two with its bare {"message": …}: README, "Answers the gateway gives"), and what HTTP
 * itself cannot read (400 MALFORMED_REQUEST, 431 HEADERS_TOO_LARGE) where Node's parser would answer
 * a bare 400. A path parameter whose percent escapes decode to no text is 400 VALIDATION_FAILED.
 *
 * When no function answers, the gateway answers with the project's problem documents (deployed,
 * API Gateway would send a bare {"message": "Internal server error"}; see docs/capacity.md):
 * a throttled function (at its concurrency limit) is 429 THROTTLED with Retry-After, a timed-out
 * one 503 TIMED_OUT with Retry-After, a crashed one 500 INTERNAL_ERROR — never a hanging request.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gatewayProblem, unroutedAnswer } from '../shared/http/gateway-problems';
import { languageOf, type Language } from '../shared/http/language';
import { ValidationFailed } from '../shared/errors';
import { internalError, problemFor, problemResponse, reasonPhrase } from '../shared/http/problem';
import type { HttpTrigger, System } from '../shared/system';
import { FunctionError, isThrottle } from './function-host';
import { authorizerClaims, type LocalIdentityProvider } from './local-idp';
import { ensurePortFree } from './processes';

export interface Route {
  functionName: string;
  trigger: HttpTrigger;
  routeKey: string;
  pattern: RegExp;
  paramNames: string[];
}

export function routesOf(system: System): Route[] {
  const routes: Route[] = [];
  for (const [functionName, spec] of Object.entries(system.functions)) {
    if (spec.trigger.kind !== 'http') continue;
    const paramNames: string[] = [];
    const source = spec.trigger.path
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)(\+?)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        paramNames.push(param[1]!);
        return param[2] ? '(.+)' : '([^/]+)';
      })
      .join('/');
    routes.push({
      functionName,
      trigger: spec.trigger,
      routeKey: `${spec.trigger.method} ${spec.trigger.path}`,
      pattern: new RegExp(`^${source}$`),
      paramNames,
    });
  }
  // Literal segments win over parameters, as in API Gateway.
  return routes.sort((a, b) => a.paramNames.length - b.paramNames.length);
}

export interface GatewayOptions {
  system: System;
  port: number;
  idp: LocalIdentityProvider;
  invoke(functionName: string, event: APIGatewayProxyEventV2): Promise<unknown>;
  corsOrigins: string[];
  log?: (line: string) => void;
  /**
   * What the gateway's port serves besides the API (the local hosted UI, the console's files):
   * answers and returns true, or leaves the request to the routes.
   */
  serveOther?: (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer | undefined) => Promise<boolean> | boolean;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|problem\+json|xml|x-www-form-urlencoded|javascript))/i;

export async function startGateway(options: GatewayOptions): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  if (options.port !== 0) await ensurePortFree(options.port, 'the local API', 'PORT');
  const routes = routesOf(options.system);
  const routeKeys = routes.map((r) => ({ method: r.trigger.method, path: r.trigger.path }));
  const fallback = Object.entries(options.system.functions).find(([, spec]) => spec.trigger.kind === 'fallback')?.[0];
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log?.(`gateway error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) {
        const requestId = String(res.getHeader('apigw-requestid') ?? apiGatewayRequestId());
        writeResult(res, internalError({ requestId, path: req.url?.split('?')[0] }));
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  // A request Node's parser refuses (a control character in a header, headers over its limit)
  // never reaches `handle`: answer it with a problem document too, instead of Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || !error.code?.startsWith('HPE_')) return socket.destroy();
    const requestId = apiGatewayRequestId();
    const result = gatewayProblem(error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST', { requestId });
    const body = Buffer.from(result.body ?? '');
    const headers = Object.entries({ ...result.headers, 'apigw-requestid': requestId, 'content-length': body.length, connection: 'close' }).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${result.statusCode} ${titleOf(result)}\r\n${headers.join('')}\r\n`, 'latin1'), body]));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = apiGatewayRequestId();
    res.setHeader('apigw-requestid', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    if (origin && (options.corsOrigins.includes('*') || options.corsOrigins.includes(origin))) {
      res.setHeader('access-control-allow-origin', options.corsOrigins.includes('*') ? '*' : origin);
      res.setHeader('access-control-expose-headers', 'retry-after,apigw-requestid,etag');
    }
    if (method === 'OPTIONS' && origin) {
      // API Gateway answers CORS preflight itself (corsPreflight in the stack).
      res.setHeader('access-control-allow-methods', '*');
      res.setHeader('access-control-allow-headers', 'authorization,content-type,idempotency-key,if-none-match');
      res.writeHead(204).end();
      return;
    }
    const context = { requestId, path: url.pathname, acceptLanguage: header(req, 'accept-language') };
    // API Gateway refuses an oversized body before it routes.
    const body = await readBody(req);
    if (body === 'too-large') return writeResult(res, gatewayProblem('PAYLOAD_TOO_LARGE', context));
    if (options.serveOther && (await options.serveOther(req, res, url, body))) return;

    const route = routes.find((r) => r.trigger.method === method && r.pattern.test(url.pathname));
    if (!route) {
      // The $default route: its function answers, as deployed; without one, the same answer here.
      if (!fallback) return writeResult(res, unroutedAnswer(routeKeys, { method, path: url.pathname, requestId, acceptLanguage: context.acceptLanguage }));
      return invokeAndWrite(res, fallback, toEvent(req, url, method, '$default', {}, body, requestId, undefined), url.pathname);
    }

    let claims: Record<string, string> | undefined;
    if (route.trigger.access !== 'public') {
      const verdict = await options.idp.verify(header(req, 'authorization'));
      if ('refused' in verdict) {
        return writeResult(
          res,
          gatewayProblem('UNAUTHENTICATED', context, {}, { 'www-authenticate': `Bearer error="invalid_token" error_description="${verdict.refused}"` }),
        );
      }
      claims = authorizerClaims(verdict.claims);
    }

    const match = route.pattern.exec(url.pathname)!;
    const pathParameters: Record<string, string> = {};
    for (const [i, name] of route.paramNames.entries()) {
      const decoded = decodedSegment(match[i + 1]!);
      // '%zz', a cut-off escape or bytes that are no UTF-8 (an encoded lone surrogate) name nothing.
      if (decoded === undefined) return writeResult(res, malformedParameter(name, context));
      pathParameters[name] = decoded;
    }
    return invokeAndWrite(res, route.functionName, toEvent(req, url, method, route.routeKey, pathParameters, body, requestId, claims), url.pathname);
  }

  async function invokeAndWrite(res: ServerResponse, functionName: string, event: APIGatewayProxyEventV2, path: string) {
    let result: unknown;
    try {
      result = await options.invoke(functionName, event);
    } catch (error) {
      options.log?.(`${functionName} failed: ${(error as Error).message}`);
      return writeResult(res, failureResponse(error, event.requestContext.requestId, path, languageOf(event.headers?.['accept-language'])));
    }
    writeResult(res, result);
  }

  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function malformedParameter(name: string, context: { requestId: string; path: string; acceptLanguage?: string }): APIGatewayProxyStructuredResultV2 {
  const refusal = new ValidationFailed([{ field: `params.${name}`, message: 'must be percent-encoded UTF-8', zh: '须为百分号编码的 UTF-8' }]);
  return problemFor(refusal, { requestId: context.requestId, path: context.path, language: languageOf(context.acceptLanguage) })!;
}

/** The reason phrase of a problem response's status line. */
const titleOf = (result: APIGatewayProxyStructuredResultV2) => reasonPhrase(result.statusCode ?? 400);

function apiGatewayRequestId(): string {
  // API Gateway's ids look like "Jx3hNg5WiYcEJGw=": 10 random bytes in base64.
  return randomBytes(10).toString('base64');
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  routeKey: string,
  pathParameters: Record<string, string>,
  body: Buffer | undefined,
  requestId: string,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies: req.headers.cookie?.split(';').map((c) => c.trim()),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
    },
    body: body === undefined ? undefined : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body !== undefined && !isText,
  };
  return event;
}

/** The answer when the function did not give one: throttled, timed out, or crashed. */
function failureResponse(error: unknown, requestId: string, path: string, language: Language): APIGatewayProxyStructuredResultV2 {
  const context = { requestId, path, language };
  if (isThrottle(error)) {
    const retryAfter = Math.max(1, error.retryAfterSeconds ?? 1);
    return problemResponse(
      429,
      'THROTTLED',
      `Too many requests are being served right now; retry after ${retryAfter} s.`,
      context,
      {},
      { 'retry-after': String(retryAfter) },
    );
  }
  if (error instanceof FunctionError && error.errorType === 'Sandbox.Timedout') {
    const retryAfter = Math.max(1, error.retryAfterSeconds ?? 1);
    return problemResponse(
      503,
      'TIMED_OUT',
      `The request took too long to answer; retry after ${retryAfter} s.`,
      context,
      {},
      { 'retry-after': String(retryAfter) },
    );
  }
  return internalError(context);
}

/** API Gateway's payload 2.0 response rules: a structured result, or anything else as JSON 200. */
function writeResult(res: ServerResponse, result: unknown) {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : undefined;
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body === undefined ? undefined : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(structured.statusCode ?? 200, headers).end(body);
}
