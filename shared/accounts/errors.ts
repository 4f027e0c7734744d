import { Conflict, DomainError, inChinese } from '../errors';

inChinese({
  ALREADY_REGISTERED: '您已注册，无需重复注册。',
  PHONE_TAKEN: '该手机号已被另一个账户使用。',
  BIRTHDAY_VERIFIED: '生日已由实名认证的身份证号确定，不能修改。',
  NAME_VERIFIED: '姓名已通过实名认证，不能修改。',
});

export class AlreadyRegistered extends Conflict {
  constructor() {
    super('ALREADY_REGISTERED', 'This sign-in already has a member profile.');
  }
}

export class ProfileLocked extends Conflict {
  constructor() {
    super('NAME_VERIFIED', 'Your name is verified against your ID card and cannot be changed here.');
  }
}

/** The birthday of a verified member is the one in her ID number; benefits rely on it. */
export class BirthdayVerified extends Conflict {
  constructor() {
    super('BIRTHDAY_VERIFIED', 'Your birthday is fixed by your verified ID number and cannot be changed.');
  }
}

/** One phone number, one account: the number already belongs to another account. */
export class PhoneTaken extends DomainError {
  constructor() {
    super('conflict', 'PHONE_TAKEN', 'This phone number already belongs to another account.', {
      errors: [{ field: 'body.phone', message: 'already belongs to another account', zh: '已被其他账号使用' }],
    });
  }
}
