/**
 * The lists people work from: the reviewers' work list (applications of a cycle in one status,
 * across an admin's whole subtree — `pending-review` to decide, `objected` for objections waiting
 * for a decision) and the public notice (公示) of a cycle's results, which members read and object
 * from.
 */
import type { Account } from '../accounts/account';
import { InvalidCursor } from '../errors';
import { memberSources } from '../members/membership';
import { OrganisationNotFound } from '../organisations/errors';
import type { OrganisationReader, OrganisationStore } from '../organisations/organisation-store';
import { ancestryOf, currentPathInScope, readOnce, segmentsOf } from '../organisations/scope';
import { decodeCursor, encodeCursor, readAcross, type Page } from '../pagination';
import type { Application, ApplicationStatus } from './application';
import { ProgrammeNotFound } from './errors';
import { assertCycleOf, cycleOf } from './programme';
import type { SubsidyStore } from './subsidy-store';

export interface ListDependencies {
  subsidies: Pick<SubsidyStore, 'programme' | 'bySubtree' | 'byCycle'>;
  orgs: Pick<OrganisationStore, 'get' | 'getMany' | 'movesInFlight'>;
}

interface Position {
  /** What the cursor was given out for: a cursor of another list, union or filter is refused. */
  list: string;
  /** The index prefix (work list) or status (notice) the next page starts in. */
  at: string;
  inner?: string;
}

function positionOf(cursor: string | undefined, list: string): Partial<Position> {
  const position = decodeCursor(cursor) as Partial<Position> | undefined;
  if (!position) return {};
  if (position.list !== list || typeof position.at !== 'string' || (position.inner !== undefined && typeof position.inner !== 'string')) throw new InvalidCursor();
  return position;
}

async function programmeCycle(deps: Pick<ListDependencies, 'subsidies'>, programmeId: string, cycle: string | undefined, now: Date, field = 'query.cycle') {
  const programme = await deps.subsidies.programme(programmeId);
  if (!programme) throw new ProgrammeNotFound();
  // Without a cycle: the one running now.
  if (cycle === undefined) return { programme, cycle: cycleOf(programme, now) };
  assertCycleOf(programme, cycle, field);
  return { programme, cycle };
}

/**
 * The reviewers' work list: a cycle's applications in one status in the subtree of `orgId` as the
 * tree is now, page by page (index `bySubtree`, a subtree by its path prefix, no scan).
 *
 * Applications keep their union's path from when they were made, and nothing re-paths them when a
 * subtree moves. So, as for member listings, while a move is in flight the old prefixes that hold
 * the subtree's applications are read first (see memberSources); and every application listed is
 * checked against the tree as it is now (its union's ancestry, read once per page), so one whose
 * union has moved out of the subtree is never shown.
 */
export async function workList(
  deps: ListDependencies,
  caller: Account,
  orgId: string,
  query: { programmeId: string; cycle?: string; status: ApplicationStatus; limit: number; cursor?: string },
  now: Date = new Date(),
): Promise<Page<Application> & { programmeId: string; cycle: string; status: ApplicationStatus }> {
  const organisation = await deps.orgs.get(orgId);
  if (!organisation) throw new OrganisationNotFound(orgId);
  const path = await currentPathInScope(caller, organisation, deps.orgs);
  const { cycle } = await programmeCycle(deps, query.programmeId, query.cycle, now);
  const list = `work:${orgId}:${query.programmeId}:${cycle}:${query.status}`;
  const position = positionOf(query.cursor, list);
  const sources = memberSources(path, await deps.orgs.movesInFlight());
  // A source gone since the last page (its move finished) has handed its records to the subtree's own prefix.
  let index = position.at === undefined ? 0 : sources.findIndex((source) => source.prefix === position.at);
  let inner = index >= 0 ? position.inner : undefined;
  if (index < 0) index = sources.length - 1;
  const reader = readOnce(deps.orgs);
  const { items, next } = await readAcross(
    sources,
    { index, inner },
    query.limit,
    (source, page) => deps.subsidies.bySubtree(query.programmeId, cycle, query.status, source.prefix, page),
    (application) => application.applicationId,
    async (application, source) => !source.excluding.some((prefix) => application.organisationPath.startsWith(prefix)) && (await underNow(application, orgId, reader)),
  );
  const cursor = next ? encodeCursor({ list, at: next.source.prefix, ...(next.inner ? { inner: next.inner } : {}) }) : undefined;
  return { programmeId: query.programmeId, cycle, status: query.status, items, cursor };
}

/** Whether the application's union lies under `orgId` as the tree is now. */
async function underNow(application: Application, orgId: string, orgs: OrganisationReader) {
  const chain = await ancestryOf(application.organisationId, orgs, { prefetch: segmentsOf(application.organisationPath) });
  return chain?.some((organisation) => organisation.id === orgId) ?? false;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the family name stays, the rest is masked. */
export const maskedName = (name: string) => {
  const characters = [...name.trim()];
  return `${characters[0] ?? ''}${'*'.repeat(Math.max(1, characters.length - 1))}`;
};

/** The results a notice shows: on notice, or held by an objection that waits for its decision. */
const onNotice: ApplicationStatus[] = ['in-notice', 'objected'];

/**
 * The public notice (公示) of a cycle's results: every selected application with the applicant's
 * masked name, her union's name, the amount and when the notice ends — nothing else. The
 * application id is what a member objects to (`POST /applications/{id}/objections`); it is a
 * random UUID and says nothing about the applicant. `objectionsOpen` tells whether an objection
 * would be taken now: on notice, before its end, and no objection dismissed already.
 */
export async function publicNotice(
  deps: ListDependencies,
  programmeId: string,
  cycle: string,
  page: { limit: number; cursor?: string },
  now: Date = new Date(),
) {
  const { programme } = await programmeCycle(deps, programmeId, cycle, now, 'params.cycle');
  const list = `notice:${programmeId}:${cycle}`;
  const position = positionOf(page.cursor, list);
  let index = position.at === undefined ? 0 : onNotice.indexOf(position.at as ApplicationStatus);
  if (index < 0) throw new InvalidCursor();
  let inner = position.inner;
  const found: Application[] = [];
  while (index < onNotice.length && found.length < page.limit) {
    const result = await deps.subsidies.byCycle(programmeId, cycle, onNotice[index]!, { limit: page.limit - found.length, cursor: inner });
    found.push(...result.items);
    if (result.cursor) inner = result.cursor;
    else {
      index++;
      inner = undefined;
    }
  }
  const unions = new Map((await deps.orgs.getMany([...new Set(found.map((a) => a.organisationId))])).map((o) => [o.id, o.name]));
  const at = now.toISOString();
  return {
    programmeId,
    programmeName: programme.name,
    cycle,
    items: found.map((application) => ({
      applicationId: application.applicationId,
      name: maskedName(application.applicantName),
      unionName: unions.get(application.organisationId) ?? '',
      amountFen: application.amountFen,
      noticeEndsAt: application.noticeEndsAt ?? '',
      objectionsOpen: application.status === 'in-notice' && !application.objectionDismissedAt && !!application.noticeEndsAt && at <= application.noticeEndsAt,
    })),
    cursor: index < onNotice.length ? encodeCursor({ list, at: onNotice[index]!, ...(inner ? { inner } : {}) }) : undefined,
  };
}
