/**
 * The dashboard in a real browser: a city admin sees her city's figures as the route counts them,
 * picks a union of her subtree in the tree (one this test made, with members it joined) and sees
 * its own figures and tiers, and the monthly chart renders.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { memberOf, organisation } from '../support/scenario';
import { drainStreams } from '../support/schedules';
import { browserForFile, screenshot, signIn } from './browser';

const browser = browserForFile();

const statistic = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('the dashboard page', () => {
  it("a city admin sees her city's figures, a union of her subtree picked in the tree, and the monthly chart", async () => {
    const union = await organisation('gz-admin', 'gz', 'grassroots', { autoApprove: true });
    await memberOf(union.id);
    await memberOf(union.id, { verified: false });
    await drainStreams();
    const city = (await call('GET', '/organisations/gz/dashboard', { user: 'gz-admin' })).body;
    const own = (await call('GET', `/organisations/${union.id}/dashboard`, { user: 'gz-admin' })).body;
    expect(own.figures.members, JSON.stringify(own)).toBe(2);
    const cityName = (await call('GET', '/organisations/gz', { user: 'gz-admin' })).body.name as string;

    const page = await signIn(browser(), 'gz-admin');
    await expect.poll(() => page.getByTestId('dashboard-organisation').textContent()).toBe(cityName);
    await expect.poll(async () => statistic(await page.getByTestId('figure-members').locator('.ant-statistic-content').textContent())).toBe(city.figures.members);
    expect(statistic(await page.getByTestId('tier-grassroots').locator('.ant-statistic-content').textContent())).toBe(city.figures.organisations.grassroots);
    expect(await page.getByTestId('figure-members').textContent()).toContain('会员数');
    await expect.poll(() => page.getByTestId('dashboard-chart').locator('canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'dashboard');

    // The new union, by its id in the tree's search: its own figures.
    await page.getByPlaceholder('按名称或编号搜索').fill(union.id);
    await page.getByPlaceholder('按名称或编号搜索').press('Enter');
    await expect.poll(() => page.getByTestId('dashboard-organisation').textContent()).toContain('Test grassroots');
    await expect.poll(async () => statistic(await page.getByTestId('figure-members').locator('.ant-statistic-content').textContent())).toBe(2);
    expect(statistic(await page.getByTestId('figure-verifiedMembers').locator('.ant-statistic-content').textContent())).toBe(1);
    expect(statistic(await page.getByTestId('tier-grassroots').locator('.ant-statistic-content').textContent())).toBe(1);
    expect(statistic(await page.getByTestId('tier-city').locator('.ant-statistic-content').textContent())).toBe(0);

    // A range of one month: one row, this month, with both members.
    const month = (await call('GET', `/organisations/${union.id}/dashboard`, { user: 'gz-admin' })).body.months.at(-1).month as string;
    await page.getByTestId('dashboard-from').fill(month);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').first().textContent()).toContain(month);
    await expect.poll(() => page.getByTestId('dashboard-chart').locator('canvas').count()).toBeGreaterThan(0);
    await page.context().close();
  });
});
