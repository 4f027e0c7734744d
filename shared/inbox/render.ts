/**
 * The words of a notice in the reader's language: a title and a body for every kind, in Chinese
 * and in English, made from the notice's facts. A fact that is missing is left out of the words,
 * so a notice written before a fact existed still reads well.
 */
import { shanghaiWallClock } from '../days';
import type { Language } from '../http/language';
import type { FactValue, Notice, NoticeKind } from './notice';

export interface NoticeWords {
  title: string;
  body: string;
}

type Facts = Record<string, FactValue>;
type Words = (facts: Facts) => NoticeWords;

const text = (facts: Facts, name: string): string | undefined => {
  const value = facts[name];
  return value === undefined || value === '' ? undefined : String(value);
};

/** Fen as yuan with two decimals: 50000 → "500.00". */
export const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** An instant as Beijing wall-clock time, to the minute: "2026-12-05 18:00". */
export const beijingTime = (iso: string) => shanghaiWallClock(new Date(iso)).toISOString().slice(0, 16).replace('T', ' ');

const amount = (facts: Facts, language: Language) => {
  const fen = facts.amountFen;
  if (typeof fen !== 'number') return undefined;
  return language === 'zh' ? `${yuan(fen)} 元` : `CNY ${yuan(fen)}`;
};

/** " 原因：…" / " Reason: …" when the facts give one. */
const reasonOf = (facts: Facts, language: Language, label = { zh: '原因', en: 'Reason' }) => {
  const reason = text(facts, 'reason');
  if (!reason) return '';
  return language === 'zh' ? `${label.zh}：${reason}` : ` ${label.en}: ${reason}${/[.!?。]$/.test(reason) ? '' : '.'}`;
};

/** A coupon's rule: "满 50.00 元减 10.00 元" / "CNY 10.00 off orders of CNY 50.00 or more". */
const couponRule = (facts: Facts, language: Language) => {
  const { thresholdFen, discountFen } = facts;
  if (typeof thresholdFen !== 'number' || typeof discountFen !== 'number') return undefined;
  return language === 'zh' ? `满 ${yuan(thresholdFen)} 元减 ${yuan(discountFen)} 元` : `CNY ${yuan(discountFen)} off orders of CNY ${yuan(thresholdFen)} or more`;
};

const zhName = (name: string | undefined, fallback: string) => (name ? `「${name}」` : fallback);
const enName = (name: string | undefined, fallback: string) => (name ? `“${name}”` : fallback);

/** When the activity starts, as " (2026-08-11 18:00 开始)" / " (starts 2026-08-11 18:00, Beijing time)". */
const startsAt = (facts: Facts, language: Language) => {
  const at = text(facts, 'startsAt');
  if (!at) return '';
  return language === 'zh' ? `（${beijingTime(at)} 开始）` : ` (starts ${beijingTime(at)}, Beijing time)`;
};

