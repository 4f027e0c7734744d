/**
 * The notices the subsidy, claim and payout flows write, each with an id derived from the event
 * it tells of (the thing decided and its new version, or the payout paid), so writing the same
 * event again delivers nothing new. The flows put them into the transaction of the change itself.
 */
import type { Notice } from './notice';

const facts = (values: Record<string, string | number | boolean | undefined>) =>
  Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== ''));

/** A subsidy application approved or rejected by a reviewer; `version` is the application's version after the decision. */
export function subsidyDecided(
  application: { applicationId: string; programmeId: string; userId: string; amountFen: number },
  decision: { approve: boolean; reason?: string },
  version: number,
  at: string,
  programmeName?: string,
): Notice {
  return {
    userId: application.userId,
    noticeId: `subsidy-decided#${application.applicationId}#${version}`,
    kind: 'subsidy-decided',
    at,
    facts: facts({
      applicationId: application.applicationId,
      programmeId: application.programmeId,
      programmeName,
      decision: decision.approve ? 'approve' : 'reject',
      amountFen: decision.approve ? application.amountFen : undefined,
      reason: decision.reason,
    }),
  };
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
  const to = (userId: string, role: 'objector' | 'applicant'): Notice => ({
    userId,
    noticeId: `objection-answered#${application.applicationId}#${version}#${role}`,
    kind: 'objection-answered',
    at,
    facts: facts({ ...about, role }),
  });
  return [...(application.objection ? [to(application.objection.by, 'objector')] : []), to(application.userId, 'applicant')];
}

/** A claim decided (approved, rejected, or more information asked for); `version` is the claim's version after it. */
export function claimDecided(
  claim: { claimId: string; userId: string },
  review: { decision: 'approve' | 'reject' | 'request-info'; reason?: string; approvedAmountFen?: number },
  version: number,
  at: string,
): Notice {
  return {
    userId: claim.userId,
    noticeId: `claim-decided#${claim.claimId}#${version}`,
    kind: 'claim-decided',
    at,
    facts: facts({ claimId: claim.claimId, decision: review.decision, amountFen: review.decision === 'approve' ? review.approvedAmountFen : undefined, reason: review.reason }),
  };
}

/** A payout item paid (once in its life: paid is final). */
export function payoutPaid(item: { payoutId: string; userId: string; amountFen: number; source: { kind: 'subsidy' | 'claim'; id: string } }, at: string): Notice {
  return {
    userId: item.userId,
    noticeId: `payout-paid#${item.payoutId}`,
    kind: 'payout-paid',
    at,
    facts: { payoutId: item.payoutId, amountFen: item.amountFen, sourceKind: item.source.kind, sourceId: item.source.id },
  };
}
