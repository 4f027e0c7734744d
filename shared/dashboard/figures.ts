/**
 * The dashboard's figures and the rules that count them, in plain TypeScript: what each stored
 * item contributes (to which organisation, in which month), the change a stream record makes
 * (what the item contributes after it, less what it contributed before), and how a change at one
 * organisation rises through its ancestors — also when a subtree moves. No storage here.
 *
 * Every figure is a sum over items of what each contributes *now*, so applying "after − before"
 * once per change telescopes to the current state whatever the order of the changes: two records
 * of one item applied out of order, or records of several tables interleaved, end at the same
 * figures. What must not happen is a record applied twice — the store's marker sees to that.
 */
import { shanghaiDay } from '../days';
import type { OrganisationKind } from '../organisations/organisation';

export const figureNames = [
  'organisations.province',
  'organisations.city',
  'organisations.county',
  'organisations.town',
  'organisations.grassroots',
  'organisations.industry-federation',
  'members',
  'verifiedMembers',
  /** Members of industry federations and of unions under one (gig workers): derived from `members` on the way up. */
  'federationMembers',
  'activities',
  'activityParticipants',
  'activityCheckIns',
  'draws',
  'drawEntrants',
  'couponsReleased',
  'couponsClaimed',
  'couponsRedeemed',
  'subsidiesPaid',
  'subsidiesPaidFen',
  'claimsPaid',
  'claimsPaidFen',
  'articles',
] as const;
export type FigureName = (typeof figureNames)[number];

/** Figures by name; an absent figure is 0. */
export type Figures = Partial<Record<FigureName, number>>;

/** A subtree's figures: totals, and the same figures by the month each counted thing happened (YYYY-MM). */
export interface Summary {
  totals: Figures;
  months: Record<string, Figures>;
}

/** Who a contribution belongs to: an organisation, or a record to look up once (its union never changes). */
export type OwnerRef =
  | { organisationId: string }
  | { campaignId: string }
  | { source: { kind: 'subsidy' | 'claim'; id: string } };

export interface Contribution {
  owner: OwnerRef;
  /** Asia/Shanghai month (YYYY-MM) of what it counts, also counted in that month's figures. */
  month?: string;
  figures: Figures;
}

/** The tables whose items make figures: each one's stream feeds the aggregator. */
export const sourceTables = ['organisations', 'accounts', 'activities', 'draws', 'coupons', 'payouts', 'news'] as const;
export type SourceTable = (typeof sourceTables)[number];

type Item = Record<string, any>;

/**
 * Which source table an item of a stream record comes from, by its key shape (the event's table
 * ARN carries a deployed name the function is not told); undefined for items that count nothing.
 */
export function sourceTableOf(keys: Item | undefined): SourceTable | undefined {
  const pk = String(keys?.pk ?? '');
  const sk = String(keys?.sk ?? '');
  if (pk.startsWith('ORG#') && sk === 'ORG') return 'organisations';
  if (pk.startsWith('USER#') && sk === 'ACCOUNT#PROFILE') return 'accounts';
  if (pk.startsWith('ACTIVITY#') && sk === 'ACTIVITY') return 'activities';
  if (pk.startsWith('DRAW#') && sk === 'DRAW') return 'draws';
  if ((pk.startsWith('DROP#') && sk === 'HEADER') || (pk.startsWith('COUPON#') && sk === 'COUPON')) return 'coupons';
  if (pk.startsWith('ITEM#') && sk === 'ITEM') return 'payouts';
  if (pk.startsWith('ARTICLE#') && sk === 'ARTICLE') return 'news';
  return undefined;
}

/** The Shanghai month of an instant (ISO) or of a Shanghai day (YYYY-MM-DD). */
export const monthOf = (when: string | undefined): string | undefined => {
  if (!when) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(when)) return when.slice(0, 7);
  const at = new Date(when);
  return Number.isNaN(at.getTime()) ? undefined : shanghaiDay(at).slice(0, 7);
};

/**
 * What one stored item contributes now. Items are told apart by their key shapes (the sort key,
 * and the partition key's prefix where the sort key is shared): the only place outside the owning
 * adapters that knows them, because a stream hands us raw items.
 */
