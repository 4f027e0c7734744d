/** What can go wrong with a prize draw, as named errors with stable codes. */
import { Conflict, DomainError, inChinese, NotFound } from '../errors';

inChinese({
  DRAW_NOT_FOUND: '未找到该抽奖活动。',
  ALREADY_ENTERED: '您已报名参加此抽奖：每位会员限报名一次。',
  ENTRIES_CLOSED: '此抽奖已截止报名。',
  ENTRIES_NOT_OPEN: '此抽奖尚未开始报名。',
  DRAW_STATE: '抽奖的状态不允许此操作：名单须在报名截止后冻结公布，公布后不再改变。',
});

export class DrawNotFound extends NotFound {
  constructor() {
    super('The draw', 'DRAW_NOT_FOUND');
  }
}

export class AlreadyEntered extends Conflict {
  constructor() {
    super('ALREADY_ENTERED', 'You have entered this draw already: one entry per member.');
  }
}

export class EntriesClosed extends Conflict {
  constructor(message = 'This draw takes no more entries.') {
    super('ENTRIES_CLOSED', message);
  }
}

export class EntriesNotOpen extends DomainError {
  constructor(opensAt: string) {
    super('too-early', 'ENTRIES_NOT_OPEN', `Entries open at ${opensAt}.`, { opensAt });
  }
}

export class DrawState extends Conflict {
  constructor(message: string) {
    super('DRAW_STATE', message);
  }
}

export class NoOffer extends Conflict {
  constructor() {
    super('NO_OFFER', 'No prize of this draw is offered to you now.');
  }
}

export class OfferLapsed extends DomainError {
  constructor(deadline: string) {
    super('gone', 'OFFER_LAPSED', `The offer lapsed at ${deadline}; the prize has passed to the next in rank.`, { deadline });
  }
}
