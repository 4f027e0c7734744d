/**
 * Every answer is the API's own: what no route takes reaches the `$default` route's function
 * (404 ROUTE_NOT_FOUND, 405 METHOD_NOT_ALLOWED with Allow from the manifest), and the gateway's
 * refusals (401 UNAUTHENTICATED with WWW-Authenticate, 413 PAYLOAD_TOO_LARGE) are problem
 * documents with a stable code, the request id and a message in the caller's language.
 */
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { campaignBody } from '../support/scenario';

const isProblem = (response: { status: number; headers: Headers; body: { status?: number; requestId?: string } }, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code, type: expect.stringMatching(/^urn:union-benefits:problem:/), detail: expect.any(String) });
  expect(response.body.requestId).toBe(response.headers.get('apigw-requestid'));
};

describe('the $default route', () => {
  it('answers an unknown path with 404 ROUTE_NOT_FOUND, in Chinese when asked', async () => {
    const english = await call('GET', '/no/such/route');
    isProblem(english, 404, 'ROUTE_NOT_FOUND');
    expect(english.body.detail).toMatch(/no such route/);
    const chinese = await call('POST', '/no/such/route', { body: {}, headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    isProblem(chinese, 404, 'ROUTE_NOT_FOUND');
    expect(chinese.body.detail).toMatch(/没有这个路径/);
    expect(chinese.headers.get('content-language')).toBe('zh-CN');
  });

  it('answers a method the path does not take with 405 and Allow from the manifest', async () => {
    const put = await call('PUT', '/me', { user: 'alice', body: {} });
    isProblem(put, 405, 'METHOD_NOT_ALLOWED');
    expect(put.headers.get('allow')).toBe('GET');
    // A templated path: every method its routes take.
    const organisation = await call('PUT', '/organisations/gz');
    isProblem(organisation, 405, 'METHOD_NOT_ALLOWED');
    expect(organisation.headers.get('allow')).toBe('DELETE, GET, PATCH');
    expect(organisation.body.detail).toContain('PUT');
  });
});

describe('the gateway’s own refusals', () => {
  it('answers a missing or bad token with 401 UNAUTHENTICATED and WWW-Authenticate', async () => {
    const missing = await call('GET', '/me', { headers: { 'accept-language': 'zh' } });
    isProblem(missing, 401, 'UNAUTHENTICATED');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(missing.body.detail).toMatch(/请先登录/);
    const bad = await call('GET', '/me', { token: 'not-a-token' });
    isProblem(bad, 401, 'UNAUTHENTICATED');
  });

  it('answers a body over 10 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await fetch(`${inject('apiUrl')}/members`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024 + 1) }),
    });
    const body = (await response.json()) as { status?: number; requestId?: string };
    isProblem({ status: response.status, headers: response.headers, body }, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('problems in the caller’s language', () => {
  const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' };

  it('gives the title, the detail and every field message in Chinese when asked, in English otherwise', async () => {
    const unchanged = await call('PATCH', '/me/profile', { user: 'alice', body: {}, headers: zh });
    isProblem(unchanged, 400, 'VALIDATION_FAILED');
    expect(unchanged.headers.get('content-language')).toBe('zh-CN');
    expect(unchanged.body).toMatchObject({ title: '请求有误', detail: expect.stringMatching(/请求有误/) });
    expect(unchanged.body.errors).toEqual([{ field: 'body', message: '请至少修改一个字段' }]);

    // A schema's own pattern message, and one of zod's own, each in Chinese; nothing English beside them.
    const wrong = await call('PATCH', '/me/profile', { user: 'alice', body: { phone: '12345', employer: 7 }, headers: zh });
    isProblem(wrong, 400, 'VALIDATION_FAILED');
    expect(wrong.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.phone', message: '须为 1 开头的 11 位大陆手机号码' },
        { field: 'body.employer', message: expect.stringMatching(/^[^a-z]*[\u4e00-\u9fff]/) },
      ]),
    );
    const english = await call('PATCH', '/me/profile', { user: 'alice', body: { phone: '12345', employer: 7 } });
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.body.title).toBe('Bad Request');
    expect(english.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.phone', message: 'must be a mainland mobile number of 11 digits starting with 1' },
        { field: 'body.employer', message: expect.stringMatching(/^Invalid input: expected string/) },
      ]),
    );
  });

  it('says what a domain rule refused in Chinese too, field by field', async () => {
    const refused = await call('POST', '/campaigns', { user: 'gz-admin', headers: zh, body: campaignBody('gz', { rule: { thresholdFen: 300, discountFen: 500 }, dailyQuota: 0 }) });
    isProblem(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body.title).toBe('请求有误');
    expect(refused.body.errors).toEqual([
      { field: 'body.rule.discountFen', message: '不得超过使用门槛' },
      { field: 'body.dailyQuota', message: '须大于 0' },
    ]);
  });
});
