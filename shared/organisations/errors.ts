import { Conflict, DomainError, NotAllowed, NotFound } from '../errors';

export class OrganisationNotFound extends NotFound {
  constructor(id: string) {
    super(`Organisation ${id}`, 'ORGANISATION_NOT_FOUND');
  }
}

export class NotInScope extends NotAllowed {
  constructor(what = 'this organisation') {
    super(`You do not administer ${what}.`, 'NOT_IN_SCOPE');
  }
}

export class OrganisationClosed extends Conflict {
  constructor(id: string) {
    super('ORGANISATION_CLOSED', `Organisation ${id} is closed.`);
  }
}

export class InvalidPlacement extends DomainError {
  constructor(message: string, field = 'body.parentId') {
    super('invalid', 'INVALID_PLACEMENT', message, { errors: [{ field, message }] });
  }
}

export class OrganisationNotEmpty extends Conflict {
  constructor() {
    super('ORGANISATION_NOT_EMPTY', 'Move or close its child organisations and move its members first.');
  }
}

export class OrganisationChanged extends Conflict {
  constructor() {
    super('ORGANISATION_CHANGED', 'The organisation changed meanwhile; read it again and retry.');
  }
}

export class OrganisationMoving extends Conflict {
  constructor() {
    super('ORGANISATION_MOVING', 'This organisation is still moving; try again when its subtree has followed.');
  }
}
