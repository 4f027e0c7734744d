/**
 * DynamoDB storage of claims; the only code that knows the claims table's keys.
 *   pk CLAIM#<id>  sk CLAIM                       the claim (version-guarded)
 *   pk CLAIM#<id>  sk EVENT#<at>#<n>              its timeline
 *   pk CLAIM#<id>  sk VIEW#<at>#<n>               who opened which of its documents, when
 *   gsi1pk MEMBER#<sub>   gsi1sk <createdAt>      → index byMember
 *   gsi2pk CLAIMS#<province>  gsi2sk <status>#<union path><createdAt>#<id> → index byOrganisation
 * byOrganisation answers "claims of this status anywhere under a union" with one key prefix
 * (`<status>#<path>`), whatever the depth. One partition per province: claims are filed and decided
 * a few times a second at most, far below what an index partition takes (~1,000 writes/s).
 * Policies live in the accounts table (sk POLICY#<no>); approvals add to their used cover.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { policyKey, stripKeys } from '../accounts/keys';
import { failedConditions, refusedAs, retryConflicts, transactWrite } from '../aws/transactions';
import { rePathAll, rePathUnder } from '../aws/re-path';
import type { Page } from '../pagination';
import { excludingPaths, queryPage } from '../aws/queries';
import { claimStatuses, coverField, documentIdOf, type Claim, type ClaimEvent, type ClaimKind, type ClaimStatus, type DocumentView } from './claim';
import type { ClaimStore, PolicyWithUsage } from './claim-store';
import { ClaimChanged, CoverExceeded } from './errors';
import { payoutFor } from '../payouts/payout';
import { putPayoutItem } from '../payouts/payout-keys';
import { deliverNotices } from '../inbox/inbox-keys';
import type { Notice } from '../inbox/notice';

const claimKey = (claimId: string) => ({ pk: `CLAIM#${claimId}`, sk: 'CLAIM' });
const subtreePartition = (path: string) => `CLAIMS#${path.split('/')[0]}`;
const subtreeSortKey = (claim: Pick<Claim, 'status' | 'organisationPath' | 'createdAt' | 'claimId'>) =>
  `${claim.status}#${claim.organisationPath}${claim.createdAt}#${claim.claimId}`;
const indexKeys = (claim: Claim) => ({
  gsi1pk: `MEMBER#${claim.userId}`,
  gsi1sk: claim.createdAt,
  gsi2pk: subtreePartition(claim.organisationPath),
  gsi2sk: subtreeSortKey(claim),
});

/**
 * A stored claim as the domain sees it: every document with its id (older ones carry it only in
 * their key), and the amount claimed as `amountFen` (older items call it `amountClaimedFen`).
 */
const toClaim = (item: Record<string, unknown>): Claim => {
  const { amountClaimedFen, ...claim } = stripKeys<Claim & { amountClaimedFen?: number }>(item);
  return { ...claim, amountFen: claim.amountFen ?? amountClaimedFen!, documents: claim.documents.map((document) => ({ ...document, documentId: document.documentId ?? documentIdOf(document) })) };
};

