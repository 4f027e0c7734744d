/** The port through which the birthday benefit's rules reach storage. */
import type { Coupon } from '../coupons/coupon';
import type { Notice } from '../inbox/notice';
import type { Page } from '../pagination';
import type { BirthdayBenefit, BirthdayMember } from './birthday-benefit';

export type GrantOutcome =
  /** The coupon (and notice) given now. */
  | 'granted'
  /** She already has this month's birthday benefit: from an earlier run, an overlapping one, another union's. */
  | 'already-granted'
  /** Her profile no longer meets it (left the union, not verified, another birth month): the index lagged. */
  | 'not-eligible';

export interface BirthdayStore {
  benefit(organisationId: string): Promise<BirthdayBenefit | undefined>;
  saveBenefit(benefit: BirthdayBenefit): Promise<void>;
  /** Every union's benefit that is on (a few thousand at most: read once per run). */
  benefitsOn(): Promise<BirthdayBenefit[]>;
  /** A page of the verified members under `orgPath` born in month `mm`, leaving out the subtrees under `excluding`. */
  bornIn(orgPath: string, mm: string, page: { limit: number; cursor?: string }, excluding: string[]): Promise<Page<BirthdayMember>>;
  /**
   * Gives `coupon` (and `notice`) to its member for `month`, all or nothing, only if no birthday
   * benefit of that month was given to her before, and only if her profile, at that instant, is a
   * verified member under `organisationId` born in that month.
   */
  grant(grant: { coupon: Coupon; notice: Notice; month: string; organisationId: string }): Promise<GrantOutcome>;
}

/** Sends a union's birthday run (or its continuation) to the queue. */
export type QueueBirthdayJob = (job: import('./birthday-benefit').BirthdayJob) => Promise<void>;
