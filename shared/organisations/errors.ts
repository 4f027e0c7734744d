import { Conflict, DomainError, inChinese, NotAllowed, NotFound } from '../errors';

inChinese({
  ORGANISATION_NOT_FOUND: '未找到该工会组织。',
  ORGANISATION_CLOSED: '该工会组织已撤销。',
  ORGANISATION_CHANGED: '该工会组织刚被修改，请刷新后重试。',
  ORGANISATION_MOVING: '该工会组织正在调整隶属关系，请稍后重试。',
  ORGANISATION_NOT_EMPTY: '请先转移或撤销其下级组织并转移其会员。',
  ROOT_CANNOT_CLOSE: '组织树的根（省总工会）不能撤销。',
  INVALID_PLACEMENT: '不能把工会组织放在这个位置。',
  NOT_IN_SCOPE: '该工会组织不在您管理的范围内。',
});

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

export class RootCannotClose extends NotAllowed {
  constructor() {
    super('The root of the tree cannot be closed.', 'ROOT_CANNOT_CLOSE');
  }
}
