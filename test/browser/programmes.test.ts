/**
 * Running things from the console in a real browser: a prize draw from freezing its list to its
 * proof (the beacon round arrives by moving the local clock, never by waiting), a coupon campaign
 * created with its figures charted, an activity's check-in by code, an article written in Markdown
 * with its preview; and what the API refuses is shown in Chinese beside the input at fault.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { memberOf } from '../support/scenario';
import { activityIn } from '../support/activities';
import { beaconRoundArrives } from '../support/schedules';
import { browserForFile, screenshot, signIn } from './browser';

const browser = browserForFile();


describe('running draws, campaigns, activities and news', () => {
  it('runs a prize draw to its proof', { timeout: 120_000 }, async () => {
    const name = `职工疗休养 ${randomUUID().slice(0, 6)}`;
    const created = await call('POST', '/draws', {
      user: 'gz-admin',
      body: { name, organisationId: 'gz', prizes: [{ name: '从化温泉疗休养', count: 1 }], entriesCloseAt: new Date(Date.now() + 7 * 86400_000).toISOString(), acceptanceHours: 48 },
    });
    expect(created.status).toBe(201);
    const drawId = created.body.drawId;
    for (const member of [await memberOf('gz-metro', { name: '参与者一' }), await memberOf('gz-metro', { name: '参与者二' })]) {
      expect((await call('POST', `/draws/${drawId}/entries`, { user: member })).status).toBe(201);
    }

    const page = await signIn(browser(), 'gz-admin', { route: 'lotteries' });
    const row = () => page.getByTestId('draws').locator('tr', { hasText: name });
    await row().getByRole('button', { name: '提前截止并承诺' }).click();
    await page.locator('.ant-drawer-content textarea').fill('名额已满，提前截止。');
    await page.locator('.ant-drawer-content').getByRole('button', { name: '封存名单并承诺' }).click();
    await expect.poll(() => page.locator('.ant-modal-confirm').textContent()).toContain('封存“' + name + '”的 2 人名单');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => row().textContent()).toContain('已承诺，待开奖');

    // The beacon round named by the commitment comes out (the local clock moves to it).
    const committed = (await call('GET', `/draws/${drawId}`, { user: 'gz-admin' })).body;
    await beaconRoundArrives(committed.beacon);
    await row().getByRole('button', { name: '开奖' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认' }).click();
    // The draw fetches and checks the round's BLS signature (a cold function under a loaded suite can take seconds).
    await expect.poll(() => row().textContent(), { timeout: 20_000 }).toContain('已开奖');

    await row().getByRole('button', { name: '公证信息' }).click();
    const proof = page.getByTestId('draw-proof');
    const api = (await call('GET', `/draws/${drawId}/proof`, { user: 'gz-admin' })).body;
    await expect.poll(() => proof.textContent()).toContain(api.seed);
    expect(await proof.textContent()).toContain(api.secret);
    expect(await proof.textContent()).toContain(api.commitment);
    expect(await proof.textContent()).toContain('从化温泉疗休养');
    await screenshot(page, 'draw-proof');
    await page.context().close();
  });

  it('creates a coupon campaign, shows a refused field in Chinese beside its input, and charts its figures', async () => {
    const page = await signIn(browser(), 'gz-admin', { route: 'campaigns' });
    await page.getByRole('button', { name: '新建消费券活动' }).click();
    const form = page.getByTestId('campaign-form');
    const name = `夏日清凉券 ${randomUUID().slice(0, 6)}`;
    // A name too short for the API: its field message, in Chinese, under the name's input.
    await form.getByLabel('活动名称').fill('券');
    await page.getByTestId('campaign-submit').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认' }).click();
    const nameError = page.locator('.ant-form-item', { has: page.getByLabel('活动名称') }).locator('.ant-form-item-explain-error');
    await expect.poll(() => nameError.textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('problem').textContent()).toContain('VALIDATION_FAILED');
    await form.getByLabel('活动名称').fill(name);
    // Another city's union: the API refuses (not in her subtree), and says so beside the field.
    await form.getByLabel('面向工会（含下级）').fill('sz');
    await page.getByTestId('campaign-submit').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByTestId('problem').textContent()).toMatch(/[\u4e00-\u9fff]/);
    const refused = await page.getByTestId('problem').textContent();
    expect(refused).toContain('NOT_IN_SCOPE');

    await form.getByLabel('面向工会（含下级）').fill('gz');
    await page.getByTestId('campaign-submit').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByText('活动已创建').isVisible()).toBe(true);
    const chart = page.getByTestId('campaign-chart');
    await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('campaign-figures').textContent()).toContain('已发放');
    await screenshot(page, 'campaign-figures');
    await page.context().close();
  });

  it('writes an article in Markdown with its preview, and publishes it', async () => {
    const page = await signIn(browser(), 'gz-admin', { route: 'news' });
    await page.getByRole('button', { name: '发布新闻' }).click();
    await page.getByTestId('news-title').fill('职工书屋开放通知');
    await page.getByTestId('news-body').fill('## 标题\n\n这是**重点**内容。\n\n- 第一条\n- 第二条');
    const preview = page.getByTestId('markdown-preview');
    await expect.poll(() => preview.locator('strong').textContent()).toBe('重点');
    expect(await preview.locator('li').count()).toBe(2);
    await page.getByTestId('news-save').click();
    await expect.poll(() => page.getByText('已保存').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('news').textContent()).toContain('职工书屋开放通知');
    await screenshot(page, 'news');
    await page.context().close();
  });

  it('checks a member in by her code', async () => {
    const title = `职工读书会 ${randomUUID().slice(0, 6)}`;
    const { activityId } = await activityIn('gz-admin', 'gz', { title, startsInMs: 30 * 60_000 });
    const member = await memberOf('gz-metro', { name: '签到会员' });
    expect((await call('POST', `/activities/${activityId}/sign-up`, { user: member })).status).toBe(201);
    const code = (await call('GET', `/activities/${activityId}/check-in-code`, { user: member })).body.code;

    const page = await signIn(browser(), 'gz-admin', { route: 'activities' });
    await page.getByTestId('activities').locator('tr', { hasText: title }).getByRole('button', { name: '报名名单' }).click();
    await expect.poll(() => page.getByTestId('roster').textContent()).toContain('签到会员');
    await page.getByTestId('check-in-code').fill(code);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await expect.poll(() => page.getByText('签到会员 已签到').isVisible()).toBe(true);
    await screenshot(page, 'activity-check-in');
    expect((await call('GET', `/activities/${activityId}/sign-ups?status=checked-in`, { user: 'gz-admin' })).body.items.map((e: { name: string }) => e.name)).toEqual(['签到会员']);
    await page.context().close();
  });
});
