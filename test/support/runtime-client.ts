/**
 * JSON over HTTP to a runtime a test started itself (the runtime tier), signed in with tokens
 * from that runtime's identity provider. The e2e tier's one runtime has `call` (./api.ts).
 */
import { subjectOf } from '../../local/demo';
import type { Runtime } from '../../local/runtime';

export async function callRuntime(runtime: Pick<Runtime, 'url' | 'idp'>, method: string, route: string, user: string, body?: unknown) {
  const token = await runtime.idp.issue(subjectOf(user), { username: user });
  const response = await fetch(`${runtime.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined, retryAfter: response.headers.get('retry-after') };
}
