/**
 * What each reader sees of an application: in full, the admins of the applicant's union chain
 * (who decide objections, so they see who objected); the applicant, all but who objected.
 */
import type { Account } from '../accounts/account';
import type { Application, ApplicationEvent } from './application';
import type { SubsidyStore } from './subsidy-store';

/**
 * The application as the caller may see it: in full to the admins of the applicant's union chain
 * (who decide objections, so they see who objected); to the applicant without the objector's id.
 */
export function applicationFor<T extends Application & { timeline?: ApplicationEvent[] }>(application: T, view: 'admin' | 'applicant'): T {
  if (view === 'admin') return application;
  const { objection, timeline, ...rest } = application;
  return {
    ...rest,
    ...(objection && { objection: { reason: objection.reason, at: objection.at } }),
    ...(timeline && { timeline: timeline.map((event) => (event.to === 'objected' ? { ...event, by: 'a member' } : event)) }),
  } as T;
}

/** The caller's applications, as their applicant sees them. */
export async function myApplications(deps: { subsidies: Pick<SubsidyStore, 'byMember'> }, caller: Account, page: { limit: number; cursor?: string }) {
  const result = await deps.subsidies.byMember(caller.userId, page);
  return { items: result.items.map((application) => applicationFor(application, 'applicant')), cursor: result.cursor };
}

