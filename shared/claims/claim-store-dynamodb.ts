/**
 * DynamoDB storage of claims; the only code that knows the claims table's keys.
 *   pk CLAIM#<id>  sk CLAIM                       the claim (version-guarded)
 *   pk CLAIM#<id>  sk EVENT#<at>#<n>              its timeline
 *   gsi1pk MEMBER#<sub>   gsi1sk <createdAt>      → index byMember
 *   gsi2pk ORG#<orgId>    gsi2sk <status>#<createdAt> → index byOrganisation
 * Policies live in the accounts table (sk POLICY#<no>); approvals add to their used cover.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stripKeys, userKey } from '../accounts/keys';
import { failedConditions, isConditionFailed } from '../aws/transactions';
import { Conflict } from '../errors';
import type { Page } from '../pagination';
import { queryPage } from '../aws/queries';
import { coverField, type Claim, type ClaimEvent, type ClaimKind, type ClaimStatus } from './claim';
import type { ClaimStore, PolicyWithUsage } from './claim-store';
import { CoverExceeded } from './errors';
import { payoutFor } from '../payouts/payout';
import { putPayoutItem } from '../payouts/payout-keys';

const claimKey = (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'CLAIM' });
const indexKeys = (claim: Claim) => ({
  gsi1pk: `MEMBER#${claim.userId}`,
  gsi1sk: claim.createdAt,
  gsi2pk: `ORG#${claim.organisationId}`,
  gsi2sk: `${claim.status}#${claim.createdAt}`,
});

export class ClaimChanged extends Conflict {
  constructor() {
    super('CLAIM_CHANGED', 'The claim changed meanwhile; read it again.');
  }
}

export class DynamoClaimStore implements ClaimStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tables: { claims: string; accounts: string; payouts?: string },
  ) {}

  async policy(userId: string, policyNo: string): Promise<PolicyWithUsage | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tables.accounts, Key: { pk: userKey(userId), sk: `POLICY#${policyNo}` }, ConsistentRead: true }),
    );
    return Item ? stripKeys<PolicyWithUsage>(Item) : undefined;
  }

  async get(claimId: string): Promise<Claim | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tables.claims, Key: claimKey(claimId), ConsistentRead: true }));
    return Item ? stripKeys<Claim>(Item) : undefined;
  }

  async timeline(claimId: string): Promise<ClaimEvent[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tables.claims,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':event': 'EVENT#' },
      }),
    );
    return Items.map((item) => stripKeys<ClaimEvent>(item));
  }

  private eventItem(claimId: string, event: ClaimEvent) {
    return {
      Put: {
        TableName: this.tables.claims,
        Item: { pk: `CLAIM#${claimId}`, sk: `EVENT#${event.at}#${randomBytes(3).toString('hex')}`, ...event },
      },
    };
  }

  async create(claim: Claim, event: ClaimEvent): Promise<void> {
    await this.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tables.claims,
              Item: { ...claimKey(claim.claimId), ...indexKeys(claim), ...claim },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          this.eventItem(claim.claimId, event),
        ],
      }),
    );
  }

  async transition(
    claim: Claim,
    changes: Partial<Claim> & { status: ClaimStatus },
    event: ClaimEvent,
    approval?: { kind: ClaimKind; amountFen: number; coverFen: number },
  ): Promise<Claim> {
    const next: Claim = { ...claim, ...changes, updatedAt: event.at, version: claim.version + 1 };
    if (approval && !this.tables.payouts) throw new Error('This claim store was built without the payouts table');
    const field = approval && coverField(approval.kind);
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tables.claims,
                Item: { ...claimKey(claim.claimId), ...indexKeys(next), ...next },
                // From the state it was decided on, once: no double approval, no step backwards.
                ConditionExpression: '#status = :from AND version = :version',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':from': claim.status, ':version': claim.version },
              },
            },
            this.eventItem(claim.claimId, event),
            ...(approval && field
              ? [
                  {
                    Update: {
                      TableName: this.tables.accounts,
                      Key: { pk: userKey(claim.userId), sk: `POLICY#${claim.policyNo}` },
                      // Approved amounts never exceed the cover.
                      ConditionExpression: 'attribute_not_exists(usedFen.#cover) OR usedFen.#cover <= :room',
                      UpdateExpression: 'SET usedFen.#cover = if_not_exists(usedFen.#cover, :zero) + :amount',
                      ExpressionAttributeNames: { '#cover': field },
                      ExpressionAttributeValues: { ':room': approval.coverFen - approval.amountFen, ':zero': 0, ':amount': approval.amountFen },
                    },
                  },
                  // The money is owed from the same instant the claim is approved: never one without the other.
                  putPayoutItem(this.tables.payouts!, payoutFor({ kind: 'claim', id: claim.claimId }, claim.userId, approval.amountFen, new Date(event.at))),
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new ClaimChanged();
      if (failed?.includes(2) && approval) {
        const policy = await this.policy(claim.userId, claim.policyNo);
        throw new CoverExceeded(approval.coverFen - (policy?.usedFen?.[field!] ?? 0));
      }
      throw error;
    }
    return next;
  }

  async setDocuments(claim: Claim, documents: Claim['documents']): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tables.claims,
          Item: { ...claimKey(claim.claimId), ...indexKeys(claim), ...claim, documents, version: claim.version + 1 },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': claim.version },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new ClaimChanged();
      throw error;
    }
  }

  private page(index: 'byMember' | 'byOrganisation', condition: string, values: Record<string, unknown>, page: { limit: number; cursor?: string }): Promise<Page<Claim>> {
    return queryPage(
      this.documents,
      { TableName: this.tables.claims, IndexName: index, KeyConditionExpression: condition, ExpressionAttributeValues: values, ScanIndexForward: false },
      page,
      (item) => stripKeys<Claim>(item),
    );
  }

  byMember(userId: string, page: { limit: number; cursor?: string }) {
    return this.page('byMember', 'gsi1pk = :member', { ':member': `MEMBER#${userId}` }, page);
  }

  byOrganisation(organisationId: string, status: ClaimStatus | undefined, page: { limit: number; cursor?: string }) {
    return status
      ? this.page('byOrganisation', 'gsi2pk = :org AND begins_with(gsi2sk, :status)', { ':org': `ORG#${organisationId}`, ':status': `${status}#` }, page)
      : this.page('byOrganisation', 'gsi2pk = :org', { ':org': `ORG#${organisationId}` }, page);
  }
}
