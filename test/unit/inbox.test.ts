/**
 * Inbox rules without a database: every kind of notice in Chinese and in English (and with facts
 * missing), notice ids derived from their events, the opaque ids the API hands out, and the list,
 * count and marks through an in-memory InboxStore that keeps the store's promises.
 */
import { describe, expect, it } from 'vitest';
import { encodeCursor, decodeCursor, type Page } from '../../shared/pagination';
import { InvalidCursor } from '../../shared/errors';
import { listNotices, markAllNoticesRead, markNoticeRead, unreadCount } from '../../shared/inbox/inbox';
import { placeOfPublicId, publicNoticeId } from '../../shared/inbox/inbox-keys';
import type { InboxStore, NoticePlace } from '../../shared/inbox/inbox-store';
import { noticeKinds, type Notice, type NoticeKind, type StoredNotice } from '../../shared/inbox/notice';
import { claimDecided, objectionAnswered, payoutPaid, subsidyDecided } from '../../shared/inbox/notices';
import { beijingTime, renderNotice, yuan } from '../../shared/inbox/render';

const AT = '2026-08-10T04:00:00.000Z'; // noon in Shanghai

/** The InboxStore's promises in a map: marks conditional on unread, the count moved with them. */
class MemoryInbox implements InboxStore {
  readonly notices_ = new Map<string, StoredNotice[]>();
  readonly counts = new Map<string, number>();

  deliver(notices: Notice[]) {
    for (const notice of notices) {
      const list = this.notices_.get(notice.userId) ?? [];
      if (list.some((n) => n.at === notice.at && n.noticeId === notice.noticeId)) throw new Error('delivered twice');
      list.push({ ...structuredClone(notice), read: false });
      this.notices_.set(notice.userId, list);
      this.counts.set(notice.userId, (this.counts.get(notice.userId) ?? 0) + 1);
    }
  }
  private sorted(userId: string) {
    return [...(this.notices_.get(userId) ?? [])].sort((a, b) => `${b.at}#${b.noticeId}`.localeCompare(`${a.at}#${a.noticeId}`));
  }
  async notices(userId: string, page: { limit: number; cursor?: string }): Promise<Page<StoredNotice>> {
    const start = decodeCursor(page.cursor) as { user?: string; index?: number } | undefined;
    if (start && start.user !== userId) throw new InvalidCursor();
    const all = this.sorted(userId);
    const from = start?.index ?? 0;
    const items = all.slice(from, from + page.limit);
    return { items: structuredClone(items), cursor: from + page.limit < all.length ? encodeCursor({ user: userId, index: from + page.limit }) : undefined };
  }
  async unread(userId: string) {
    return this.counts.get(userId) ?? 0;
  }
  async markRead(userId: string, place: NoticePlace, at: string) {
    const notice = this.notices_.get(userId)?.find((n) => n.at === place.at && n.noticeId === place.noticeId);
    if (!notice) return undefined;
    if (!notice.read) {
      notice.read = true;
      notice.readAt = at;
      this.counts.set(userId, this.counts.get(userId)! - 1);
    }
    return structuredClone(notice);
  }
  async markAllRead(userId: string, at: string) {
    let marked = 0;
    for (const notice of this.notices_.get(userId) ?? []) {
      if (notice.read) continue;
      notice.read = true;
      notice.readAt = at;
      marked++;
    }
    this.counts.set(userId, (this.counts.get(userId) ?? 0) - marked);
    return marked;
  }
}

/** One notice of every kind, with every fact its words use. */
const examples: Record<NoticeKind, Notice['facts']> = {
  'waitlist-offer': { activityId: 'a1', title: '周末亲子游园会', startsAt: '2026-08-15T01:00:00.000Z', offerExpiresAt: '2026-08-11T10:00:00.000Z' },
  'activity-cancelled': { activityId: 'a1', title: '周末亲子游园会', startsAt: '2026-08-15T01:00:00.000Z', was: 'signed-up', now: 'cancelled', reason: '台风预警' },
  'activity-closed': { activityId: 'a1', title: '周末亲子游园会', startsAt: '2026-08-15T01:00:00.000Z', was: 'waiting', now: 'not-admitted' },
  'prize-won': { drawId: 'd1', drawName: '三八节抽奖', prizeName: '电影票两张', rank: 1, deadline: '2026-08-17T15:59:00.000Z' },
  'prize-passed-on': { drawId: 'd1', drawName: '三八节抽奖', prizeName: '电影票两张', reason: 'lapsed' },
  'subsidy-decided': { applicationId: 'app1', programmeId: 'p1', programmeName: '困难职工生活补助', decision: 'approve', amountFen: 50_000 },
  'objection-answered': { applicationId: 'app1', programmeId: 'p1', programmeName: '困难职工生活补助', decision: 'uphold', role: 'objector', reason: '经核实不符合条件' },
  'claim-decided': { claimId: 'c1', decision: 'approve', amountFen: 280_000 },
  'payout-paid': { payoutId: 'C1', amountFen: 280_000, sourceKind: 'claim', sourceId: 'c1' },
  'birthday-benefit': { month: '2026-03', code: 'ABCDEFGHJKLM', campaignId: 'k1', campaignName: '生日蛋糕券', thresholdFen: 5_000, discountFen: 1_000, validUntil: '2026-03-31T15:59:59.999Z' },
};

