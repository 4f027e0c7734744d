/**
 * A realistic tree and member base at any scale, written straight to the tables with the same
 * item shapes and key helpers the domain uses: Guangdong's 21 cities, counties, towns,
 * grassroots unions (about 100 members each) and the six outdoor industry federations per city;
 * 70% of members in grassroots unions, 30% gig workers in federations, a quarter verified.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberProfile } from '../shared/accounts/account';
import { memberIndexKeys, profileKey } from '../shared/accounts/keys';
import { outdoorIndustries, type Industry } from '../shared/accounts/schemas';
import { childPath, type Organisation } from '../shared/organisations/organisation';
import { hmacPii } from '../shared/privacy/pii';
import { maskPhone } from '../shared/privacy/redact';

export const cities = [
  'guangzhou', 'shenzhen', 'zhuhai', 'shantou', 'foshan', 'shaoguan', 'zhanjiang', 'zhaoqing', 'jiangmen', 'maoming', 'huizhou',
  'meizhou', 'shanwei', 'heyuan', 'yangjiang', 'qingyuan', 'dongguan', 'zhongshan', 'chaozhou', 'jieyang', 'yunfu',
];

export interface SeedPlan {
  organisations: Organisation[];
  /** Grassroots unions and federations, where members go. */
  unions: Organisation[];
}

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The tree for `memberCount` members: enough grassroots unions for ~100 members each. */
export function planTree(memberCount: number, createdAt: string): SeedPlan {
  const grassrootsWanted = Math.max(cities.length, Math.round((memberCount * 0.7) / 100));
  const organisations: Organisation[] = [];
  const unions: Organisation[] = [];
  const make = (id: string, name: string, kind: Organisation['kind'], parent?: Organisation, extra: Partial<Organisation> = {}) => {
    const organisation: Organisation = {
      id,
      name,
      kind,
      parentId: parent?.id,
      path: childPath(parent, id),
      status: 'active',
      autoApprove: kind === 'industry-federation',
      memberCount: 0,
      childCount: 0,
      createdAt,
      ...extra,
    };
    if (parent) parent.childCount++;
    organisations.push(organisation);
    return organisation;
  };
  const province = make('gd', 'Guangdong Federation of Trade Unions', 'province');
  const perCity = Math.ceil(grassrootsWanted / cities.length);
  const countiesPerCity = Math.max(1, Math.min(8, Math.ceil(perCity / 40)));
  const townsPerCounty = Math.max(1, Math.min(10, Math.ceil(perCity / countiesPerCity / 8)));
  for (const cityName of cities) {
    const city = make(`s-${cityName}`, `${title(cityName)} Federation of Trade Unions`, 'city', province, { federationsOnDemand: true });
    for (const industry of outdoorIndustries) {
      unions.push(make(`s-${cityName}-${industry}`, `${title(cityName)} ${industry} federation`, 'industry-federation', city, { industry }));
    }
    let made = 0;
    for (let c = 0; c < countiesPerCity; c++) {
      const county = make(`s-${cityName}-c${c}`, `${title(cityName)} district ${c + 1}`, 'county', city);
      for (let t = 0; t < townsPerCounty; t++) {
        const town = make(`s-${cityName}-c${c}-t${t}`, `${title(cityName)} street ${c + 1}.${t + 1}`, 'town', county);
        const here = Math.ceil((perCity - made) / (countiesPerCity * townsPerCounty - (c * townsPerCounty + t)));
        for (let g = 0; g < here; g++, made++) {
          unions.push(make(`s-${cityName}-c${c}-t${t}-g${g}`, `Enterprise union ${cityName} ${c}.${t}.${g}`, 'grassroots', town, { autoApprove: g % 2 === 0 }));
        }
      }
    }
  }
  return { organisations, unions };
}

export function memberProfile(n: number, plan: SeedPlan, piiKey: string, registeredAt: string): MemberProfile {
  const gig = n % 10 < 3;
  const federations = plan.unions.filter((u) => u.kind === 'industry-federation');
  const grassroots = plan.unions.filter((u) => u.kind === 'grassroots');
  const union = gig ? federations[n % federations.length]! : grassroots[n % grassroots.length]!;
  const phone = `13${String(100_000_000 + n).slice(-9)}`;
  union.memberCount++;
  return {
    userId: `local-seed-${n}`,
    name: `Member ${n}`,
    phoneHash: hmacPii(piiKey, 'phone', phone),
    phoneMasked: maskPhone(phone),
    industry: (gig ? union.industry : 'other') as Industry,
    verified: n % 4 === 0,
    registeredAt,
    membership: { organisationId: union.id, orgPath: union.path, since: registeredAt },
  };
}

async function writeAll(documents: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[], concurrency: number, progress?: (done: number) => void) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      let pending: Record<string, unknown>[] = batch;
      while (pending.length > 0) {
        const result = await documents.send(
          new BatchWriteCommand({ RequestItems: { [table]: pending.map((Item) => ({ PutRequest: { Item } })) } }),
        );
        pending = (result.UnprocessedItems?.[table] ?? []).map((r) => r.PutRequest!.Item as Record<string, unknown>);
      }
      done += batch.length;
      progress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Writes members `from`..`to`-1 (and the whole tree, with member counts for 0..`to`-1).
 * Rerunning with the same numbers rewrites the same items.
 */
export async function seedMembers(
  documents: DynamoDBDocumentClient,
  tables: { accounts: string; organisations: string },
  options: { from?: number; to: number; piiKey: string; concurrency?: number; onProgress?: (done: number, total: number) => void },
): Promise<SeedPlan> {
  const at = '2026-11-01T00:00:00.000Z';
  const plan = planTree(options.to, at);
  const from = options.from ?? 0;
  const profiles: Record<string, unknown>[] = [];
  for (let n = 0; n < options.to; n++) {
    const profile = memberProfile(n, plan, options.piiKey, at);
    if (n < from) continue;
    profiles.push({ ...profileKey(profile.userId), ...memberIndexKeys(profile.membership!.orgPath, profile.userId), ...profile });
  }
  const orgItems = plan.organisations.map((o) => ({
    pk: `ORG#${o.id}`,
    sk: 'ORG',
    ...(o.parentId && { gsi1pk: `CHILDREN#${o.parentId}`, gsi1sk: `${o.name}#${o.id}` }),
    ...o,
  }));
  const federationItems = plan.organisations
    .filter((o) => o.kind === 'industry-federation')
    .map((o) => ({ pk: `FEDERATION#${o.parentId}#${o.industry}`, sk: 'FEDERATION', organisationId: o.id }));
  const total = orgItems.length + federationItems.length + profiles.length;
  await writeAll(documents, tables.organisations, [...orgItems, ...federationItems], options.concurrency ?? 8, (done) => options.onProgress?.(done, total));
  const orgsDone = orgItems.length + federationItems.length;
  await writeAll(documents, tables.accounts, profiles, options.concurrency ?? 8, (done) => options.onProgress?.(orgsDone + done, total));
  return plan;
}
