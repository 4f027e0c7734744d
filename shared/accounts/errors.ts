import { Conflict } from '../errors';

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
