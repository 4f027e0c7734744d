/**
 * The birthday benefit through the local runtime: an admin switches it on for her union naming a
 * campaign, the monthly schedule is run (twice) for a time in the birthday month, and the member
 * born that month finds exactly one birthday coupon among her coupons and one notice in her inbox;
 * a member born in another month gets none; an admin of another city can neither switch nor read it.
 */
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiInstant } from '../../shared/days';
import { call } from '../support/api';
import { eventually, runSchedule } from '../support/schedules';
import { campaignBody, granted, memberOf, organisation, signedUp, today, verify } from '../support/scenario';

// Next month (Shanghai), 00:05 on its 1st: the time the schedule runs for it.
const nextMonth = addDays(`${today.slice(0, 7)}-01`, 32).slice(0, 7);
const runAt = new Date(shanghaiInstant(`${nextMonth}-01`, '00:05'));
const mm = nextMonth.slice(5, 7);
const otherMm = mm === '06' ? '07' : '06';

describe('the birthday benefit', () => {
  it('an admin switches it on; the monthly run gives the member born that month one coupon, however often it runs', async () => {
    const gzAdmin = await granted('gz-admin', { role: 'admin', organisationId: 'gz' });
    const szAdmin = await granted('sz-admin', { role: 'admin', organisationId: 'sz' });
    const union = await organisation(gzAdmin, 'gz-tianhe-wushan', 'grassroots', { autoApprove: true });

    const birthdayGirl = await signedUp();
    expect((await call('POST', '/me/membership', { user: birthdayGirl, body: { organisationId: union.id } })).status).toBe(201);
    await verify(birthdayGirl, `1992${mm}18`);
    const otherMonth = await memberOf(union.id, { verified: false });
    await verify(otherMonth, `1993${otherMm}09`);

    const created = await call('POST', '/campaigns', {
      user: gzAdmin,
      body: campaignBody(union.id, { name: '生日蛋糕券', lastDay: addDays(today, 70), rule: { thresholdFen: 5_000, discountFen: 1_000 }, merchants: ['demo-mart'] }),
    });
    expect(created.status).toBe(201);
    const campaignId = created.body.campaignId as string;

    // Before anyone switches it on: off.
    const before = await call('GET', `/organisations/${union.id}/birthday-benefit`, { user: gzAdmin });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ organisationId: union.id, status: 'off' });

    // Another city's admin: not hers to switch or to read.
    const foreign = await call('PUT', `/organisations/${union.id}/birthday-benefit`, { user: szAdmin, body: { status: 'on', campaignId } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'NOT_IN_SCOPE' });
    expect((await call('GET', `/organisations/${union.id}/birthday-benefit`, { user: szAdmin })).body).toMatchObject({ code: 'NOT_IN_SCOPE' });
    // Switching on needs a campaign.
    const noCampaign = await call('PUT', `/organisations/${union.id}/birthday-benefit`, { user: gzAdmin, body: { status: 'on' } });
    expect(noCampaign.status).toBe(400);
    expect(noCampaign.body).toMatchObject({ errors: [{ field: 'body.campaignId' }] });

    const on = await call('PUT', `/organisations/${union.id}/birthday-benefit`, { user: gzAdmin, body: { status: 'on', campaignId } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ organisationId: union.id, status: 'on', campaignId });
    expect((await call('GET', `/organisations/${union.id}/birthday-benefit`, { user: gzAdmin })).body).toMatchObject({ status: 'on', campaignId });

    // The schedule of the 1st, and a repeat of it (a rerun by hand, a second firing).
    expect(await runSchedule('birthdayFanOut', runAt)).toMatchObject({ result: { month: nextMonth } });
    await runSchedule('birthdayFanOut', runAt);

    const birthdayCoupons = async (user: string) =>
      ((await call('GET', '/me/coupons', { user })).body.items as { benefit?: string; campaignId: string }[]).filter((c) => c.benefit === 'birthday');
    const [coupon] = await eventually(async () => {
      const found = await birthdayCoupons(birthdayGirl);
      return found.length > 0 ? found : undefined;
    });
    expect(coupon).toMatchObject({ campaignId, campaignName: '生日蛋糕券', rule: { thresholdFen: 5_000, discountFen: 1_000 }, day: `${nextMonth}-01`, status: 'valid' });

    const notices = await eventually(async () => {
      const inbox = await call('GET', '/me/notices', { user: birthdayGirl, headers: { 'accept-language': 'zh-CN' } });
      const found = (inbox.body.items as { kind: string; title: string }[]).filter((n) => n.kind === 'birthday-benefit');
      return found.length > 0 ? found : undefined;
    });
    expect(notices[0]!.title).toBe('生日快乐！工会为您送上生日券');

    // A member who becomes one of the union's birthday members only now, and a third run: once her
    // coupon is there, a rerun has been through the union after the first member had hers.
    const late = await memberOf(union.id, { verified: false });
    await verify(late, `1994${mm}02`);
    await runSchedule('birthdayFanOut', runAt);
    await eventually(async () => ((await birthdayCoupons(late)).length > 0 ? true : undefined));
    expect(await birthdayCoupons(birthdayGirl)).toHaveLength(1);
    expect(await birthdayCoupons(late)).toHaveLength(1);
    expect(await birthdayCoupons(otherMonth)).toHaveLength(0);
  });
});
