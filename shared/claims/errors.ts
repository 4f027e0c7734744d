import { Conflict, DomainError, inChinese, NotFound } from '../errors';

inChinese({
  POLICY_NOT_FOUND: '未找到该保单。',
  CLAIM_NOT_FOUND: '未找到该理赔申请。',
  CLAIM_CHANGED: '该理赔申请刚被处理，请刷新后重试。',
  CLAIM_INVALID: '理赔申请有误，请按 errors 中列出的字段修改。',
  COVER_EXCEEDED: '赔付金额超出保单剩余保额。',
  DOCUMENT_NOT_FOUND: '未找到该材料。',
});

export class ClaimNotFound extends NotFound {
  constructor() {
    super('The claim', 'CLAIM_NOT_FOUND');
  }
}

export class DocumentNotFound extends NotFound {
  constructor() {
    super('The document', 'DOCUMENT_NOT_FOUND');
  }
}

export class PolicyNotFound extends NotFound {
  constructor() {
    super('The policy', 'POLICY_NOT_FOUND');
  }
}

export class ClaimInvalid extends DomainError {
  constructor(field: string, message: string) {
    super('invalid', 'CLAIM_INVALID', message, { errors: [{ field, message }] });
  }
}

export class IllegalTransition extends Conflict {
  constructor(from: string, to: string) {
    super('ILLEGAL_TRANSITION', `A claim that is ${from} cannot become ${to}.`);
  }
}

export class CoverExceeded extends DomainError {
  constructor(remainingFen: number) {
    super('invalid', 'COVER_EXCEEDED', `The amount exceeds the cover left on the policy (${remainingFen} fen).`, {
      errors: [{ field: 'body.amountFen', message: `at most ${remainingFen}`, zh: `最多 ${remainingFen}` }],
      remainingFen,
    });
  }
}

export class ClaimChanged extends Conflict {
  constructor() {
    super('CLAIM_CHANGED', 'The claim changed meanwhile; read it again.');
  }
}
