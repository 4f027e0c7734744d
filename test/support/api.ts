/** A small HTTP client for the end-to-end tests: tokens from the runtime's local IdP, JSON in and out. */
import { inject } from 'vitest';
import { subjectOf } from '../../local/demo';
import { LocalIdentityProvider } from '../../local/local-idp';
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
  return { status: response.status, headers: response.headers, body: parsed as T };
}
