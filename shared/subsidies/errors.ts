import { Conflict, DomainError, inChinese, NotFound } from '../errors';
import type { PrecheckFailure } from './programme';

inChinese({
  PROGRAMME_NOT_FOUND: '未找到该补贴项目。',
  PROGRAMME_EXISTS: '已存在相同编号的补贴项目。',
  PRECHECK_FAILED: '您暂不符合该补贴项目的申请条件。',
  ALREADY_APPLIED: '本期您已申请过该补贴项目。',
  APPLICATION_NOT_FOUND: '未找到该申请。',
  APPLICATION_CHANGED: '该申请刚被处理，请刷新后重试。',
  CYCLE_STATE: '本期申请的状态不允许此操作。',
  LOTTERY_STATE: '抽签的状态不允许此操作：名单须在申请期结束后公布，且公布后不再改变。',
  ALREADY_OBJECTED: '您已对该结果提出过异议。',
  OBJECTION_CLOSED: '公示期已过或异议已处理，不再接受异议。',
});

export class ProgrammeNotFound extends NotFound {
  constructor() {
    super('The programme', 'PROGRAMME_NOT_FOUND');
  }
}

export class ApplicationNotFound extends NotFound {
  constructor() {
    super('The application', 'APPLICATION_NOT_FOUND');
  }
}

export class PrecheckFailed extends DomainError {
  constructor(failure: PrecheckFailure) {
    super('invalid', 'PRECHECK_FAILED', `The application fails the rule "${failure.rule}": ${failure.message}.`, {
      rule: failure.rule,
      errors: [{ field: failure.field, message: failure.message, zh: failure.zh }],
    });
  }
}

export class AlreadyApplied extends Conflict {
  constructor() {
    super('ALREADY_APPLIED', 'You have already applied to this programme in this cycle.');
  }
}

export class IllegalApplicationTransition extends Conflict {
  constructor(from: string, to: string) {
    super('ILLEGAL_TRANSITION', `An application that is ${from} cannot become ${to}.`);
  }
}

export class ApplicationChanged extends Conflict {
  constructor() {
    super('APPLICATION_CHANGED', 'The application changed meanwhile; read it again.');
  }
}

export class ProgrammeExists extends Conflict {
  constructor(programmeId: string) {
    super('PROGRAMME_EXISTS', `A programme with id ${programmeId} exists.`);
  }
}

export class LotteryState extends Conflict {
  constructor(message: string) {
    super('LOTTERY_STATE', message);
  }
}

export class AlreadyObjected extends Conflict {
  constructor() {
    super('ALREADY_OBJECTED', 'You have already objected to this result.');
  }
}

export class ObjectionClosed extends Conflict {
  constructor() {
    super('OBJECTION_CLOSED', 'An objection to this result was dismissed; the result stands.');
  }
}

/** Closing a cycle that is closed already (by an operator, or its window has ended) or not open yet. */
export class CycleState extends Conflict {
  constructor(message: string) {
    super('CYCLE_STATE', message);
  }
}

/** The cycle closed to applications while this one was being made (the store's condition refused it). */
export class CycleClosed extends PrecheckFailed {
  constructor() {
    super({ rule: 'application-window', field: 'params.programmeId', message: 'applications to this cycle are closed', zh: '本期申请已截止' });
  }
}
