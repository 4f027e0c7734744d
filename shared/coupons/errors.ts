import { Conflict, DomainError, inChinese, NotFound } from '../errors';

inChinese({
  CAMPAIGN_NOT_FOUND: '未找到该消费券活动。',
  CAMPAIGN_ENDED: '该消费券活动已结束。',
  NOT_OPEN_YET: '今天的消费券尚未开抢，请在开抢时间后再来。',
  SOLD_OUT: '今天的消费券已抢完，明天再来。',
  LIMIT_REACHED: '您已达到该活动的领取上限。',
  COUPON_NOT_FOUND: '未找到该消费券。',
  COUPON_NOT_REDEEMABLE: '该消费券不可核销：可能已使用、已过期或不在本商户使用。',
});

export class CampaignNotFound extends NotFound {
  constructor() {
    super('The campaign', 'CAMPAIGN_NOT_FOUND');
  }
}

export class NotOpenYet extends DomainError {
  constructor(opensAt: Date) {
    const wait = Math.max(1, Math.ceil((opensAt.getTime() - Date.now()) / 1000));
    super('too-early', 'NOT_OPEN_YET', `Today's coupons open at ${opensAt.toISOString()}.`, {
      opensAt: opensAt.toISOString(),
      retryAfterSeconds: Math.min(wait, 3600),
    });
  }
}

export class SoldOut extends DomainError {
  constructor(day: string) {
    super('gone', 'SOLD_OUT', `All of ${day}'s coupons have been claimed. Try again tomorrow.`);
  }
}

export class CampaignEnded extends DomainError {
  constructor() {
    super('gone', 'CAMPAIGN_ENDED', 'This campaign has ended.');
  }
}

export class LimitReached extends Conflict {
  constructor(which: 'day' | 'campaign') {
    super('LIMIT_REACHED', which === 'day' ? 'You have claimed all your coupons for today.' : 'You have claimed all your coupons of this campaign.');
  }
}

export class CouponNotFound extends NotFound {
  constructor() {
    super('The coupon', 'COUPON_NOT_FOUND');
  }
}

export class CouponNotRedeemable extends Conflict {
  constructor(reason: string) {
    super('COUPON_NOT_REDEEMABLE', reason);
  }
}

export class ClaimsBusy extends DomainError {
  constructor() {
    super('busy', 'BUSY', 'Many members are claiming right now; try again in a second.', { retryAfterSeconds: 1 });
  }
}
