/**
 * The local stand-in for Cognito's hosted UI: `/oauth2/authorize` (a sign-in page in Chinese
 * listing the demo users), `/oauth2/token` (authorization code with PKCE S256, and refresh
 * tokens) and `/logout`, with the same paths, parameters and answers as Cognito's, so the console
 * signs in the same way locally and deployed. Exists only locally.
 *
 * Like the hosted UI, a sign-in leaves a session cookie on the identity provider's own origin
 * (httpOnly, SameSite=Lax): a later `/oauth2/authorize` answers at once with a code, so an app
 * that keeps its tokens in memory only gets new ones after a reload without asking again.
 * Codes, refresh tokens and sessions live in memory: a restart signs everyone out.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { demoUsers, subjectOf } from './demo';
import { LOCAL_AUDIENCE, type LocalIdentityProvider } from './local-idp';

const CODE_TTL_MS = 5 * 60_000;
const ACCESS_TTL_SECONDS = 3600;
const REFRESH_TTL_MS = 30 * 24 * 3600_000;
const SESSION_COOKIE = 'local-idp-session';

/** Who each demo user is, for the sign-in page. */
const demoUserLabels: Record<keyof typeof demoUsers, string> = {
  operator: '平台运营（全平台）',
  'gd-admin': '广东省总工会管理员',
  'gz-admin': '广州市总工会管理员',
  'sz-admin': '深圳市总工会管理员',
  alice: '会员 · 珠江地铁工会',
  bob: '会员 · 快递员（新就业形态）',
  carol: '会员 · 等待湾景电子工会审批',
  merchant: '商户 · demo-mart',
};

interface Grant {
  subject: string;
  username: string;
  clientId: string;
}

