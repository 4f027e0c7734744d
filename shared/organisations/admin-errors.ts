import { Conflict, NotFound } from '../errors';

/** Only someone who has signed up (a member profile) can be appointed. */
export class UserNotFound extends NotFound {
  constructor(userId: string) {
    super(`User ${userId}`, 'USER_NOT_FOUND');
  }
}

export class AlreadyAdmin extends Conflict {
  constructor() {
    super('ALREADY_ADMIN', 'This user already administers this union.');
  }
}

export class AdminNotFound extends NotFound {
  constructor() {
    super('The admin of this union', 'ADMIN_NOT_FOUND');
  }
}
