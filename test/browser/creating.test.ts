/**
 * What an admin creates in the console: an activity (a refused field first, marked beside its
 * input, then the activity, which opens on its waiting list and fills it as members sign up) and
 * a prize draw (the same for its closing time).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signUp } from '../support/activities';
import { call } from '../support/api';
import { memberOf } from '../support/scenario';
import { browserForFile, fillIn, screenshot, signIn } from './browser';

const browser = browserForFile();


/** The error Ant Design shows under the form item holding `testId`'s input. */
const errorBeside = (page: Page, testId: string) => page.locator('.ant-form-item').filter({ has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');

describe('creating in the console', () => {
  it('creates an activity: a refused end time beside its input, then the activity on its waiting list', async () => {
    const title = `职工健步走 ${randomUUID().slice(0, 6)}`;
    const page = await signIn(browser(), 'gz-admin', { route: 'activities' });
    await page.getByTestId('activity-new').click();
    await fillIn(page, {
      'activity-title': title,
      'activity-description': '沿珠江边健步走五公里，**请穿运动鞋**。',
      'activity-address': '广州市海珠区滨江东路',
      'activity-capacity': '1',
    });
    const starts = await page.getByTestId('activity-starts').inputValue();
    // Ends before it starts: the API names endsAt, shown under that input in Chinese.
    await page.getByTestId('activity-ends').fill(starts.replace(/T\d\d:\d\d$/, 'T00:00'));
    await page.getByTestId('activity-submit').click();
    await expect.poll(() => errorBeside(page, 'activity-ends').textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('problem').textContent()).toContain('VALIDATION_FAILED');
    await screenshot(page, 'activity-form');

    await page.getByTestId('activity-ends').fill(starts.replace(/T(\d\d):/, (_, h: string) => `T${String(Math.min(23, Number(h) + 1)).padStart(2, '0')}:`).replace(/T23:(\d\d)$/, 'T23:59'));
    await page.getByTestId('activity-submit').click();
    await expect.poll(() => page.getByText('活动已创建').isVisible()).toBe(true);
    // It opens on its waiting list: empty, until a second member signs up for its one seat.
    await expect.poll(() => page.locator('.ant-drawer-title').textContent()).toBe(title);
    await expect.poll(() => page.locator('.ant-drawer .ant-segmented-item-selected').textContent()).toBe('候补中');
    const activityId = (await call('GET', '/organisations/gz/activities?limit=100', { user: 'gz-admin' })).body.items.find((a: { title: string }) => a.title === title).activityId as string;
    await signUp(await memberOf('gz-metro', { name: '先报名' }), activityId);
    await signUp(await memberOf('gz-metro', { name: '后候补' }), activityId, 'waiting');
    await page.locator('.ant-drawer .ant-segmented-item').filter({ hasText: '已报名' }).click();
    await page.locator('.ant-drawer .ant-segmented-item').filter({ hasText: '候补中' }).click();
    await expect.poll(() => page.locator('.ant-drawer .ant-table-tbody').textContent()).toContain('后候补');
    expect(await page.locator('.ant-drawer .ant-table-tbody').textContent()).not.toContain('先报名');
    await page.context().close();
  });

  it('creates a prize draw: a closing time in the past beside its input, then the draw', async () => {
    const name = `职工疗休养抽奖 ${randomUUID().slice(0, 6)}`;
    const page = await signIn(browser(), 'gz-admin', { route: 'lotteries' });
    await page.getByTestId('draw-new').click();
    await fillIn(page, { 'draw-name': name, 'draw-prize-0': '从化温泉疗休养', 'draw-prize-count-0': '2', 'draw-closes': '2020-01-01T10:00' });
    await page.getByTestId('draw-submit').click();
    // Two problems with that field (before the opening, in the past): each field message, under the
    // input, in the console's language (the API answers the field messages in Chinese too).
    await expect.poll(() => errorBeside(page, 'draw-closes').first().textContent()).toMatch(/^(早于当前时间|须晚于报名开始时间)$/);
    expect(await page.getByTestId('problem').textContent()).toContain('VALIDATION_FAILED');

    await page.getByTestId('draw-closes').fill('2099-01-01T10:00');
    await page.getByTestId('draw-submit').click();
    await expect.poll(() => page.getByText('抽奖已创建').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('draws').textContent()).toContain(name);
    expect(await page.getByTestId('draws').textContent()).toContain('从化温泉疗休养×2');
    await page.context().close();
  });
});