export function contributionsOf(table: SourceTable, item: Item | undefined): Contribution[] {
  if (!item) return [];
  const pk = String(item.pk ?? '');
  const sk = String(item.sk ?? '');
  switch (table) {
    case 'organisations':
      if (!pk.startsWith('ORG#') || sk !== 'ORG' || item.status !== 'active') return [];
      return [{ owner: { organisationId: item.id }, month: monthOf(item.createdAt), figures: { [`organisations.${item.kind as OrganisationKind}`]: 1 } }];
    case 'accounts': {
      // A member profile with an active membership: counted in her union.
      const membership = item.membership as { organisationId?: string; since?: string } | undefined;
      if (!pk.startsWith('USER#') || sk !== 'ACCOUNT#PROFILE' || !membership?.organisationId) return [];
      return [{ owner: { organisationId: membership.organisationId }, month: monthOf(membership.since), figures: { members: 1, verifiedMembers: item.verified === true ? 1 : 0 } }];
    }
    case 'activities':
      // The activity itself (not its sign-ups: its counters say how many hold a seat and came).
      if (!pk.startsWith('ACTIVITY#') || sk !== 'ACTIVITY' || item.status === 'cancelled') return [];
      return [
        {
          owner: { organisationId: item.organisationId },
          month: monthOf(item.startsAt),
          figures: { activities: 1, activityParticipants: Number(item.seatsTaken ?? 0), activityCheckIns: Number(item.checkedIn ?? 0) },
        },
      ];
    case 'draws':
      if (!pk.startsWith('DRAW#') || sk !== 'DRAW' || !item.audience?.organisationId) return [];
      return [{ owner: { organisationId: item.audience.organisationId }, month: monthOf(item.createdAt), figures: { draws: 1, drawEntrants: Number(item.entrants ?? 0) } }];
    case 'coupons': {
      if (pk.startsWith('DROP#') && sk === 'HEADER') {
        return [{ owner: { campaignId: item.campaignId }, month: monthOf(item.day), figures: { couponsReleased: Number(item.quota ?? 0) } }];
      }
      if (!pk.startsWith('COUPON#') || sk !== 'COUPON') return [];
      const claimed: Contribution = { owner: { campaignId: item.campaignId }, month: monthOf(item.issuedAt), figures: { couponsClaimed: 1 } };
      if (item.status !== 'redeemed') return [claimed];
      return [claimed, { owner: { campaignId: item.campaignId }, month: monthOf(item.redemption?.at), figures: { couponsRedeemed: 1 } }];
    }
    case 'payouts': {
      if (!pk.startsWith('ITEM#') || sk !== 'ITEM' || item.status !== 'paid' || !item.source) return [];
      const amount = Number(item.amountFen ?? 0);
      const figures: Figures = item.source.kind === 'subsidy' ? { subsidiesPaid: 1, subsidiesPaidFen: amount } : { claimsPaid: 1, claimsPaidFen: amount };
      return [{ owner: { source: { kind: item.source.kind, id: item.source.id } }, month: monthOf(item.paidAt), figures }];
    }
    case 'news':
      if (!pk.startsWith('ARTICLE#') || sk !== 'ARTICLE' || item.status !== 'published') return [];
      return [{ owner: { organisationId: item.organisationId }, month: monthOf(item.publishedAt), figures: { articles: 1 } }];
  }
}

/** The key of an owner, to group contributions by. */
export const ownerKey = (owner: OwnerRef): string =>
  'organisationId' in owner ? `org:${owner.organisationId}` : 'campaignId' in owner ? `campaign:${owner.campaignId}` : `${owner.source.kind}:${owner.source.id}`;

/** A summary's change for one owner. */
export interface Delta {
  owner: OwnerRef;
  change: Summary;
}

/**
 * The change a stream record makes: what the item contributes after it, less what it contributed
 * before, by owner; owners whose figures do not change are left out (most updates change none).
 */
