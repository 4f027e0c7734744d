/** What can go wrong with a prize draw, as named errors with stable codes. */
import { Conflict, DomainError, NotAllowed, NotFound } from '../errors';

export class DrawNotFound extends NotFound {
  constructor() {
    super('The draw', 'DRAW_NOT_FOUND');
  }
}

export class NotEligibleToEnter extends NotAllowed {
  constructor(reason: string) {
    super(`You cannot enter this draw: ${reason}.`, 'NOT_ELIGIBLE');
    Object.assign(this.details, { reason });
  }
}

export class AlreadyEntered extends Conflict {
  constructor() {
    super('ALREADY_ENTERED', 'You have entered this draw already: one entry per member.');
  }
}

export class EntriesClosed extends Conflict {
  constructor(message = 'This draw takes no more entries.') {
    super('ENTRIES_CLOSED', message);
  }
}

export class EntriesNotOpen extends DomainError {
  constructor(opensAt: string) {
    super('too-early', 'ENTRIES_NOT_OPEN', `Entries open at ${opensAt}.`, { opensAt });
  }
}

export class DrawState extends Conflict {
  constructor(message: string) {
    super('DRAW_STATE', message);
  }
}

export class NoOffer extends Conflict {
  constructor() {
    super('NO_OFFER', 'No prize of this draw is offered to you now.');
  }
}

export class OfferLapsed extends DomainError {
  constructor(deadline: string) {
    super('gone', 'OFFER_LAPSED', `The offer lapsed at ${deadline}; the prize has passed to the next in rank.`, { deadline });
  }
}
