/**
 * DynamoDB storage of memberships (accounts and organisations tables; keys in accounts/keys.ts).
 * Every change of union is one transaction with the member counts of the unions involved and a
 * history entry, each guarded by the state it was decided on.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberProfile } from '../accounts/account';
import { birthMonthIndexKeys, memberIndexKeys, policyKey, profileKey, requestIndexKeys, stripKeys, userKey } from '../accounts/keys';
import { readProfile } from '../accounts/profile-read';
import { failedConditions, transactWrite } from '../aws/transactions';
import { rePathUnder } from '../aws/re-path';
import type { Organisation } from '../organisations/organisation';
import { memberPartitionOf } from '../organisations/organisation';
import { OrganisationClosed } from '../organisations/errors';
import type { Page } from '../pagination';
import { excludingPaths, queryAll, queryPage } from '../aws/queries';
import { orgKey } from '../organisations/keys';
import { MembershipChanged } from './errors';
import type { ProtectionPolicy } from '../gig-workers/protection-policy';
import type { HistoryEntry, JoinRequestSummary, MemberSummary, MembershipStore } from './membership-store';

/** Who a member is, as her union's lists show her. */
const whoIs = (member: MemberProfile) => ({ userId: member.userId, name: member.name, industry: member.industry, verified: member.verified });

