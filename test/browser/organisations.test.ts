/**
 * Signing in and the organisation pages in a real browser: a city admin sees her own city's tree
 * and not the other city's, approves a join request (after confirming), and switches language; a
 * member is told the console is for admins.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { uniquePhone } from '../support/phones';
import { browserForFile, screenshot, signIn } from './browser';

const browser = browserForFile();

describe('the organisation pages', () => {
  it('a city admin sees her city tree, not the other city, and approves a join request', async () => {
    // A worker asks to join Bayview Electronics (an admin approves there) in Shenzhen.
    const user = `browser-join-${Date.now()}`;
    await call('POST', '/members', { user, body: { name: '王小红', phone: uniquePhone(), industry: 'other' } });
    const asked = await call('POST', '/me/membership', { user, body: { organisationId: 'sz-bayview' } });
    expect(asked.status).toBeLessThan(300);

    const page = await signIn(browser(), 'sz-admin', { route: 'organisations' });
    await expect.poll(() => page.getByTestId('org-node-sz').isVisible()).toBe(true);
    // Her root is Shenzhen; Guangzhou is nowhere to be found, not even by its id.
    expect(await page.getByTestId('org-node-gz').count()).toBe(0);
    await page.getByPlaceholder('按名称或编号搜索').fill('gz-metro');
    await page.getByPlaceholder('按名称或编号搜索').press('Enter');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('org-node-gz-metro').count()).toBe(0);
    await page.getByPlaceholder('按名称或编号搜索').fill('');

    // Go to Bayview by its id: the tree opens down to it.
    await page.getByPlaceholder('按名称或编号搜索').fill('sz-bayview');
    await page.getByPlaceholder('按名称或编号搜索').press('Enter');
    await expect.poll(() => page.getByTestId('org-title').textContent()).toBe('Bayview Electronics Union');
    const row = page.getByTestId('join-requests').locator('tr', { hasText: '王小红' });
    await row.waitFor();
    await screenshot(page, 'organisations');
    await row.getByRole('button', { name: '批准' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('批准 王小红 的入会申请？');
    // Nothing happened before the confirmation.
    expect((await call('GET', '/me', { user })).body.member.membership).toBeUndefined();
    await dialog.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByText('已批准 王小红 入会').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('join-requests').locator('tr', { hasText: '王小红' }).count()).toBe(0);
    expect((await call('GET', '/me', { user })).body.member.membership.organisationId).toBe('sz-bayview');
    await page.context().close();
  });

  it('renders a page of 50 rows in under a second', async () => {
    const page = await signIn(browser(), 'gz-admin', { route: 'organisations' });
    // A full page of members, answered at once, so what is timed is the page's own rendering.
    const items = Array.from({ length: 50 }, (_, i) => ({ userId: `u${i}`, name: `会员${i + 1}`, industry: 'courier', verified: i % 2 === 0, organisationId: 'gz-metro', since: '2026-01-01T00:00:00.000Z' }));
    await page.route(/\/organisations\/gz\/members/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items, cursor: 'next' }) }));
    await expect.poll(() => page.getByRole('tab', { name: '会员（含下级）' }).isVisible()).toBe(true);
    const started = Date.now();
    await page.getByRole('tab', { name: '会员（含下级）' }).click();
    await page.getByTestId('members').locator('tbody tr', { hasText: '会员50' }).waitFor();
    const elapsed = Date.now() - started;
    expect(await page.getByTestId('members').locator('tbody tr').count()).toBe(50);
    console.log(`a page of 50 members rendered in ${elapsed} ms`);
    expect(elapsed).toBeLessThan(1000);
    await page.context().close();
  });

  it('switches between Chinese and English', async () => {
    const page = await signIn(browser(), 'gz-admin', { route: 'organisations' });
    await expect.poll(() => page.getByRole('menuitem', { name: '组织与会员' }).isVisible()).toBe(true);
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Organisations' }).isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: 'Join requests' }).isVisible()).toBe(true);
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => page.getByRole('tab', { name: '入会申请' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('tells a member who signs in that the console is for admins', async () => {
    const page = await signIn(browser(), 'alice');
    await expect.poll(() => page.getByTestId('not-admin').textContent()).toContain('本控制台仅供工会管理员使用');
    await screenshot(page, 'not-admin');
    await page.context().close();
  });
});
