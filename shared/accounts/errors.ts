import { Conflict } from '../errors';

export class AlreadyRegistered extends Conflict {
  constructor() {
    super('ALREADY_REGISTERED', 'This sign-in already has a member profile.');
  }
}
