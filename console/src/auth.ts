/**
 * Sign-in with the authorization-code flow and PKCE (S256) against Cognito's hosted UI, or the
 * local gateway's copy of it: the same paths and parameters in both.
 *
 * Tokens live in this module's memory only — never in localStorage, sessionStorage or a cookie a
 * script could read — so an injected script cannot lift them for later. A reload loses them and
 * goes back to /oauth2/authorize, which the identity provider answers at once from its own
 * httpOnly session cookie (on its origin, out of any script's reach) without asking again. The
 * PKCE verifier and state spend the one redirect in sessionStorage and are removed on return.
 */
import { config } from './config';

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

let tokens: Tokens | undefined;
let refreshing: Promise<void> | undefined;
const PENDING = 'console.pkce';

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

const redirectUri = () => `${location.origin}${import.meta.env.BASE_URL}`;

/** Sends the browser to the hosted UI; it comes back to the console with a code. */
export async function signIn(options: { prompt?: boolean } = {}): Promise<never> {
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const returnTo = location.pathname + location.search;
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const { auth } = config();
  const url = new URL(`${auth.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri(),
    scope: auth.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(options.prompt && { prompt: 'login' }),
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => {});
}

async function tokenRequest(body: Record<string, string>): Promise<Tokens> {
  const { auth } = config();
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: auth.clientId, ...body }).toString(),
  });
  const answer = (await response.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!response.ok || !answer.access_token) throw new Error(`${answer.error ?? response.status}: ${answer.error_description ?? ''}`);
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token ?? body.refresh_token, expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000 };
}

/**
 * Completes a sign-in when the URL carries the hosted UI's answer. True when signed in (now or
 * already); false when there is no answer to complete (sign in then).
 */
export async function completeSignIn(): Promise<boolean> {
  if (tokens) return true;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING);
  if (error) throw new Error(`${error}: ${params.get('error_description') ?? ''}`);
  if (!pending || pending.state !== params.get('state')) throw new Error('state does not match: sign in again');
  tokens = await tokenRequest({ grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri(), code_verifier: pending.verifier });
  history.replaceState(null, '', pending.returnTo.startsWith(import.meta.env.BASE_URL) ? pending.returnTo : import.meta.env.BASE_URL);
  return true;
}

/** A valid access token, refreshed a minute before it expires. */
export async function accessToken(): Promise<string | undefined> {
  if (!tokens) return undefined;
  if (tokens.expiresAt - Date.now() < 60_000 && tokens.refreshToken) {
    refreshing ??= tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken })
      .then((fresh) => {
        tokens = fresh;
      })
      .finally(() => {
        refreshing = undefined;
      });
    await refreshing.catch(() => {
      tokens = undefined;
    });
  }
  return tokens?.accessToken;
}

export const signedIn = () => tokens !== undefined;

/** Forgets the tokens and ends the hosted UI's session, coming back to the console's sign-in. */
export function signOut(): void {
  tokens = undefined;
  const { auth } = config();
  const url = new URL(`${auth.domain}/logout`);
  url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUri() }).toString();
  location.assign(url.toString());
}
