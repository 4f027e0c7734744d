/**
 * A personal notice in a member's inbox: written when something happens to her (a waiting-list
 * offer, a cancelled activity, a prize won or passed on, a subsidy or claim decided, an objection
 * answered, a payout paid), in the same transaction as the change itself or by an idempotent
 * consumer of it, so none is lost or doubled. It carries what happened as a kind and its facts;
 * the inbox renders the words in the reader's language.
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
] as const;

export type NoticeKind = (typeof noticeKinds)[number];

export interface Notice {
  userId: string;
  /**
   * Unique per event, derived from the event itself (`offer#<activityId>#<userId>#<n>`,
   * `claim-decided#<claimId>#<version>`…), never random: a retried change that writes the same
   * notice again is refused by the notice's own condition.
   */
  noticeId: string;
  kind: NoticeKind;
  /** When it happened (ISO instant); the inbox lists newest first by it. */
  at: string;
  /** The facts the words are made of: ids to link to, titles, amounts, deadlines. */
  facts: Record<string, string | number | boolean>;
}
