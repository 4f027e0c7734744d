import { Conflict, DomainError, inChinese } from '../errors';

inChinese({
  ALREADY_VERIFIED: '您已完成实名认证。',
  IDENTITY_NOT_VERIFIED: '实名认证未通过：姓名与身份证号不符。',
  ID_NUMBER_IN_USE: '该身份证号已用于另一个账户的实名认证。',
  VERIFICATION_UNAVAILABLE: '实名认证服务暂不可用，请稍后重试。',
});

export class IdentityNotVerified extends DomainError {
  constructor(field: string, reason: string, zh: string) {
    super('invalid', 'IDENTITY_NOT_VERIFIED', 'The real-name check failed.', { errors: [{ field, message: reason, zh }] });
  }
}

export class IdNumberInUse extends Conflict {
  constructor() {
    super('ID_NUMBER_IN_USE', 'This ID number has already verified another member.');
  }
}

export class AlreadyVerified extends Conflict {
  constructor() {
    super('ALREADY_VERIFIED', 'You are already verified.');
  }
}

export class VerificationUnavailable extends DomainError {
  constructor() {
    super('unavailable', 'VERIFICATION_UNAVAILABLE', 'The real-name provider is unavailable; try again shortly.', { retryAfterSeconds: 30 });
  }
}
