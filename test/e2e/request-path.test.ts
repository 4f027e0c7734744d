/**
 * The shared request path over real HTTP against the local runtime: the authorizer's 401s, the
 * problem responses, Idempotency-Key replays and the public endpoints.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/local-idp';
import { functions } from '../../shared/manifest';
import { call, tokenFor } from '../support/api';
import { linesOfRequest, runtimeLog } from '../support/logs';
import { uniquePhone } from '../support/phones';

const newUser = () => `e2e-${randomUUID().slice(0, 8)}`;
/** A sign-up body with a number of its own (one number, one account). */
const newProfile = () => ({ name: 'Wang Xiaoming', phone: uniquePhone(), industry: 'courier', employer: 'Swift Express' });

describe('the authorizer', () => {
  it('answers /health without a token', async () => {
    const response = await call('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', stage: 'local' });
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
  });

  it('refuses a missing token with 401 before the function runs', async () => {
    const response = await call('GET', '/me');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', requestId: response.headers.get('apigw-requestid') });
  });

  it('refuses an expired token', async () => {
    const token = await tokenFor('alice', { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 3600 });
    const response = await call('GET', '/me', { token });
    expect(response.status).toBe(401);
  });

  it('refuses a token signed by another key, even with the right issuer and audience', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ client_id: LOCAL_AUDIENCE })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setSubject('demo-operator')
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await call('GET', '/me', { token: forged })).status).toBe(401);
  });

  it('refuses a tampered token', async () => {
    const token = await tokenFor('alice');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: 'demo-operator' })).toString('base64url');
    expect((await call('GET', '/me', { token: `${header}.${tampered}.${signature}` })).status).toBe(401);
  });

  /** A token signed with the local IdP's own key, with the claims a test chooses. */
  async function signedLocally(claims: Record<string, unknown>, expires: boolean) {
    const stored = JSON.parse(readFileSync(`${inject('runtimeDataDir')}/local-idp-key.json`, 'utf8')) as { kid: string; privateJwk: JWK };
    const jwt = new SignJWT({ client_id: LOCAL_AUDIENCE, token_use: 'access', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: stored.kid, typ: 'JWT' })
      .setSubject('demo-operator')
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt();
    if (expires) jwt.setExpirationTime('1h');
    return jwt.sign(await importJWK(stored.privateJwk, 'RS256'));
  }

  it('accepts a token signed by the local key with every claim the authorizer wants', async () => {
    expect((await call('GET', '/me', { token: await signedLocally({}, true) })).status).toBe(200);
  });

  it('refuses a signed token without an expiry', async () => {
    const response = await call('GET', '/me', { token: await signedLocally({}, false) });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', requestId: response.headers.get('apigw-requestid') });
  });

  it('refuses an ID token: only access tokens reach the API', async () => {
    const idToken = await signedLocally({ token_use: 'id', aud: LOCAL_AUDIENCE, client_id: undefined }, true);
    const response = await call('GET', '/me', { token: idToken });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', requestId: response.headers.get('apigw-requestid') });
    const noUse = await signedLocally({ token_use: undefined }, true);
    expect((await call('GET', '/me', { token: noUse })).status).toBe(401);
  });

  it('lets a valid token through with the subject as the caller', async () => {
    const response = await call('GET', '/me', { user: 'alice' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: 'demo-alice', roles: ['member'] });
    expect(response.body.member.phoneMasked).toBe('138****8001');
  });

  it('takes roles from the table, not the token', async () => {
    const response = await call('GET', '/me', { user: 'gz-admin' });
    expect(response.body.roles).toEqual(['admin']);
    expect(response.body.grants).toEqual([{ role: 'admin', organisationId: 'gz' }]);
  });
});

