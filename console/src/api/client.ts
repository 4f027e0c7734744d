/**
 * The API, called through openapi-fetch with the types generated from the OpenAPI document
 * (schema.d.ts): a route that changes its path, parameters or shapes breaks `tsc`, not the page.
 * Every request carries the access token and the console's language (problems come back in it);
 * every mutating one an Idempotency-Key, so a retried click does the work once.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { accessToken } from '../auth';
import { config } from '../config';
import { currentLanguage } from '../i18n';
import type { components, paths } from './schema';

export type Problem = components['schemas']['Problem'];

/** A problem document the API answered, thrown so that pages can show its detail and fields. */
export class ApiProblem extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  get code() {
    return this.problem.code;
  }
}

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    request.headers.set('accept-language', currentLanguage() === 'zh' ? 'zh-CN' : 'en');
    if (request.method !== 'GET' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', crypto.randomUUID());
    return request;
  },
};

let client: ReturnType<typeof createClient<paths>> | undefined;

export function api() {
  if (!client) {
    client = createClient<paths>({ baseUrl: config().apiUrl });
    client.use(auth);
  }
  return client;
}

/** The body of a successful answer, or the problem thrown (an answer without one made into one). */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = (error && typeof error === 'object' && 'code' in error ? error : {
    type: 'about:blank',
    title: response.statusText || String(response.status),
    status: response.status,
    code: response.status === 401 ? 'UNAUTHENTICATED' : 'HTTP_' + response.status,
    detail: typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : response.statusText,
    requestId: response.headers.get('apigw-requestid') ?? '',
  }) as Problem;
  throw new ApiProblem(response.status, problem);
}

/**
 * A route the API does not declare yet (the dashboard, admin payout batches): fetched without the
 * generated types, so the page can light up once the route exists. 404 → undefined.
 */
export async function fetchOptional<T>(path: string): Promise<T | undefined> {
  const token = await accessToken();
  const response = await fetch(`${config().apiUrl}${path}`, {
    headers: { ...(token && { authorization: `Bearer ${token}` }), 'accept-language': currentLanguage() === 'zh' ? 'zh-CN' : 'en' },
  });
  if (response.status === 404) return undefined;
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiProblem(response.status, body as Problem);
  return body as T;
}
