/**
 * The monthly birthday run: on the 1st (Asia/Shanghai) one message per union that switched the
 * benefit on; each message's worker pages through that union's members born in the month and
 * grants each her coupon, carrying on in a new message when its time runs out.
 *
 * Exactly once per member and month, whatever happens to the run: every grant is one transaction
 * that writes a guard item per member and month (refused if it exists) with the coupon and the
 * notice. So a run repeated (the schedule fired twice, an operator ran it by hand), two runs
 * overlapping, a message redelivered after its worker died half-way, or a member reached by two
 * unions' runs, all give her nothing twice; and a worker that died before sending its continuation
 * leaves its message to be delivered again, which starts over from its own cursor.
 */
import type { CouponStore } from '../coupons/coupon-store';
import type { OrganisationReader } from '../organisations/organisation-store';
import { birthdayCoupon, birthdayNotice, campaignUnfit, monthOfYear, nestedBenefitPaths, shanghaiMonth, type BirthdayJob } from './birthday-benefit';
import type { BirthdayStore, QueueBirthdayJob } from './birthday-store';

/**
 * Fan-out:
 *  1. The month is the one the run was scheduled in (Shanghai), so a late or repeated run of the
 *     1st still grants that month's birthdays, and a run by hand with `at` grants another's.
 *  2. One message per union whose benefit is on; the workers do the rest in parallel.
 */
export async function queueBirthdayRuns(deps: { birthdays: Pick<BirthdayStore, 'benefitsOn'>; queue: QueueBirthdayJob }, at: Date) {
  const month = shanghaiMonth(at);
  const unions = await deps.birthdays.benefitsOn();
  for (const benefit of unions) await deps.queue({ organisationId: benefit.organisationId, month });
  return { month, unions: unions.length };
}

export interface RunDependencies {
  birthdays: BirthdayStore;
  coupons: Pick<CouponStore, 'campaign'>;
  orgs: OrganisationReader;
  continueLater: QueueBirthdayJob;
  /** Members per index page (one grant transaction each). */
  pageSize?: number;
}

export interface RunResult {
  granted: number;
  alreadyGranted: number;
  notEligible: number;
  done: boolean;
  skipped?: string;
}

/**
 * Worker, for one union and month:
 *  1. Read the union's benefit, its campaign and the union as they are now: a benefit switched
 *     off, a campaign ended or a union closed since the fan-out gives nothing more.
 *  2. Leave out the subtrees of unions below that run their own benefit (nearest union decides).
 *  3. Page through the birthday index under the union's path from the job's cursor, granting each
 *     member (at least one page, so every message makes progress), until the deadline.
 *  4. Not finished: queue the same job with the cursor reached.
 */
export async function grantBirthdays(deps: RunDependencies, job: BirthdayJob, deadline: number, at: Date = new Date()): Promise<RunResult & { cursor?: string }> {
  const result: RunResult = { granted: 0, alreadyGranted: 0, notEligible: 0, done: true };
  const benefit = await deps.birthdays.benefit(job.organisationId);
  if (!benefit || benefit.status !== 'on' || !benefit.campaignId) return { ...result, skipped: 'the benefit is off' };
  const campaign = await deps.coupons.campaign(benefit.campaignId);
  const unfit = campaignUnfit(campaign, job.month);
  if (unfit) return { ...result, skipped: unfit };
  const union = await deps.orgs.get(job.organisationId);
  if (!union || union.status !== 'active') return { ...result, skipped: 'the union is closed' };

  const others = await deps.birthdays.benefitsOn();
  const enabledPaths = (await deps.orgs.getMany(others.map((b) => b.organisationId))).map((o) => o.path);
  const excluding = nestedBenefitPaths(union.path, enabledPaths);

  let cursor = job.cursor;
  do {
    const page = await deps.birthdays.bornIn(union.path, monthOfYear(job.month), { limit: deps.pageSize ?? 100, cursor }, excluding);
    for (const member of page.items) {
      const coupon = birthdayCoupon(campaign!, member.userId, job.month, at);
      const outcome = await deps.birthdays.grant({ coupon, notice: birthdayNotice(coupon, job.month), month: job.month, organisationId: union.id });
      if (outcome === 'granted') result.granted++;
      else if (outcome === 'already-granted') result.alreadyGranted++;
      else result.notEligible++;
    }
    cursor = page.cursor;
  } while (cursor && Date.now() < deadline);

  if (cursor) {
    await deps.continueLater({ ...job, cursor });
    return { ...result, done: false, cursor };
  }
  return result;
}
