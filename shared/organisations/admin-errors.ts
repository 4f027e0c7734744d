import { Conflict, inChinese, NotFound } from '../errors';

inChinese({
  USER_NOT_FOUND: '未找到该用户：对方需先注册。',
  ALREADY_ADMIN: '该用户已是这个工会组织的管理员。',
  ADMIN_NOT_FOUND: '该用户不是这个工会组织的管理员。',
});

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
