/**
 * A personal notice in a member's inbox: written when something happens to her (a waiting-list
 * offer, a cancelled activity, a prize won or passed on, a subsidy or claim decided, an objection
 * answered, a payout paid, a birthday coupon given), in the same transaction as the change itself or by an idempotent
 * consumer of it, so none is lost or doubled. It carries what happened as a kind and its facts;
 * the inbox renders the words in the reader's language (render.ts).
 */

export const noticeKinds = [
  'waitlist-offer',
  'activity-cancelled',
  'activity-closed',
  'prize-won',
  'prize-passed-on',
  'subsidy-decided',
  'objection-answered',
  'claim-decided',
  'payout-paid',
  'birthday-benefit',
] as const;

export type NoticeKind = (typeof noticeKinds)[number];

export type FactValue = string | number | boolean;

export interface Notice {
  userId: string;
  /**
   * Unique per event, derived from the event itself (`offer#<activityId>#<userId>#<n>`,
   * `claim-decided#<claimId>#<version>`…), never random: a retried change that writes the same
   * notice again is refused by the notice's own condition.
   */
  noticeId: string;
  kind: NoticeKind;
  /**
   * When it happened (ISO instant); the inbox lists newest first by it. Taken from the event,
   * never from the moment of delivery: it is part of the notice's key, so a consumer that
   * delivers the same event again must write the same `at` for the redelivery to be refused.
   */
  at: string;
  /**
   * The facts the words are made of: ids to link to, titles, amounts, deadlines. What each kind
   * reads (anything missing is left out of the words, never an error):
   *   waitlist-offer      activityId, title, startsAt, offerExpiresAt (ISO instants: when it starts, when the offer lapses)
   *   activity-cancelled  activityId, title, startsAt, was, now (her sign-up's status before and after), reason
   *   activity-closed     activityId, title, startsAt, was, now (not-admitted: she was still waiting), reason
   *   prize-won           drawId, drawName, prizeName, rank, deadline (ISO instant to accept it by)
   *   prize-passed-on     drawId, drawName, prizeName, reason (declined | lapsed)
   *   subsidy-decided     applicationId, programmeId, programmeName, decision (approve|reject), amountFen, reason
   *   objection-answered  applicationId, programmeId, programmeName, decision (uphold|dismiss), role (objector|applicant), reason
   *   claim-decided       claimId, decision (approve|reject|request-info), amountFen (approved), reason
   *   payout-paid         payoutId, amountFen, sourceKind (subsidy|claim), sourceId
   *   birthday-benefit    month (YYYY-MM), code, campaignId, campaignName, thresholdFen, discountFen, validUntil (ISO instant)
   */
  facts: Record<string, FactValue>;
}

/** A notice as stored: with whether, and when, its member read it. */
export interface StoredNotice extends Notice {
  read: boolean;
  readAt?: string;
}