describe('problem responses', () => {
  it('answers a malformed body with 400, the field named, and the request id', async () => {
    const response = await call('POST', '/members', {
      user: newUser(),
      body: { name: 'W', phone: '12345', industry: 'astronaut' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.requestId).toBe(response.headers.get('apigw-requestid'));
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.industry',
      'body.name',
      'body.phone',
    ]);
  });

  it('answers unparseable JSON with 400 MALFORMED_JSON, not 500', async () => {
    const response = await call('POST', '/members', {
      user: newUser(),
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'MALFORMED_JSON', errors: [{ field: 'body' }] });
  });

  it('answers a missing body with 400 naming the body', async () => {
    const response = await call('POST', '/members', { user: newUser() });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('body');
  });

  it('refuses unknown fields rather than ignoring them', async () => {
    const profile = newProfile();
    const response = await call('POST', '/members', { user: newUser(), body: { ...profile, idNumber: 'x' } });
    expect(response.status).toBe(400);
  });

  it('answers a bad Idempotency-Key with 400 naming the header', async () => {
    const profile = newProfile();
    const response = await call('POST', '/members', { user: newUser(), body: profile, headers: { 'idempotency-key': 'x' } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('headers.idempotency-key');
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND, as the $default route does deployed', async () => {
    const response = await call('GET', '/nowhere');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('sends CORS and security headers on success and on problems alike', async () => {
    const ok = await call('GET', '/health', { headers: { origin: 'https://app.example' } });
    const bad = await call('POST', '/members', { user: newUser(), body: {}, headers: { origin: 'https://app.example' } });
    for (const response of [ok, bad]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toContain('max-age');
    }
  });
});

describe('Idempotency-Key', () => {
  it('returns the first answer to a repeat without doing the work twice', async () => {
    const profile = newProfile();
    const user = newUser();
    const key = `signup-${randomUUID()}`;
    const first = await call('POST', '/members', { user, body: profile, headers: { 'idempotency-key': key } });
    const again = await call('POST', '/members', { user, body: profile, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body); // same registeredAt: the stored reply, not a second sign-up

    // Without the key, the same request reaches the domain, which refuses a second profile.
    const fresh = await call('POST', '/members', { user, body: profile });
    expect(fresh.status).toBe(409);
    expect(fresh.body.code).toBe('ALREADY_REGISTERED');
  });

  it('runs concurrent repeats once: one 201, the rest the same 201 or 409 in progress', async () => {
    const profile = newProfile();
    const user = newUser();
    const key = `burst-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', '/members', { user, body: profile, headers: { 'idempotency-key': key } })),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.registeredAt)).size).toBe(1);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('REQUEST_IN_PROGRESS');
      expect(answer.headers.get('retry-after')).toBe('1');
    }
  });

  it('refuses the same key with a different body', async () => {
    const profile = newProfile();
    const user = newUser();
    const key = `reuse-${randomUUID()}`;
    await call('POST', '/members', { user, body: profile, headers: { 'idempotency-key': key } });
    const other = await call('POST', '/members', {
      user,
      body: { ...profile, name: 'Someone Else' },
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses the same key and body aimed at another target', async () => {
    const union = async () => {
      const created = await call('POST', '/organisations', { user: 'gz-admin', body: { parentId: 'gz-tianhe', name: `Union ${randomUUID().slice(0, 6)}`, kind: 'grassroots' } });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const [mine, other] = [await union(), await union()];
    const key = `rename-${randomUUID()}`;
    const body = { name: 'Renamed Union' };
    const first = await call('PATCH', `/organisations/${mine}`, { user: 'gz-admin', body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: mine, name: 'Renamed Union' });
    const elsewhere = await call('PATCH', `/organisations/${other}`, { user: 'gz-admin', body, headers: { 'idempotency-key': key } });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Nothing was done to the other union, and the first is answered again as it was.
    expect((await call('GET', `/organisations/${other}`, { user: 'gz-admin' })).body.name).not.toBe('Renamed Union');
    const again = await call('PATCH', `/organisations/${mine}`, { user: 'gz-admin', body, headers: { 'idempotency-key': key } });
    expect(again.body).toEqual(first.body);
  });

  it('scopes keys to the caller: two users with one key both get their own answer', async () => {
    const profile = newProfile();
    const key = `shared-${randomUUID()}`;
    const a = await call('POST', '/members', { user: newUser(), body: profile, headers: { 'idempotency-key': key } });
    // The same key, and a number of its own (one number, one account).
    const b = await call('POST', '/members', { user: newUser(), body: { ...profile, phone: uniquePhone() }, headers: { 'idempotency-key': key } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.userId).not.toBe(b.body.userId);
  });
});

describe('privacy in the request path', () => {
  it('never returns or logs the phone number in clear', async () => {
    const profile = newProfile();
    const phone = profile.phone;
    const user = newUser();
    const response = await call('POST', '/members', { user, body: profile });
    expect(response.status).toBe(201);
    expect(JSON.stringify(response.body)).not.toContain(phone);
    expect(response.body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    // A refused repeat is logged ("Request refused", tagged with the API request id): wait for
    // this request's own line, then look for the number anywhere in the log.
    const repeat = await call('POST', '/members', { user, body: profile });
    expect(repeat.status).toBe(409);
    const requestId = repeat.headers.get('apigw-requestid')!;
    const lines = await linesOfRequest(requestId);
    expect(lines.some((line) => line.message === 'Request refused' && line.code === 'ALREADY_REGISTERED')).toBe(true);
    expect(runtimeLog()).not.toContain(phone);
  });
});

describe('GET /openapi.json', () => {
  it('describes every HTTP route of the manifest with its schemas and problems', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    for (const [name, spec] of Object.entries(functions)) {
      if (spec.trigger.kind !== 'http') continue;
      const operation = document.paths[spec.trigger.path][spec.trigger.method.toLowerCase()];
      expect(operation.operationId).toBe(name);
      if (spec.trigger.access !== 'public') expect(operation.responses['401']).toBeDefined();
    }
    const signUp = document.paths['/members'].post;
    expect(signUp.requestBody.content['application/json'].schema.required).toEqual(['name', 'phone', 'industry']);
    expect(signUp.responses['409'].description).toContain('ALREADY_REGISTERED');
    expect(signUp.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
  });
});

describe('problem messages', () => {
  it('follow Accept-Language: Chinese when asked, English otherwise, the same code and fields', async () => {
    const id = randomUUID();
    const chinese = await call('GET', `/applications/${id}`, { user: 'alice', headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    const english = await call('GET', `/applications/${id}`, { user: 'alice', headers: { 'accept-language': 'en-GB' } });
    expect([chinese.status, chinese.body.code, chinese.body.detail]).toEqual([404, 'APPLICATION_NOT_FOUND', '未找到该申请。']);
    expect(chinese.headers.get('content-language')).toBe('zh-CN');
    expect([english.status, english.body.code]).toEqual([404, 'APPLICATION_NOT_FOUND']);
    expect(english.body.detail).toMatch(/not found/i);
    const invalid = await call('POST', '/members', { user: newUser(), body: { name: '' }, headers: { 'accept-language': 'zh' } });
    expect([invalid.status, invalid.body.code, invalid.body.detail]).toEqual([400, 'VALIDATION_FAILED', '请求有误，请按 errors 中列出的字段修改后重试。']);
    expect(invalid.body.errors.map((issue: { field: string }) => issue.field)).toContain('body.phone');
  });
});
