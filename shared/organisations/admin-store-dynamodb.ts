/**
 * DynamoDB storage of admin appointments. The grant lives on the appointee's account, where the
 * request path reads it on every request:
 *   accounts       pk USER#<sub>    sk ACCOUNT#GRANT#admin#<orgId>   the grant
 * and the union keeps its roster and the record of every change beside its own item:
 *   organisations  pk ORG#<orgId>   sk ADMIN#<sub>                   who administers it now
 *   organisations  pk ORG#<orgId>   sk ADMINLOG#<at>#<n>              appointed/removed, by whom, when
 * All three change in one transaction, so the roster never disagrees with the grants.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { grantKey, stripKeys } from '../accounts/keys';
import { readProfile } from '../accounts/profile-read';
import { queryPage } from '../aws/queries';
import { failedConditions, refusedAs, transactWrite } from '../aws/transactions';
import type { AdminChange, AdminStore, UnionAdmin } from './admin-store';
import { AdminNotFound, AlreadyAdmin } from './admin-errors';
import { OrganisationClosed } from './errors';
import { ADMIN, ADMIN_LOG, adminLogKey, orgKey, orgPartition, rosterKey } from './keys';


export class DynamoAdminStore implements AdminStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tables: { organisations: string; accounts: string },
  ) {}

  async registeredName(userId: string): Promise<string | undefined> {
    return (await readProfile(this.documents, this.tables.accounts, userId))?.name;
  }

  private changeItem(change: AdminChange) {
    return {
      Put: {
        TableName: this.tables.organisations,
        Item: { ...adminLogKey(change.organisationId, change.at, randomBytes(3).toString('hex')), ...change },
      },
    };
  }

  async appoint(admin: UnionAdmin, change: AdminChange): Promise<void> {
    try {
      await transactWrite(this.documents, [
        {
          // Only a union that is still open takes new admins (a close may have raced us).
          ConditionCheck: {
            TableName: this.tables.organisations,
            Key: orgKey(admin.organisationId),
            ConditionExpression: '#status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active' },
          },
        },
        {
          Put: {
            TableName: this.tables.accounts,
            Item: { ...grantKey(admin.userId, { role: 'admin', organisationId: admin.organisationId }), role: 'admin', organisationId: admin.organisationId, grantedAt: admin.appointedAt, grantedBy: admin.appointedBy },
            // Two appointments of the same person at once: one wins, the other is told.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.tables.organisations, Item: { ...rosterKey(admin.organisationId, admin.userId), ...admin } } },
        this.changeItem(change),
      ]);
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new OrganisationClosed(admin.organisationId);
      if (failed?.includes(1)) throw new AlreadyAdmin();
      throw error;
    }
  }

  async remove(organisationId: string, userId: string, change: AdminChange): Promise<void> {
    await refusedAs(
      transactWrite(this.documents, [
        { Delete: { TableName: this.tables.accounts, Key: grantKey(userId, { role: 'admin', organisationId }), ConditionExpression: 'attribute_exists(pk)' } },
        { Delete: { TableName: this.tables.organisations, Key: rosterKey(organisationId, userId) } },
        this.changeItem(change),
      ]),
      (failed) => (failed.includes(0) ? new AdminNotFound() : undefined),
    );
  }

  admins(organisationId: string, page: { limit: number; cursor?: string }) {
    return this.underOrganisation<UnionAdmin>(organisationId, ADMIN, page);
  }

  changes(organisationId: string, page: { limit: number; cursor?: string }) {
    return this.underOrganisation<AdminChange>(organisationId, ADMIN_LOG, page, { newestFirst: true });
  }

  /** A page of the items under a union's partition whose sort key starts with `prefix`. */
  private underOrganisation<T>(organisationId: string, prefix: string, page: { limit: number; cursor?: string }, order: { newestFirst?: boolean } = {}) {
    return queryPage(
      this.documents,
      {
        TableName: this.tables.organisations,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': orgPartition(organisationId), ':prefix': prefix },
        ScanIndexForward: !order.newestFirst,
      },
      page,
      (item) => stripKeys<T>(item),
    );
  }

}