export interface LocalOAuth {
  /** Answers the request if it is one of the hosted UI's paths; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer | undefined): Promise<boolean>;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const token = () => base64url(randomBytes(32));

/** Redirect URIs the local client may name: a page on this machine (the served console, or Vite's dev server). */
function redirectAllowed(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  } catch {
    return false;
  }
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function localOAuth(idp: LocalIdentityProvider, now: () => Date = () => new Date()): LocalOAuth {
  const codes = new Map<string, Grant & { redirectUri: string; challenge: string; expiresAt: number }>();
  const refreshTokens = new Map<string, Grant & { expiresAt: number }>();
  const sessions = new Map<string, { subject: string; username: string }>();

  function oauthError(res: ServerResponse, status: number, error: string, description: string) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify({ error, error_description: description }));
  }

  function page(res: ServerResponse, status: number, html: string) {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
    });
    res.end(html);
  }

  /** The authorize request's parameters, checked as Cognito checks them; a string is what is wrong. */
  function authorizeRequest(params: URLSearchParams) {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    if (clientId !== LOCAL_AUDIENCE) return `unknown client_id "${clientId}"`;
    if (!redirectAllowed(redirectUri)) return `redirect_uri "${redirectUri}" is not allowed`;
    if (params.get('response_type') !== 'code') return 'response_type must be "code"';
    const challenge = params.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge) || params.get('code_challenge_method') !== 'S256') {
      return 'PKCE is required: code_challenge (S256) and code_challenge_method=S256';
    }
    return { clientId, redirectUri, challenge, state: params.get('state') ?? undefined };
  }

  function redirectWithCode(res: ServerResponse, request: Exclude<ReturnType<typeof authorizeRequest>, string>, who: { subject: string; username: string }, cookie?: string) {
    const code = token();
    codes.set(code, { ...who, clientId: request.clientId, redirectUri: request.redirectUri, challenge: request.challenge, expiresAt: now().getTime() + CODE_TTL_MS });
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    if (request.state !== undefined) target.searchParams.set('state', request.state);
    res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store', ...(cookie && { 'set-cookie': cookie }) });
    res.end();
  }

  function signInPage(res: ServerResponse, params: URLSearchParams, error?: string) {
    const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
    const users = Object.entries(demoUserLabels)
      .map(([user, label]) => `<button type="submit" name="user" value="${user}"><b>${user}</b><span>${label}</span></button>`)
      .join('');
    page(res, error ? 400 : 200, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>登录 · 工会会员服务（本地）</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:48px 16px;padding:32px;border-radius:8px;max-width:420px;width:100%;box-shadow:0 1px 4px #0002}
h1{font-size:20px;margin:0 0 4px}p{color:#666;font-size:14px}form{display:flex;flex-direction:column;gap:8px}
button{display:flex;justify-content:space-between;gap:12px;padding:10px 14px;border:1px solid #d9d9d9;border-radius:6px;background:#fff;cursor:pointer;font-size:14px}
button:hover{border-color:#1677ff;color:#1677ff}span{color:#888}.other{display:flex;gap:8px;margin-top:12px}
input[type=text]{flex:1;padding:8px;border:1px solid #d9d9d9;border-radius:6px}.error{color:#cf1322}</style></head>
<body><main><h1>登录</h1><p>本地身份提供方（代替 Cognito 托管登录页）。请选择一个演示用户：</p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/oauth2/authorize">${hidden}${users}</form>
<form method="post" action="/oauth2/authorize" class="other">${hidden}<input type="text" name="user" placeholder="其他用户名（新用户）" aria-label="其他用户名" pattern="[A-Za-z0-9_-]{1,40}" required><button type="submit">登录</button></form>
</main></body></html>`);
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer | undefined) {
    const params = req.method === 'POST' ? new URLSearchParams(body?.toString('utf8') ?? '') : url.searchParams;
    const user = params.get('user');
    params.delete('user');
    const request = authorizeRequest(params);
    // As Cognito: a bad client or redirect is shown, never redirected to.
    if (typeof request === 'string') return page(res, 400, `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>登录请求无效</title><p>登录请求无效：${escapeHtml(request)}</p></html>`);
    if (req.method === 'POST') {
      if (!user || !/^[A-Za-z0-9_-]{1,40}$/.test(user)) return signInPage(res, params, '用户名只能包含字母、数字、下划线和连字符。');
      const session = token();
      const who = { subject: subjectOf(user), username: user };
      sessions.set(session, who);
      return redirectWithCode(res, request, who, `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax`);
    }
    const session = sessions.get(cookieOf(req, SESSION_COOKIE) ?? '');
    if (session && params.get('prompt') !== 'login') return redirectWithCode(res, request, session);
    return signInPage(res, params);
  }

  async function issue(res: ServerResponse, grant: Grant, refreshToken?: string) {
    const accessToken = await idp.issue(grant.subject, { username: grant.username, ttlSeconds: ACCESS_TTL_SECONDS, now: now() });
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TTL_SECONDS, ...(refreshToken && { refresh_token: refreshToken }) }));
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) {
    if (req.method !== 'POST') return oauthError(res, 405, 'invalid_request', 'POST only');
    if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      return oauthError(res, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    }
    const params = new URLSearchParams(body?.toString('utf8') ?? '');
    const clientId = params.get('client_id') ?? '';
    if (clientId !== LOCAL_AUDIENCE) return oauthError(res, 400, 'invalid_client', 'unknown client_id');
    const at = now().getTime();
    switch (params.get('grant_type')) {
      case 'authorization_code': {
        const code = params.get('code') ?? '';
        const granted = codes.get(code);
        codes.delete(code); // a code is good once, as at Cognito
        if (!granted || granted.expiresAt < at || granted.clientId !== clientId) return oauthError(res, 400, 'invalid_grant', 'unknown, used or expired code');
        if (granted.redirectUri !== params.get('redirect_uri')) return oauthError(res, 400, 'invalid_grant', 'redirect_uri differs from the authorize request');
        const verifier = params.get('code_verifier') ?? '';
        if (base64url(createHash('sha256').update(verifier).digest()) !== granted.challenge) {
          return oauthError(res, 400, 'invalid_grant', 'code_verifier does not match code_challenge');
        }
        const refreshToken = token();
        refreshTokens.set(refreshToken, { subject: granted.subject, username: granted.username, clientId, expiresAt: at + REFRESH_TTL_MS });
        return issue(res, granted, refreshToken);
      }
      case 'refresh_token': {
        const held = refreshTokens.get(params.get('refresh_token') ?? '');
        if (!held || held.expiresAt < at || held.clientId !== clientId) return oauthError(res, 400, 'invalid_grant', 'unknown or expired refresh token');
        return issue(res, held);
      }
      default:
        return oauthError(res, 400, 'unsupported_grant_type', 'authorization_code or refresh_token');
    }
  }

  function logout(req: IncomingMessage, res: ServerResponse, url: URL) {
    const session = cookieOf(req, SESSION_COOKIE);
    if (session) sessions.delete(session);
    const target = url.searchParams.get('logout_uri') ?? '';
    if (url.searchParams.get('client_id') !== LOCAL_AUDIENCE || !redirectAllowed(target)) {
      return page(res, 400, '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><p>退出请求无效。</p></html>');
    }
    res.writeHead(302, { location: target, 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`, 'cache-control': 'no-store' });
    res.end();
  }

  return {
    async handle(req, res, url, body) {
      if (url.pathname === '/oauth2/authorize') await authorize(req, res, url, body);
      else if (url.pathname === '/oauth2/token') {
        if (req.method === 'OPTIONS') {
          res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' }).end();
        } else await tokenEndpoint(req, res, body);
      } else if (url.pathname === '/logout') logout(req, res, url);
      else return false;
      return true;
    },
  };
}
