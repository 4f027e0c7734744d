import { Conflict, DomainError } from '../errors';

export class IdentityNotVerified extends DomainError {
  constructor(field: string, reason: string) {
    super('invalid', 'IDENTITY_NOT_VERIFIED', 'The real-name check failed.', { errors: [{ field, message: reason }] });
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
