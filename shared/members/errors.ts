import { Conflict, DomainError, inChinese, NotFound } from '../errors';

inChinese({
  NOT_REGISTERED: '请先注册成为会员。',
  ALREADY_A_MEMBER: '您已是该工会的会员。',
  NOT_A_MEMBER: '您还不是工会会员。',
  NOT_A_MEMBER_UNION: '该组织不接收会员入会，请选择基层工会。',
  MEMBERSHIP_CHANGED: '您的会籍刚发生变化，请刷新后重试。',
  REQUEST_PENDING: '您已有一个待审批的入会或转会申请。',
  REQUEST_NOT_FOUND: '未找到该入会申请。',
});

export class NotRegistered extends DomainError {
  constructor() {
    super('conflict', 'NOT_REGISTERED', 'Sign up as a member first (POST /members).');
  }
}

export class AlreadyAMember extends Conflict {
  constructor() {
    super('ALREADY_A_MEMBER', 'You already belong to a union; transfer instead, or leave it first.');
  }
}

export class RequestPending extends Conflict {
  constructor() {
    super('REQUEST_PENDING', 'You already have a join or transfer request waiting for approval.');
  }
}

export class NotAMember extends Conflict {
  constructor() {
    super('NOT_A_MEMBER', 'You do not belong to a union.');
  }
}

/** The tiers members cannot join, as a Chinese caller reads them (the console's names). */
const tierInChinese: Record<string, string> = { province: '省总工会', city: '市总工会', county: '区县工会', town: '街镇工会' };

export class NotAMemberUnion extends DomainError {
  constructor(kind: string) {
    super('invalid', 'NOT_A_MEMBER_UNION', `Members join grassroots unions or industry federations, not a ${kind}.`, {
      errors: [{ field: 'body.organisationId', message: `is a ${kind}`, zh: `是${tierInChinese[kind] ?? '上级工会'}（会员只能加入基层工会或行业工会联合会）` }],
    });
  }
}

export class RequestNotFound extends NotFound {
  constructor() {
    super('The join request', 'REQUEST_NOT_FOUND');
  }
}

export class MembershipChanged extends Conflict {
  constructor() {
    super('MEMBERSHIP_CHANGED', 'The membership changed meanwhile; read it again.');
  }
}
