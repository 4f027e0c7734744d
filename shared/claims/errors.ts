import { Conflict, DomainError, NotFound } from '../errors';

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
      errors: [{ field: 'body.amountFen', message: `at most ${remainingFen}` }],
      remainingFen,
    });
  }
}