export class DynamoClaimStore implements ClaimStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tables: { claims: string; accounts: string; payouts?: string; inbox?: string },
  ) {}

  async policy(userId: string, policyNo: string): Promise<PolicyWithUsage | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tables.accounts, Key: policyKey(userId, policyNo), ConsistentRead: true }),
    );
    return Item ? stripKeys<PolicyWithUsage>(Item) : undefined;
  }

  async get(claimId: string): Promise<Claim | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tables.claims, Key: claimKey(claimId), ConsistentRead: true }));
    return Item ? toClaim(Item) : undefined;
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
    await transactWrite(this.documents, [
      {
        Put: {
          TableName: this.tables.claims,
          Item: { ...claimKey(claim.claimId), ...indexKeys(claim), ...claim },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.eventItem(claim.claimId, event),
    ]);
  }

  async transition(
    claim: Claim,
    changes: Partial<Claim> & { status: ClaimStatus },
    event: ClaimEvent,
    approval?: { kind: ClaimKind; amountFen: number; coverFen: number },
    notices: Notice[] = [],
  ): Promise<Claim> {
    const next: Claim = { ...claim, ...changes, updatedAt: event.at, version: claim.version + 1 };
    if (approval && !this.tables.payouts) throw new Error('This claim store was built without the payouts table');
    if (notices.length > 0 && !this.tables.inbox) throw new Error('This claim store was built without the inbox table');
    const field = approval && coverField(approval.kind);
    try {
      // Retried when it met another write of the member's unread count (a notice is in it).
      await retryConflicts(() => transactWrite(this.documents, [
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
                  Key: policyKey(claim.userId, claim.policyNo),
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
        // The member hears of the decision in the same write that makes it: never one without the other.
        ...(notices.length > 0 ? deliverNotices(this.tables.inbox!, notices) : []),
      ]));
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
    await refusedAs(
      this.documents.send(
        new PutCommand({
          TableName: this.tables.claims,
          Item: { ...claimKey(claim.claimId), ...indexKeys(claim), ...claim, documents, version: claim.version + 1 },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': claim.version },
        }),
      ),
      () => new ClaimChanged(),
    );
  }

  private page(index: 'byMember' | 'byOrganisation', condition: string, values: Record<string, unknown>, page: { limit: number; cursor?: string }): Promise<Page<Claim>> {
    return queryPage(
      this.documents,
      { TableName: this.tables.claims, IndexName: index, KeyConditionExpression: condition, ExpressionAttributeValues: values, ScanIndexForward: false },
      page,
      (item) => toClaim(item),
    );
  }

  byMember(userId: string, page: { limit: number; cursor?: string }) {
    return this.page('byMember', 'gsi1pk = :member', { ':member': `MEMBER#${userId}` }, page);
  }

  /** Claims of `status` whose union's path (as indexed) starts with `pathPrefix`, leaving out those under `excluding`. */
  underPath(pathPrefix: string, status: ClaimStatus, page: { limit: number; cursor?: string }, excluding: string[] = []): Promise<Page<Claim>> {
    return queryPage(
      this.documents,
      excludingPaths(
        {
          TableName: this.tables.claims,
          IndexName: 'byOrganisation',
          KeyConditionExpression: 'gsi2pk = :partition AND begins_with(gsi2sk, :prefix)',
          ExpressionAttributeValues: { ':partition': subtreePartition(pathPrefix), ':prefix': `${status}#${pathPrefix}` },
        },
        'organisationPath',
        excluding,
      ),
      page,
      (item) => toClaim(item),
    );
  }

  async recordView(claimId: string, view: DocumentView): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tables.claims,
        Item: { pk: `CLAIM#${claimId}`, sk: `VIEW#${view.at}#${randomBytes(3).toString('hex')}`, ...view },
      }),
    );
  }

  views(claimId: string, page: { limit: number; cursor?: string }): Promise<Page<DocumentView>> {
    return queryPage(
      this.documents,
      {
        TableName: this.tables.claims,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :view)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':view': 'VIEW#' },
        ScanIndexForward: false,
      },
      page,
      (item) => stripKeys<DocumentView>(item),
    );
  }

  /**
   * After a move, rewrites the path copy (and so the index key) of every claim filed under the old
   * path; safe to run again (each write is conditional on the old copy). Stops at `deadline`.
   */
  rePathClaims(oldPath: string, newPath: string, deadline: number): Promise<{ moved: number; done: boolean }> {
    const index = { table: this.tables.claims, index: 'byOrganisation', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', partition: subtreePartition(oldPath) };
    return rePathAll(
      claimStatuses.map((status) => () =>
        rePathUnder(
          this.documents,
          { ...index, prefix: `${status}#${oldPath}` },
          (item) => {
            const claim = toClaim(item);
            const organisationPath = newPath + claim.organisationPath.slice(oldPath.length);
            return {
              Key: claimKey(claim.claimId),
              // A new version: a decision taken on the copy read before would write the old path back.
              UpdateExpression: 'SET organisationPath = :path, gsi2pk = :g2pk, gsi2sk = :g2sk, version = version + :one',
              // Only from the copy read: a claim decided meanwhile keeps its new status in its key.
              ConditionExpression: 'gsi2sk = :old',
              ExpressionAttributeValues: {
                ':path': organisationPath,
                ':g2pk': subtreePartition(organisationPath),
                ':g2sk': subtreeSortKey({ ...claim, organisationPath }),
                ':old': item.gsi2sk,
                ':one': 1,
              },
            };
          },
          deadline,
        ),
      ),
    );
  }

}