const chinese: Record<NoticeKind, Words> = {
  'waitlist-offer': (f) => {
    const by = text(f, 'offerExpiresAt');
    return {
      title: '候补名额已为您保留',
      body: `活动${zhName(text(f, 'title'), '')}${startsAt(f, 'zh')}有名额空出，已为您保留。${by ? `请在 ${beijingTime(by)}（北京时间）前确认，` : '请尽快确认，'}逾期名额将顺延给下一位候补。`,
    };
  },
  'activity-cancelled': (f) => ({ title: '活动已取消', body: `您报名的活动${zhName(text(f, 'title'), '')}${startsAt(f, 'zh')}已取消。${reasonOf(f, 'zh')}` }),
  'activity-closed': (f) =>
    f.now === 'not-admitted'
      ? { title: '候补未获名额', body: `活动${zhName(text(f, 'title'), '')}${startsAt(f, 'zh')}已截止报名，您在候补名单中未能获得名额。${reasonOf(f, 'zh', { zh: '说明', en: '' })}` }
      : { title: '活动已截止报名', body: `活动${zhName(text(f, 'title'), '')}${startsAt(f, 'zh')}已截止报名${f.now ? '，您的名额不受影响' : ''}。${reasonOf(f, 'zh', { zh: '说明', en: '' })}` },
  'prize-won': (f) => {
    const by = text(f, 'deadline');
    return {
      title: '恭喜您中奖',
      body: `您在${zhName(text(f, 'drawName'), '抽奖')}中抽中了${zhName(text(f, 'prizeName'), '奖品')}。${by ? `请在 ${beijingTime(by)}（北京时间）前确认领取，逾期将顺延给下一位。` : ''}`,
    };
  },
  'prize-passed-on': (f) => ({
    title: '奖品已顺延',
    body:
      f.reason === 'declined'
        ? `您已放弃在${zhName(text(f, 'drawName'), '抽奖')}中抽中的${zhName(text(f, 'prizeName'), '奖品')}，奖品已顺延给下一位。`
        : `您在${zhName(text(f, 'drawName'), '抽奖')}中抽中的${zhName(text(f, 'prizeName'), '奖品')}未在期限内确认领取，已按规则顺延给下一位。`,
  }),
  'subsidy-decided': (f) => {
    const programme = zhName(text(f, 'programmeName'), '补贴');
    const money = amount(f, 'zh');
    if (f.decision === 'approve') return { title: '补贴申请已通过审核', body: `您申请的${programme}已通过审核${money ? `（${money}）` : ''}，接下来将按名额抽签并公示，公示期满后发放。` };
    if (f.decision === 'reject') return { title: '补贴申请未通过', body: `您申请的${programme}未通过审核。${reasonOf(f, 'zh')}` };
    return { title: '补贴申请已有审核结果', body: `您申请的${programme}已有审核结果，请查看申请详情。` };
  },
  'objection-answered': (f) => {
    const programme = zhName(text(f, 'programmeName'), '补贴');
    const upheld = f.decision === 'uphold';
    const why = reasonOf(f, 'zh', { zh: '说明', en: '' });
    if (f.decision !== 'uphold' && f.decision !== 'dismiss') return { title: '公示异议已处理', body: `关于${programme}公示结果的异议已处理，请查看详情。${why}` };
    if (f.role === 'applicant') {
      return upheld
        ? { title: '公示异议成立，申请被驳回', body: `针对您的${programme}申请的异议经审核成立，申请已被驳回。${why}` }
        : { title: '公示异议不成立', body: `针对您的${programme}申请的异议经审核不成立，您的申请恢复公示。${why}` };
    }
    return upheld
      ? { title: '您的异议已被采纳', body: `您对${programme}公示结果提出的异议经审核成立，该申请已被驳回。${why}` }
      : { title: '您的异议未被采纳', body: `您对${programme}公示结果提出的异议经审核不成立，公示继续。${why}` };
  },
  'claim-decided': (f) => {
    if (f.decision === 'approve') {
      const money = amount(f, 'zh');
      return { title: '理赔申请已通过', body: `您的理赔申请已通过${money ? `，核定金额 ${money}` : ''}，款项将发放至您的微信零钱。` };
    }
    if (f.decision === 'request-info') {
      const asked = text(f, 'reason');
      return { title: '理赔申请需补充材料', body: `审核人员请您补充材料${asked ? `：${asked}` : ''}。补充后请重新提交理赔申请。` };
    }
    if (f.decision === 'reject') return { title: '理赔申请未通过', body: `您的理赔申请未通过。${reasonOf(f, 'zh')}` };
    return { title: '理赔申请已有审核结果', body: '您的理赔申请已有审核结果，请查看理赔详情。' };
  },
  'payout-paid': (f) => {
    const what = f.sourceKind === 'claim' ? '理赔款' : f.sourceKind === 'subsidy' ? '补贴' : '款项';
    const money = amount(f, 'zh');
    return { title: '款项已到账', body: `您的${what}${money ? ` ${money}` : ''}已发放至微信零钱，请注意查收。` };
  },
  'birthday-benefit': (f) => {
    const rule = couponRule(f, 'zh');
    const until = text(f, 'validUntil');
    return {
      title: '生日快乐！工会为您送上生日券',
      body: `工会为您送上生日券${zhName(text(f, 'campaignName'), '')}${rule ? `（${rule}）` : ''}，已放入“我的券”${until ? `，请在 ${beijingTime(until)}（北京时间）前使用` : ''}。`,
    };
  },
};

