/**
 * The local hosted UI the console signs in with (local/oauth.ts), over HTTP as Cognito's is used:
 * a code only for the PKCE verifier that made its challenge, once; refresh tokens; the session
 * cookie that answers a later authorize at once; and the console's files and config.json served
 * beside the API with their security headers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import '../support/provided';

const clientId = 'union-benefits-local-app';
const base = () => inject('apiUrl');
const redirectUri = () => `${base()}/console/`;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeQuery(challenge: string, state = 'state-1') {
  return new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri(), scope: 'openid profile', state, code_challenge: challenge, code_challenge_method: 'S256' });
}

async function signIn(user: string, challenge: string) {
  const response = await fetch(`${base()}/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `${authorizeQuery(challenge)}&user=${user}`,
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  return { code: location.searchParams.get('code')!, state: location.searchParams.get('state'), cookie: response.headers.get('set-cookie')!.split(';')[0]! };
}

const token = (body: Record<string, string>) =>
  fetch(`${base()}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: clientId, ...body }).toString() });

describe('the local hosted UI', () => {
  it('shows a sign-in page in Chinese listing the demo users, and refuses an authorize without PKCE', async () => {
    const page = await fetch(`${base()}/oauth2/authorize?${authorizeQuery(pkce().challenge)}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('广州市总工会管理员');
    expect(html).toContain('value="gz-admin"');
    const query = authorizeQuery('x');
    query.delete('code_challenge');
    expect((await fetch(`${base()}/oauth2/authorize?${query}`)).status).toBe(400);
  });

  it('gives tokens for the code only with the verifier, once; refreshes; remembers the session', async () => {
    const { verifier, challenge } = pkce();
    const { code, state, cookie } = await signIn('gz-admin', challenge);
    expect(state).toBe('state-1');
    expect(cookie).toMatch(/^local-idp-session=/);

    const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');
    // The code was spent by the failed attempt too, as at Cognito: sign in again.
    const again = await signIn('gz-admin', challenge);
    const ok = await token({ grant_type: 'authorization_code', code: again.code, redirect_uri: redirectUri(), code_verifier: verifier });
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as { access_token: string; refresh_token: string };
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const me = await fetch(`${base()}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(((await me.json()) as { grants: unknown }).grants).toEqual([expect.objectContaining({ role: 'admin', organisationId: 'gz' })]);
    const reused = await token({ grant_type: 'authorization_code', code: again.code, redirect_uri: redirectUri(), code_verifier: verifier });
    expect(reused.status).toBe(400);

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as { access_token: string }).access_token).toEqual(expect.any(String));

    // With the session cookie, a later authorize answers at once with a code (no page).
    const silent = await fetch(`${base()}/oauth2/authorize?${authorizeQuery(challenge, 'state-2')}`, { headers: { cookie: again.cookie }, redirect: 'manual' });
    expect(silent.status).toBe(302);
    expect(new URL(silent.headers.get('location')!).searchParams.get('state')).toBe('state-2');
    // After logout it asks again.
    const out = await fetch(`${base()}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(redirectUri())}`, { headers: { cookie: again.cookie }, redirect: 'manual' });
    expect(out.status).toBe(302);
    expect((await fetch(`${base()}/oauth2/authorize?${authorizeQuery(challenge)}`, { headers: { cookie: again.cookie }, redirect: 'manual' })).status).toBe(200);
  });

  it('serves the console and its config.json with security headers', async () => {
    const config = await fetch(`${base()}/console/config.json`);
    expect(await config.json()).toMatchObject({ apiUrl: base(), auth: { domain: base(), clientId } });
    const app = await fetch(`${base()}/console/claims`);
    expect(app.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(app.headers.get('x-frame-options')).toBe('DENY');
  });
});
