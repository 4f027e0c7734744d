/**
 * Identity that means it: one phone number, one account, even when many sign up with it at once;
 * a verified member's birthday is her ID number's; an industry change counts from the next
 * Shanghai day, so a switch cannot win another industry's coupon drop the same day.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dayAfter, shanghaiDay } from '../../shared/days';
import { call } from '../support/api';
import { uniquePhone } from '../support/phones';
import { residentId } from '../support/resident-ids';
import { granted, memberOf, openCampaign } from '../support/scenario';

const newUser = () => `identity-${randomUUID().slice(0, 8)}`;

describe('one phone number, one account', () => {
  it('lets exactly one of concurrent sign-ups with one number through; the rest are PHONE_TAKEN', async () => {
    const phone = uniquePhone();
    const users = Array.from({ length: 8 }, newUser);
    const answers = await Promise.all(users.map((user) => call('POST', '/members', { user, body: { name: '王五', phone, industry: 'courier' } })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'PHONE_TAKEN', errors: [{ field: 'body.phone' }], requestId: expect.any(String) });
    }
    const profiles = await Promise.all(users.map((user) => call('GET', '/me', { user })));
    expect(profiles.filter((p) => p.body.member !== null)).toHaveLength(1);
  });

  it('refuses a profile change to another account\'s number, and frees the old number on a change', async () => {
    const [first, second, third] = [newUser(), newUser(), newUser()];
    const [a, b, c] = [uniquePhone(), uniquePhone(), uniquePhone()];
    expect((await call('POST', '/members', { user: first, body: { name: '甲方', phone: a, industry: 'other' } })).status).toBe(201);
    expect((await call('POST', '/members', { user: second, body: { name: '乙方', phone: b, industry: 'other' } })).status).toBe(201);
    const taken = await call('PATCH', '/me/profile', { user: second, body: { phone: a } });
    expect([taken.status, taken.body.code]).toEqual([409, 'PHONE_TAKEN']);
    expect((await call('PATCH', '/me/profile', { user: second, body: { phone: c } })).status).toBe(200);
    expect((await call('POST', '/members', { user: third, body: { name: '丙方', phone: b, industry: 'other' } })).status).toBe(201);
  });
});

describe('fields that decide benefits', () => {
  it('fixes the birthday by the verified ID number', async () => {
    const user = newUser();
    await call('POST', '/members', { user, body: { name: '赵六', phone: uniquePhone(), industry: 'other', birthday: '1990-01-01' } });
    // Before verification she may correct it.
    expect((await call('PATCH', '/me/profile', { user, body: { birthday: '1991-03-04' } })).body.birthday).toBe('1991-03-04');
    expect((await call('POST', '/me/verification', { user, body: { name: '赵六', idNumber: residentId('19870512') } })).body.birthday).toBe('1987-05-12');
    const refused = await call('PATCH', '/me/profile', { user, body: { birthday: '1999-09-09' }, headers: { 'accept-language': 'en' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'BIRTHDAY_VERIFIED', requestId: expect.any(String) });
    expect((await call('GET', '/me', { user })).body.member.birthday).toBe('1987-05-12');
  });

  it('counts an industry change from the next Shanghai day: a switch cannot win a drop the same day', async () => {
    const admin = await granted('identity-admin', { role: 'admin', organisationId: 'gz' });
    // A drop for couriers only, open now.
    const campaignId = await openCampaign(admin, 'gz', { audience: { industries: ['courier'], organisationId: 'gz', verifiedOnly: true } });
    const member = await memberOf('gz-metro'); // industry "other"
    const switched = await call('PATCH', '/me/profile', { user: member, body: { industry: 'courier' } });
    expect(switched.status).toBe(200);
    const tomorrow = dayAfter(shanghaiDay(new Date()));
    expect(switched.body).toMatchObject({ industry: 'other', industryChange: { industry: 'courier', effectiveFrom: tomorrow } });

    const claim = await call('POST', `/campaigns/${campaignId}/claims`, { user: member });
    expect(claim.status).toBe(403);
    expect(claim.body.code).toBe('NOT_ELIGIBLE');

    // Asking for the current industry again cancels the pending change.
    const cancelled = await call('PATCH', '/me/profile', { user: member, body: { industry: 'other' } });
    expect(cancelled.body.industry).toBe('other');
    expect(cancelled.body.industryChange).toBeUndefined();
  });
});