export function deltasOf(table: SourceTable, before: Item | undefined, after: Item | undefined): Delta[] {
  const byOwner = new Map<string, Delta>();
  const add = (contributions: Contribution[], sign: 1 | -1) => {
    for (const contribution of contributions) {
      const key = ownerKey(contribution.owner);
      const delta = byOwner.get(key) ?? { owner: contribution.owner, change: emptySummary() };
      byOwner.set(key, delta);
      addFigures(delta.change.totals, contribution.figures, sign);
      if (contribution.month) addFigures((delta.change.months[contribution.month] ??= {}), contribution.figures, sign);
    }
  };
  add(contributionsOf(table, after), 1);
  add(contributionsOf(table, before), -1);
  return [...byOwner.values()].map((delta) => ({ ...delta, change: pruned(delta.change) })).filter((delta) => !isZero(delta.change));
}

export const emptySummary = (): Summary => ({ totals: {}, months: {} });

export function addFigures(into: Figures, figures: Figures, sign = 1): Figures {
  for (const [name, value] of Object.entries(figures) as [FigureName, number][]) {
    if (!value) continue;
    into[name] = (into[name] ?? 0) + sign * value;
  }
  return into;
}

/** `into` + sign × `summary`, in place. */
export function addSummary(into: Summary, summary: Summary, sign = 1): Summary {
  addFigures(into.totals, summary.totals, sign);
  for (const [month, figures] of Object.entries(summary.months)) addFigures((into.months[month] ??= {}), figures, sign);
  return pruned(into);
}

/** Without zero figures and empty months (a stored summary stays as small as its non-zero figures). */
export function pruned(summary: Summary): Summary {
  const prune = (figures: Figures) => Object.fromEntries(Object.entries(figures).filter(([, value]) => value !== 0)) as Figures;
  const months = Object.fromEntries(
    Object.entries(summary.months)
      .map(([month, figures]) => [month, prune(figures)] as const)
      .filter(([, figures]) => Object.keys(figures).length > 0),
  );
  return { totals: prune(summary.totals), months };
}

export const isZero = (summary: Summary) => Object.keys(pruned(summary).totals).length === 0 && Object.keys(pruned(summary).months).length === 0;

/**
 * A change as a node sees it. `federationMembers` is not counted per item: a member of a union is a
 * gig worker for every node at or above the nearest industry federation over her union. So from
 * that federation up, `federationMembers` moves with `members`; below it (and in subtrees with
 * none) it is whatever the change already carried.
 */
export function asSeenAbove(change: Summary, federationPassed: boolean): Summary {
  if (!federationPassed) return change;
  const lift = (figures: Figures): Figures => {
    const { federationMembers: _, ...rest } = figures;
    return figures.members ? { ...rest, federationMembers: figures.members } : rest;
  };
  return pruned({ totals: lift(change.totals), months: Object.fromEntries(Object.entries(change.months).map(([month, figures]) => [month, lift(figures)])) });
}

/** A node of the counted tree, as the rules need it. */
export interface ChainNode {
  organisationId: string;
  kind?: OrganisationKind;
}

/**
 * What a change at `chain[0]` (an organisation) does to each node of its chain, that node and its
 * ancestors up to the root, in order: the same change, seen from above the nearest federation.
 */
export function changesAlong(chain: ChainNode[], change: Summary): Summary[] {
  let passed = false;
  return chain.map((node) => {
    passed ||= node.kind === 'industry-federation';
    return asSeenAbove(change, passed);
  });
}

/**
 * What moving a subtree whose figures are `subtree` does to the ancestors it leaves (`from`, its old
 * parent up to the root) and to those it joins (`to`, its new parent up): each loses, or gains, the
 * subtree's figures as seen from there. A node on both chains gets both (its net change), keyed by id.
 */
export function moveChanges(subtree: Summary, from: ChainNode[], to: ChainNode[]): Map<string, Summary> {
  const result = new Map<string, Summary>();
  const apply = (chain: ChainNode[], sign: 1 | -1) => {
    changesAlong(chain, subtree).forEach((change, i) => {
      const id = chain[i]!.organisationId;
      result.set(id, addSummary(result.get(id) ?? emptySummary(), change, sign));
    });
  };
  apply(from, -1);
  apply(to, 1);
  return result;
}