export class DynamoMembershipStore implements MembershipStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tables: { accounts: string; organisations: string },
  ) {}

  profile(userId: string): Promise<MemberProfile | undefined> {
    return readProfile(this.documents, this.tables.accounts, userId);
  }

  historyItem(userId: string, entry: HistoryEntry) {
    return {
      Put: {
        TableName: this.tables.accounts,
        Item: { pk: userKey(userId), sk: `HISTORY#${entry.at}#${randomBytes(3).toString('hex')}`, ...entry },
      },
    };
  }

  private countChange(organisationId: string, delta: 1 | -1) {
    return {
      Update: {
        TableName: this.tables.organisations,
        Key: orgKey(organisationId),
        UpdateExpression: 'ADD memberCount :delta',
        // A member only ever joins an active union.
        ...(delta === 1 && {
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
        }),
        ExpressionAttributeValues: { ':delta': delta, ...(delta === 1 && { ':active': 'active' }) },
      },
    };
  }

  /** The guard for a change decided on `member` as read: same membership, same request. */
  private guard(member: MemberProfile) {
    const conditions = ['attribute_exists(pk)'];
    const values: Record<string, unknown> = {};
    if (member.membership) {
      conditions.push('membership.organisationId = :currentOrg');
      values[':currentOrg'] = member.membership.organisationId;
    } else {
      conditions.push('attribute_not_exists(membership)');
    }
    if (member.request) {
      conditions.push('#request.requestedAt = :requestedAt AND #request.organisationId = :requestedOrg');
      values[':requestedAt'] = member.request.requestedAt;
      values[':requestedOrg'] = member.request.organisationId;
    } else {
      conditions.push('attribute_not_exists(#request)');
    }
    return { condition: conditions.join(' AND '), values };
  }

  /** An update of the member's profile, conditional on her membership and request being as she read them. */
  private guardedProfileUpdate(member: MemberProfile, update: string, values: Record<string, unknown> = {}) {
    const guard = this.guard(member);
    return {
      Update: {
        TableName: this.tables.accounts,
        Key: profileKey(member.userId),
        ConditionExpression: guard.condition,
        UpdateExpression: update,
        ExpressionAttributeNames: { '#request': 'request' },
        ExpressionAttributeValues: { ...guard.values, ...values },
      },
    };
  }

  private async transact(items: unknown[], organisationIndex?: number, organisationId?: string) {
    try {
      await transactWrite(this.documents, items as never);
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new MembershipChanged();
      if (failed && organisationIndex !== undefined && failed.includes(organisationIndex)) {
        throw new OrganisationClosed(organisationId!);
      }
      throw error;
    }
  }

  async activate(
    member: MemberProfile,
    organisation: Organisation,
    entry: HistoryEntry,
    extras: { policy?: ProtectionPolicy; profileChanges?: Partial<Pick<MemberProfile, 'industryChange' | 'employer'>> } = {},
  ): Promise<void> {
    const guard = this.guard(member);
    const membership = { organisationId: organisation.id, orgPath: organisation.path, since: entry.at };
    const changes = Object.entries(extras.profileChanges ?? {}).filter(([, value]) => value !== undefined);
    // The birthday index follows the union; it is decided on the member as read, so the write
    // also requires her verified state unchanged (a verification landing in between → retry).
    const birthMonth = birthMonthIndexKeys(member, organisation.path);
    const sets = [
      'membership = :membership',
      'gsi1pk = :g1pk',
      'gsi1sk = :g1sk',
      ...(birthMonth ? ['gsi3pk = :g3pk', 'gsi3sk = :g3sk'] : []),
      ...changes.map(([field]) => `#${field} = :${field}`),
    ];
    await this.transact(
      [
        {
          Update: {
            TableName: this.tables.accounts,
            Key: profileKey(member.userId),
            ConditionExpression: `${guard.condition} AND verified = :verifiedAsRead`,
            UpdateExpression: `SET ${sets.join(', ')} REMOVE #request, gsi2pk, gsi2sk${birthMonth ? '' : ', gsi3pk, gsi3sk'}`,
            ExpressionAttributeNames: { '#request': 'request', ...Object.fromEntries(changes.map(([f]) => [`#${f}`, f])) },
            ExpressionAttributeValues: {
              ...guard.values,
              ':verifiedAsRead': member.verified,
              ...(birthMonth && { ':g3pk': birthMonth.gsi3pk, ':g3sk': birthMonth.gsi3sk }),
              ':membership': membership,
              ':g1pk': memberIndexKeys(organisation.path, member.userId).gsi1pk,
              ':g1sk': memberIndexKeys(organisation.path, member.userId).gsi1sk,
              ...Object.fromEntries(changes.map(([f, v]) => [`:${f}`, v])),
            },
          },
        },
        this.countChange(organisation.id, 1),
        this.historyItem(member.userId, entry),
        ...(member.membership ? [this.countChange(member.membership.organisationId, -1)] : []),
        ...(extras.policy
          ? [
              {
                Put: {
                  TableName: this.tables.accounts,
                  Item: { ...policyKey(member.userId, extras.policy.policyNo), ...extras.policy, usedFen: {} },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]
          : []),
      ],
      1,
      organisation.id,
    );
  }

  async request(member: MemberProfile, organisation: Organisation, kind: 'join' | 'transfer', entry: HistoryEntry) {
    const index = requestIndexKeys(organisation.id, entry.at, member.userId);
    await this.transact([
      this.guardedProfileUpdate(member, 'SET #request = :request, gsi2pk = :g2pk, gsi2sk = :g2sk', {
        ':request': { kind, organisationId: organisation.id, requestedAt: entry.at },
        ':g2pk': index.gsi2pk,
        ':g2sk': index.gsi2sk,
      }),
      this.historyItem(member.userId, entry),
    ]);
  }

  async dropRequest(member: MemberProfile, entry: HistoryEntry): Promise<void> {
    await this.transact([this.guardedProfileUpdate(member, 'REMOVE #request, gsi2pk, gsi2sk'), this.historyItem(member.userId, entry)]);
  }

  async leave(member: MemberProfile, entry: HistoryEntry): Promise<void> {
    await this.transact([
      this.guardedProfileUpdate(member, 'REMOVE membership, gsi1pk, gsi1sk, gsi3pk, gsi3sk'),
      this.countChange(member.membership!.organisationId, -1),
      this.historyItem(member.userId, entry),
    ]);
  }

  async history(userId: string): Promise<HistoryEntry[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tables.accounts,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
      ExpressionAttributeValues: { ':pk': userKey(userId), ':history': 'HISTORY#' },
    });
    return items.map((item) => stripKeys<HistoryEntry>(item));
  }

  membersUnder(orgPath: string, page: { limit: number; cursor?: string }, excluding: string[] = []): Promise<Page<MemberSummary>> {
    return queryPage(
      this.documents,
      excludingPaths(
        {
          TableName: this.tables.accounts,
          IndexName: 'byOrgPath',
          KeyConditionExpression: 'gsi1pk = :partition AND begins_with(gsi1sk, :path)',
          ExpressionAttributeValues: { ':partition': `MEMBERS#${memberPartitionOf(orgPath)}`, ':path': orgPath },
        },
        'membership.orgPath',
        excluding,
      ),
      page,
      (item) => {
        const member = item as unknown as MemberProfile & { membership: NonNullable<MemberProfile['membership']> };
        return { ...whoIs(member), organisationId: member.membership.organisationId, since: member.membership.since };
      },
    );
  }

  requestsFor(organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<JoinRequestSummary>> {
    return queryPage(
      this.documents,
      {
        TableName: this.tables.accounts,
        IndexName: 'requestsByOrg',
        KeyConditionExpression: 'gsi2pk = :org',
        ExpressionAttributeValues: { ':org': `REQUESTS#${organisationId}` },
      },
      page,
      (item) => {
        const member = item as unknown as MemberProfile & { request: NonNullable<MemberProfile['request']> };
        return { ...whoIs(member), kind: member.request.kind, requestedAt: member.request.requestedAt };
      },
    );
  }

  rePathMembers(oldPath: string, newPath: string, deadline: number): Promise<{ moved: number; done: boolean }> {
    return rePathUnder(
      this.documents,
      { table: this.tables.accounts, index: 'byOrgPath', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', partition: `MEMBERS#${memberPartitionOf(oldPath)}`, prefix: oldPath },
      (item) => {
        const orgPath = newPath + ((item.membership as { orgPath: string }).orgPath).slice(oldPath.length);
        const keys = memberIndexKeys(orgPath, item.userId as string);
        // The birthday index carries the path too. A verified birthday never changes; the verified
        // state may have since the (eventually consistent) index was read, hence the condition on it.
        const birthMonth = birthMonthIndexKeys(item as unknown as MemberProfile, orgPath);
        return {
          Key: profileKey(item.userId as string),
          UpdateExpression: `SET membership.orgPath = :path, gsi1pk = :g1pk, gsi1sk = :g1sk${birthMonth ? ', gsi3pk = :g3pk, gsi3sk = :g3sk' : ''}`,
          ConditionExpression: 'gsi1sk = :old AND verified = :verifiedAsRead',
          ExpressionAttributeValues: {
            ':verifiedAsRead': item.verified === true,
            ':path': orgPath,
            ':g1pk': keys.gsi1pk,
            ':g1sk': keys.gsi1sk,
            ':old': item.gsi1sk,
            ...(birthMonth && { ':g3pk': birthMonth.gsi3pk, ':g3sk': birthMonth.gsi3sk }),
          },
        };
      },
      deadline,
    );
  }

}
