/**
 * The notices the subsidy, claim and payout flows write, each with an id derived from the event
 * it tells of (the thing decided and its new version, or the payout paid), so writing the same
 * event again delivers nothing new. The flows put them into the transaction of the change itself.
 */
import type { Notice, NoticeKind } from './notice';

/**
 * A notice of `kind` to `userId`, its id the kind and what names the event (`event`: the thing and
 * its version…), its facts without the empty ones.
 */
const notice = (kind: NoticeKind, userId: string, event: (string | number)[], at: string, values: Record<string, string | number | boolean | undefined>): Notice => ({
  userId,
  noticeId: [kind, ...event].join('#'),
  kind,
  at,
  facts: Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '')),
});

/** A subsidy application approved or rejected by a reviewer; `version` is the application's version after the decision. */
export function subsidyDecided(
  application: { applicationId: string; programmeId: string; userId: string; amountFen: number },
  decision: { approve: boolean; reason?: string },
  version: number,
  at: string,
  programmeName?: string,
): Notice {
  return notice('subsidy-decided', application.userId, [application.applicationId, version], at, {
    applicationId: application.applicationId,
    programmeId: application.programmeId,
    programmeName,
    decision: decision.approve ? 'approve' : 'reject',
    amountFen: decision.approve ? application.amountFen : undefined,
    reason: decision.reason,
  });
}

/**
 * An objection decided: one notice to the member who objected and one to the applicant (who
 * never learns who objected); `version` is the application's version after the decision.
 */
export function objectionAnswered(
  application: { applicationId: string; programmeId: string; userId: string; objection?: { by: string } },
  decision: { decision: 'uphold' | 'dismiss'; reason: string },
  version: number,
  at: string,
  programmeName?: string,
): Notice[] {
  const about = { applicationId: application.applicationId, programmeId: application.programmeId, programmeName, decision: decision.decision, reason: decision.reason };
  const to = (userId: string, role: 'objector' | 'applicant') => notice('objection-answered', userId, [application.applicationId, version, role], at, { ...about, role });
  return [...(application.objection ? [to(application.objection.by, 'objector')] : []), to(application.userId, 'applicant')];
}

/** A claim decided (approved, rejected, or more information asked for); `version` is the claim's version after it. */
export function claimDecided(
  claim: { claimId: string; userId: string },
  review: { decision: 'approve' | 'reject' | 'request-info'; reason?: string; approvedAmountFen?: number },
  version: number,
  at: string,
): Notice {
  const amountFen = review.decision === 'approve' ? review.approvedAmountFen : undefined;
  return notice('claim-decided', claim.userId, [claim.claimId, version], at, { claimId: claim.claimId, decision: review.decision, amountFen, reason: review.reason });
}

/** A payout item paid (once in its life: paid is final). */
export function payoutPaid(item: { payoutId: string; userId: string; amountFen: number; source: { kind: 'subsidy' | 'claim'; id: string } }, at: string): Notice {
  return notice('payout-paid', item.userId, [item.payoutId], at, { payoutId: item.payoutId, amountFen: item.amountFen, sourceKind: item.source.kind, sourceId: item.source.id });
}
