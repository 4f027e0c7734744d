/**
 * A small HTTP client for the end-to-end tests: tokens from the runtime's local IdP, JSON in and
 * out. Every answer is held to the route's declaration as it arrives: a success must be a status
 * the route declares, with a body that fits its response schema *strictly* (no key the schema
 * does not declare), and a problem must carry a code the route declares with that status — so
 * the OpenAPI document and the answers agree for every route the tests call.
 */
import { inject } from 'vitest';
import { safeParse } from 'zod/v4/core';
import { subjectOf } from '../../local/demo';
import { LocalIdentityProvider } from '../../local/local-idp';
import { gatewayProblemCodes } from '../../shared/http/gateway-problems';
import { commonProblemCodes, mutatingProblemCodes } from '../../shared/http/problem';
import { functions } from '../../shared/manifest';
import { isMutating, type HttpTrigger, type System } from '../../shared/system';
import './provided';

let idp: Promise<LocalIdentityProvider> | undefined;

export async function tokenFor(user: string, options: { ttlSeconds?: number; now?: Date } = {}) {
  idp ??= LocalIdentityProvider.open(inject('runtimeDataDir'));
  return (await idp).issue(subjectOf(user), { username: user, ...options });
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(
  method: string,
  path: string,
  options: { user?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token ?? (options.user ? await tokenFor(options.user) : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${inject('apiUrl')}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const answer = { status: response.status, headers: response.headers, body: parsed as T };
  checkAgainstDeclaration(method, path, answer);
  return answer;
}

/** The HTTP routes of the manifest, literal paths before templated ones. */
const routes = Object.entries(functions as System['functions'])
  .flatMap(([name, { trigger }]) => (trigger.kind === 'http' ? [{ name, trigger }] : []))
  .map((route) => ({
    ...route,
    pattern: new RegExp(`^${route.trigger.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    params: (route.trigger.path.match(/\{/g) ?? []).length,
  }))
  .sort((a, b) => a.params - b.params);

/** The route of the manifest a call reaches, if any (the gateway answers the rest with 404). */
export function routeOf(method: string, path: string): { name: string; trigger: HttpTrigger } | undefined {
  const bare = path.split('?')[0]!;
  return routes.find((route) => route.trigger.method === method && route.pattern.test(bare));
}

/** Paths of keys in `original` that are not in `parsed`: what a strict schema would refuse. */
export function undeclaredKeys(original: unknown, parsed: unknown, at = 'body'): string[] {
  if (Array.isArray(original)) return original.flatMap((value, i) => undeclaredKeys(value, (parsed as unknown[] | undefined)?.[i], `${at}[${i}]`));
  if (original === null || typeof original !== 'object') return [];
  const kept = (parsed ?? {}) as Record<string, unknown>;
  return Object.entries(original).flatMap(([key, value]) =>
    key in kept ? undeclaredKeys(value, kept[key], `${at}.${key}`) : [`${at}.${key}`],
  );
}

/** Problem codes a route may answer with, as the OpenAPI document lists them. */
export function declaredProblems(trigger: HttpTrigger): Record<string, number> {
  const codes: Record<string, number> = { ...commonProblemCodes };
  if (isMutating(trigger)) Object.assign(codes, mutatingProblemCodes);
  return Object.assign(codes, trigger.errors);
}

function checkAgainstDeclaration(method: string, path: string, answer: ApiResponse): void {
  const route = routeOf(method, path);
  const type = answer.headers.get('content-type') ?? '';
  if (!route) {
    // What no route takes is the gateway's $default answer: 404 or 405 (or a refusal before routing).
    if (method === 'OPTIONS' && answer.status === 204) return;
    if (!type.startsWith('application/problem+json')) throw new Error(`${method} ${path} (no route) answered ${answer.status} without a problem document`);
    const problem = answer.body as { code?: string; status?: number; requestId?: string };
    if (!problem.code || gatewayProblemCodes[problem.code as keyof typeof gatewayProblemCodes] !== answer.status || problem.status !== answer.status || !problem.requestId) {
      throw new Error(`${method} ${path} (no route) answered ${answer.status} with problem ${JSON.stringify(problem)}, not a gateway problem`);
    }
    return;
  }
  const where = `${method} ${path} (${route.name}) answered ${answer.status}`;
  if (answer.status >= 200 && answer.status < 300) {
    const declared = route.trigger.responses[answer.status];
    if (!declared) throw new Error(`${where}, a status its route does not declare`);
    if (!declared.schema) return;
    const result = safeParse(declared.schema, answer.body);
    if (!result.success) throw new Error(`${where} off its schema: ${JSON.stringify(result.error.issues)}`);
    const extra = undeclaredKeys(answer.body, result.data);
    if (extra.length > 0) throw new Error(`${where} with keys its schema does not declare: ${extra.join(', ')}`);
    return;
  }
  // A 304 (a conditional GET's "not modified") must be declared, and has no body.
  if (answer.status === 304) {
    if (!route.trigger.responses[304]) throw new Error(`${where}, a status its route does not declare`);
    if (answer.body !== undefined) throw new Error(`${where} with a body`);
    return;
  }
  // Every answer of the local gateway and the functions is a problem document; a bare 5xx body
  // would be API Gateway's own, which the local runtime does not send.
  if (!type.startsWith('application/problem+json')) return;
  const problem = answer.body as { code?: string; status?: number; type?: string; title?: string; detail?: string; requestId?: string };
  if (problem.status !== answer.status || !problem.type || !problem.title || !problem.detail || !problem.requestId) {
    throw new Error(`${where} with a malformed problem: ${JSON.stringify(problem)}`);
  }
  const declared = declaredProblems(route.trigger)[problem.code ?? ''];
  if (declared !== answer.status) throw new Error(`${where} with problem ${problem.code}, which its route does not declare with that status`);
}
