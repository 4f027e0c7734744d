/** The activities' problems, each with its stable code (statuses by kind in shared/http/problem.ts). */
import { Conflict, DomainError, inChinese, NotFound } from '../errors';

inChinese({
  ACTIVITY_NOT_FOUND: '未找到该活动。',
  SIGN_UP_NOT_OPEN: '该活动尚未开始报名，请在报名开始后再来。',
  SIGN_UP_CLOSED: '该活动已截止报名。',
  ACTIVITY_CANCELLED: '该活动已取消。',
  ACTIVITY_STATE: '活动当前的状态不允许此操作。',
  ALREADY_SIGNED_UP: '您已报名该活动（或已在候补名单中）。',
  NOT_SIGNED_UP: '您没有报名该活动。',
  ALREADY_CHECKED_IN: '您已签到，不能取消报名。',
  NO_SEAT: '该会员没有该活动的名额，不能签到。',
  CHECK_IN_CODE_INVALID: '签到码无效：不是本平台签发的签到码。',
  CHECK_IN_WRONG_ACTIVITY: '该签到码属于另一个活动。',
  SCAN_TIME_INVALID: '扫码时间不在签到时段内。',
});

/** Also what anyone answers for an activity outside her audience or scope: its existence is not her business. */
export class ActivityNotFound extends NotFound {
  constructor() {
    super('The activity', 'ACTIVITY_NOT_FOUND');
  }
}

export class SignUpNotOpen extends DomainError {
  constructor(opensAt: string) {
    super('too-early', 'SIGN_UP_NOT_OPEN', `Sign-up opens at ${opensAt}.`, { opensAt });
  }
}

export class SignUpClosed extends DomainError {
  constructor() {
    super('gone', 'SIGN_UP_CLOSED', 'Sign-up for this activity has closed.');
  }
}

export class ActivityCancelled extends DomainError {
  constructor() {
    super('gone', 'ACTIVITY_CANCELLED', 'This activity has been cancelled.');
  }
}

export class ActivityState extends Conflict {
  constructor(status: string, to: string) {
    super('ACTIVITY_STATE', `An activity that is ${status} cannot be ${to}.`);
  }
}

export class AlreadySignedUp extends Conflict {
  constructor(status: string) {
    super('ALREADY_SIGNED_UP', `You are already on this activity's list (${status}).`);
  }
}

export class NotSignedUp extends NotFound {
  constructor() {
    super('Your sign-up for this activity', 'NOT_SIGNED_UP');
  }
}

export class AlreadyCheckedIn extends Conflict {
  constructor() {
    super('ALREADY_CHECKED_IN', 'You have already checked in; there is nothing to cancel.');
  }
}

export class NoOffer extends Conflict {
  constructor() {
    super('NO_OFFER', 'You hold no offer of a seat for this activity.');
  }
}

export class OfferLapsed extends DomainError {
  constructor(expiredAt: string) {
    super('gone', 'OFFER_LAPSED', `The offer lapsed at ${expiredAt}; the seat has passed to the next in line.`, { expiredAt });
  }
}

export class NoSeat extends Conflict {
  constructor(status: string) {
    super('NO_SEAT', `This member holds no seat to check in with (${status}).`);
  }
}

/** A code we did not sign: forged, altered (another member's id), truncated or not a code at all. */
export class CheckInCodeInvalid extends DomainError {
  constructor() {
    super('invalid', 'CHECK_IN_CODE_INVALID', 'This is not a check-in code we issued.', { errors: [{ field: 'body.code', message: 'is not a check-in code we issued', zh: '不是本平台签发的签到码' }] });
  }
}

export class CheckInWrongActivity extends Conflict {
  constructor() {
    super('CHECK_IN_WRONG_ACTIVITY', 'This check-in code is for another activity.');
  }
}

export class ScanTimeInvalid extends DomainError {
  constructor(message: string) {
    super('invalid', 'SCAN_TIME_INVALID', `The scan time ${message}.`, { errors: [{ field: 'body.scannedAt', message }] });
  }
}

/** Many members at once on one activity: the client retries after a second. */
export class SignUpsBusy extends DomainError {
  constructor() {
    super('busy', 'BUSY', 'Many members are signing up right now; try again in a second.', { retryAfterSeconds: 1 });
  }
}