const cjk = /[\u4e00-\u9fff]/;

describe('the words of a notice', () => {
  it('has a title and a body for every kind, in Chinese and in English', () => {
    for (const kind of noticeKinds) {
      const zh = renderNotice({ kind, facts: examples[kind] }, 'zh');
      const en = renderNotice({ kind, facts: examples[kind] }, 'en');
      for (const words of [zh, en]) {
        expect(words.title.length, kind).toBeGreaterThan(3);
        expect(words.body.length, kind).toBeGreaterThan(10);
        expect(`${words.title} ${words.body}`, kind).not.toMatch(/undefined|null|NaN|\[object/);
      }
      expect(zh.title, kind).toMatch(cjk);
      expect(zh.body, kind).toMatch(cjk);
      expect(en.title, kind).not.toMatch(cjk);
    }
  });

  it('says what happened, with the amounts, names and Beijing times of the facts', () => {
    expect(renderNotice({ kind: 'claim-decided', facts: examples['claim-decided'] }, 'zh')).toEqual({
      title: '理赔申请已通过',
      body: '您的理赔申请已通过，核定金额 2800.00 元，款项将发放至您的微信零钱。',
    });
    expect(renderNotice({ kind: 'claim-decided', facts: examples['claim-decided'] }, 'en')).toEqual({
      title: 'Claim approved',
      body: 'Your claim was approved for CNY 2800.00; it will be paid to your WeChat wallet.',
    });
    expect(renderNotice({ kind: 'claim-decided', facts: { claimId: 'c1', decision: 'request-info', reason: '请补充X光报告' } }, 'zh').body).toBe('审核人员请您补充材料：请补充X光报告。补充后请重新提交理赔申请。');
    expect(renderNotice({ kind: 'claim-decided', facts: { claimId: 'c1', decision: 'reject', reason: 'Not covered' } }, 'en').body).toBe('Your claim was rejected. Reason: Not covered.');
    expect(renderNotice({ kind: 'subsidy-decided', facts: examples['subsidy-decided'] }, 'zh').body).toContain('「困难职工生活补助」已通过审核（500.00 元）');
    expect(renderNotice({ kind: 'subsidy-decided', facts: { ...examples['subsidy-decided'], decision: 'reject', reason: '收入超过标准' } }, 'zh')).toEqual({
      title: '补贴申请未通过',
      body: '您申请的「困难职工生活补助」未通过审核。原因：收入超过标准',
    });
    expect(renderNotice({ kind: 'waitlist-offer', facts: examples['waitlist-offer'] }, 'zh').body).toContain('请在 2026-08-11 18:00（北京时间）前确认');
    expect(renderNotice({ kind: 'waitlist-offer', facts: examples['waitlist-offer'] }, 'en').body).toContain('Confirm by 2026-08-11 18:00 (Beijing time)');
    expect(renderNotice({ kind: 'prize-won', facts: examples['prize-won'] }, 'zh').body).toContain('2026-08-17 23:59');
    expect(renderNotice({ kind: 'birthday-benefit', facts: examples['birthday-benefit'] }, 'zh')).toEqual({
      title: '生日快乐！工会为您送上生日券',
      body: '工会为您送上生日券「生日蛋糕券」（满 50.00 元减 10.00 元），已放入“我的券”，请在 2026-03-31 23:59（北京时间）前使用。',
    });
    expect(renderNotice({ kind: 'birthday-benefit', facts: examples['birthday-benefit'] }, 'en').body).toBe(
      'Your union has given you a birthday coupon of “生日蛋糕券” (CNY 10.00 off orders of CNY 50.00 or more); it is in your coupons. Use it by 2026-03-31 23:59 (Beijing time).',
    );
    expect(renderNotice({ kind: 'payout-paid', facts: examples['payout-paid'] }, 'zh').body).toBe('您的理赔款 2800.00 元已发放至微信零钱，请注意查收。');
    expect(renderNotice({ kind: 'payout-paid', facts: { ...examples['payout-paid'], sourceKind: 'subsidy', amountFen: 50_000 } }, 'en').body).toBe('CNY 500.00 for your subsidy has been paid to your WeChat wallet.');
  });

  it('tells what an activity closing or a prize passing on means for the reader', () => {
    const closed = (now: string, language: 'zh' | 'en' = 'zh') => renderNotice({ kind: 'activity-closed', facts: { ...examples['activity-closed'], now } }, language);
    expect(closed('not-admitted')).toEqual({ title: '候补未获名额', body: '活动「周末亲子游园会」（2026-08-15 09:00 开始）已截止报名，您在候补名单中未能获得名额。' });
    expect(closed('signed-up').body).toContain('您的名额不受影响');
    expect(closed('signed-up', 'en').body).toBe('“周末亲子游园会” (starts 2026-08-15 09:00, Beijing time) has closed its sign-ups; your place stands.');
    const passed = (reason: string) => renderNotice({ kind: 'prize-passed-on', facts: { ...examples['prize-passed-on'], reason } }, 'zh').body;
    expect(passed('declined')).toBe('您已放弃在「三八节抽奖」中抽中的「电影票两张」，奖品已顺延给下一位。');
    expect(passed('lapsed')).toContain('未在期限内确认领取');
    expect(renderNotice({ kind: 'activity-cancelled', facts: examples['activity-cancelled'] }, 'zh').body).toBe('您报名的活动「周末亲子游园会」（2026-08-15 09:00 开始）已取消。原因：台风预警');
  });

  it('tells the objector and the applicant apart, and upheld from dismissed', () => {
    const words = (decision: string, role: string) => renderNotice({ kind: 'objection-answered', facts: { ...examples['objection-answered'], decision, role } }, 'zh').title;
    expect(new Set([words('uphold', 'objector'), words('dismiss', 'objector'), words('uphold', 'applicant'), words('dismiss', 'applicant')]).size).toBe(4);
    expect(words('dismiss', 'applicant')).toBe('公示异议不成立');
    expect(renderNotice({ kind: 'objection-answered', facts: { ...examples['objection-answered'], decision: 'dismiss', role: 'applicant' } }, 'en').body).toContain('back on public notice');
  });

  it('reads well without the optional facts', () => {
    for (const kind of noticeKinds) {
      for (const language of ['zh', 'en'] as const) {
        const { title, body } = renderNotice({ kind, facts: {} }, language);
        expect(`${title} ${body}`, `${kind} ${language}`).not.toMatch(/undefined|「」|“”|\(\)|（）/);
      }
    }
  });

  it('says something true of a kind it does not know yet', () => {
    expect(renderNotice({ kind: 'newer-kind' as NoticeKind, facts: {} }, 'zh')).toEqual({ title: '新通知', body: '您有一条新通知。' });
  });

  it('writes money in yuan and times on the Beijing clock', () => {
    expect([yuan(0), yuan(5), yuan(12_345), yuan(100)]).toEqual(['0.00', '0.05', '123.45', '1.00']);
    expect(beijingTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
  });
});

describe('notice ids', () => {
  it('are derived from the event, so the same event gives the same notice', () => {
    const application = { applicationId: 'app1', programmeId: 'p1', userId: 'ann', amountFen: 50_000, objection: { by: 'bob' } };
    expect(subsidyDecided(application, { approve: true }, 2, AT)).toEqual(subsidyDecided(application, { approve: true }, 2, AT));
    expect(subsidyDecided(application, { approve: true }, 2, AT).noticeId).toBe('subsidy-decided#app1#2');
    expect(subsidyDecided(application, { approve: false, reason: 'no' }, 2, AT).facts).toEqual({ applicationId: 'app1', programmeId: 'p1', decision: 'reject', reason: 'no' });
    expect(claimDecided({ claimId: 'c1', userId: 'ann' }, { decision: 'approve', approvedAmountFen: 10 }, 4, AT)).toMatchObject({ noticeId: 'claim-decided#c1#4', userId: 'ann', facts: { amountFen: 10 } });
    expect(payoutPaid({ payoutId: 'S1', userId: 'ann', amountFen: 5, source: { kind: 'subsidy', id: 'app1' } }, AT).noticeId).toBe('payout-paid#S1');
  });

  it('tell the objector and the applicant of an objection decision, one notice each', () => {
    const notices = objectionAnswered({ applicationId: 'app1', programmeId: 'p1', userId: 'ann', objection: { by: 'bob' } }, { decision: 'dismiss', reason: 'genuine' }, 5, AT, '补助');
    expect(notices.map((n) => [n.userId, n.noticeId, n.facts.role])).toEqual([
      ['bob', 'objection-answered#app1#5#objector', 'objector'],
      ['ann', 'objection-answered#app1#5#applicant', 'applicant'],
    ]);
    // Who objected is not among the applicant's facts.
    expect(Object.values(notices[1]!.facts)).not.toContain('bob');
  });

  it('given out by the API are opaque and name the notice\'s place', () => {
    const id = publicNoticeId({ at: AT, noticeId: 'claim-decided#c1#4' });
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(placeOfPublicId(id)).toEqual({ at: AT, noticeId: 'claim-decided#c1#4' });
    expect(placeOfPublicId('bm90LWEtbm90aWNl')).toBeUndefined();
    expect(placeOfPublicId('')).toBeUndefined();
  });
});

describe('the inbox', () => {
  const notice = (userId: string, n: number, kind: NoticeKind = 'claim-decided'): Notice => ({
    userId,
    noticeId: `${kind}#x${n}#2`,
    kind,
    at: new Date(Date.parse(AT) + n * 60_000).toISOString(),
    facts: examples[kind],
  });

  it('lists newest first, page by page, in the reader\'s language, with the unread count', async () => {
    const inbox = new MemoryInbox();
    inbox.deliver([1, 2, 3, 4, 5].map((n) => notice('ann', n)));
    inbox.deliver([notice('bob', 9)]);
    const first = await listNotices(inbox, 'ann', { limit: 2 }, 'zh');
    expect(first.unread).toBe(5);
    expect(first.items.map((n) => n.at)).toEqual([notice('ann', 5).at, notice('ann', 4).at]);
    expect(first.items[0]).toMatchObject({ kind: 'claim-decided', read: false, title: '理赔申请已通过', facts: examples['claim-decided'] });
    const second = await listNotices(inbox, 'ann', { limit: 2, cursor: first.cursor }, 'en');
    expect(second.items.map((n) => n.at)).toEqual([notice('ann', 3).at, notice('ann', 2).at]);
    expect(second.items[0]!.title).toBe('Claim approved');
    const last = await listNotices(inbox, 'ann', { limit: 2, cursor: second.cursor }, 'en');
    expect(last.items).toHaveLength(1);
    expect(last.cursor).toBeUndefined();
    await expect(listNotices(inbox, 'bob', { limit: 2, cursor: first.cursor }, 'en')).rejects.toBeInstanceOf(InvalidCursor);
  });

  it('marks one read once, whoever marks it how often; another member\'s is not found', async () => {
    const inbox = new MemoryInbox();
    inbox.deliver([notice('ann', 1), notice('ann', 2)]);
    const [newest] = (await listNotices(inbox, 'ann', { limit: 10 }, 'en')).items;
    const marked = await markNoticeRead(inbox, 'ann', newest!.noticeId, 'en', new Date(AT));
    expect(marked).toMatchObject({ notice: { noticeId: newest!.noticeId, read: true, readAt: AT }, unread: 1 });
    expect((await markNoticeRead(inbox, 'ann', newest!.noticeId, 'en')).unread).toBe(1);
    expect(await unreadCount(inbox, 'ann')).toEqual({ unread: 1 });
    await expect(markNoticeRead(inbox, 'bob', newest!.noticeId, 'en')).rejects.toMatchObject({ code: 'NOTICE_NOT_FOUND' });
    await expect(markNoticeRead(inbox, 'ann', 'bm90LWEtbm90aWNlLWlk', 'en')).rejects.toMatchObject({ code: 'NOTICE_NOT_FOUND' });
  });

  it('marks all read, counting off what it marked', async () => {
    const inbox = new MemoryInbox();
    inbox.deliver([1, 2, 3].map((n) => notice('ann', n)));
    const [newest] = (await listNotices(inbox, 'ann', { limit: 1 }, 'en')).items;
    await markNoticeRead(inbox, 'ann', newest!.noticeId, 'en');
    expect(await markAllNoticesRead(inbox, 'ann')).toEqual({ marked: 2, unread: 0 });
    expect(await markAllNoticesRead(inbox, 'ann')).toEqual({ marked: 0, unread: 0 });
    expect(await markAllNoticesRead(inbox, 'nobody')).toEqual({ marked: 0, unread: 0 });
  });
});