const english: Record<NoticeKind, Words> = {
  'waitlist-offer': (f) => {
    const by = text(f, 'offerExpiresAt');
    return {
      title: 'A place has opened for you',
      body: `A place in ${enName(text(f, 'title'), 'the activity')}${startsAt(f, 'en')} has opened up and is held for you. ${by ? `Confirm by ${beijingTime(by)} (Beijing time)` : 'Confirm soon'}, or it passes to the next person on the waiting list.`,
    };
  },
  'activity-cancelled': (f) => ({
    title: 'Activity cancelled',
    body: `${text(f, 'title') ? `${enName(text(f, 'title'), '')}${startsAt(f, 'en')}, which you signed up for,` : `An activity you signed up for${startsAt(f, 'en')}`} has been cancelled.${reasonOf(f, 'en')}`,
  }),
  'activity-closed': (f) =>
    f.now === 'not-admitted'
      ? {
          title: 'No place for you this time',
          body: `${enName(text(f, 'title'), 'An activity')}${startsAt(f, 'en')} has closed its sign-ups; no place came free for you on the waiting list.${reasonOf(f, 'en', { zh: '', en: 'Note' })}`,
        }
      : {
          title: 'Sign-ups closed',
          body: `${enName(text(f, 'title'), 'An activity')}${startsAt(f, 'en')} has closed its sign-ups${f.now ? '; your place stands' : ''}.${reasonOf(f, 'en', { zh: '', en: 'Note' })}`,
        },
  'prize-won': (f) => {
    const by = text(f, 'deadline');
    return {
      title: 'You won a prize',
      body: `You won ${enName(text(f, 'prizeName'), 'a prize')} in ${enName(text(f, 'drawName'), 'a prize draw')}.${by ? ` Accept it by ${beijingTime(by)} (Beijing time), or it passes to the next in line.` : ''}`,
    };
  },
  'prize-passed-on': (f) => ({
    title: 'Prize passed on',
    body:
      f.reason === 'declined'
        ? `You declined ${enName(text(f, 'prizeName'), 'the prize')} you won in ${enName(text(f, 'drawName'), 'a prize draw')}; it has passed to the next in line.`
        : `${enName(text(f, 'prizeName'), 'The prize')} you won in ${enName(text(f, 'drawName'), 'a prize draw')} was not accepted in time and has passed to the next in line.`,
  }),
  'subsidy-decided': (f) => {
    const programme = enName(text(f, 'programmeName'), 'a subsidy');
    const money = amount(f, 'en');
    if (f.decision === 'approve') {
      return { title: 'Subsidy application approved', body: `Your application for ${programme} was approved${money ? ` (${money})` : ''}. It now goes to the draw (where places are limited) and on public notice; it is paid when the notice ends.` };
    }
    if (f.decision === 'reject') return { title: 'Subsidy application not approved', body: `Your application for ${programme} was not approved.${reasonOf(f, 'en')}` };
    return { title: 'Subsidy application decided', body: `Your application for ${programme} has been decided; see the application for details.` };
  },
  'objection-answered': (f) => {
    const programme = enName(text(f, 'programmeName'), 'a subsidy');
    const upheld = f.decision === 'uphold';
    const why = reasonOf(f, 'en', { zh: '', en: 'Note' });
    if (f.decision !== 'uphold' && f.decision !== 'dismiss') return { title: 'Objection decided', body: `An objection about a result of ${programme} on public notice has been decided; see the details.${why}` };
    if (f.role === 'applicant') {
      return upheld
        ? { title: 'An objection to your application was upheld', body: `An objection to your application for ${programme} was upheld, and the application has been rejected.${why}` }
        : { title: 'An objection to your application was dismissed', body: `An objection to your application for ${programme} was dismissed; your result is back on public notice.${why}` };
    }
    return upheld
      ? { title: 'Your objection was upheld', body: `Your objection to a result of ${programme} on public notice was upheld; the application has been rejected.${why}` }
      : { title: 'Your objection was dismissed', body: `Your objection to a result of ${programme} on public notice was dismissed; the notice goes on.${why}` };
  },
  'claim-decided': (f) => {
    if (f.decision === 'approve') {
      const money = amount(f, 'en');
      return { title: 'Claim approved', body: `Your claim was approved${money ? ` for ${money}` : ''}; it will be paid to your WeChat wallet.` };
    }
    if (f.decision === 'request-info') {
      const asked = text(f, 'reason');
      return { title: 'More information needed for your claim', body: `The reviewer asks for more${asked ? `: ${asked}${/[.!?。]$/.test(asked) ? '' : '.'}` : '.'} Add it and resubmit your claim.` };
    }
    if (f.decision === 'reject') return { title: 'Claim rejected', body: `Your claim was rejected.${reasonOf(f, 'en')}` };
    return { title: 'Claim decided', body: 'Your claim has been decided; see the claim for details.' };
  },
  'payout-paid': (f) => {
    const what = f.sourceKind === 'claim' ? 'your claim' : f.sourceKind === 'subsidy' ? 'your subsidy' : 'you';
    const money = amount(f, 'en');
    return { title: 'Payment sent', body: `${money ? `${money} for ${what} has` : `A payment for ${what} has`} been paid to your WeChat wallet.` };
  },
  'birthday-benefit': (f) => {
    const rule = couponRule(f, 'en');
    const until = text(f, 'validUntil');
    return {
      title: 'Happy birthday! A coupon from your union',
      body: `Your union has given you a birthday coupon${f.campaignName ? ` of ${enName(text(f, 'campaignName'), '')}` : ''}${rule ? ` (${rule})` : ''}; it is in your coupons${until ? `. Use it by ${beijingTime(until)} (Beijing time)` : ''}.`,
    };
  },
};

/** The title and body of a notice in `language`. */
export function renderNotice(notice: Pick<Notice, 'kind' | 'facts'>, language: Language): NoticeWords {
  const words = (language === 'zh' ? chinese : english)[notice.kind];
  // A kind this code does not know yet (written by a newer version): say something true.
  if (!words) return language === 'zh' ? { title: '新通知', body: '您有一条新通知。' } : { title: 'New notice', body: 'You have a new notice.' };
  const { title, body } = words(notice.facts ?? {});
  return { title, body: body.trim() };
}
