/**
 * DynamoDB implementation of AccountStore: the only code that knows the accounts table's keys.
 * Keys: see ./keys.ts. One Query (sk begins with ACCOUNT#) loads profile and grants.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../aws/queries';
import type { Account, MemberProfile, RoleGrant } from './account';
import type { AccountStore } from './account-store';
import { AlreadyRegistered, ProfileLocked } from './errors';

import { GRANT, PROFILE, profileKey, stripKeys, userKey } from './keys';

const grantKey = (grant: RoleGrant): string => {
  switch (grant.role) {
    case 'admin':
      return `${GRANT}admin#${grant.organisationId}`;
    case 'merchant':
      return `${GRANT}merchant#${grant.merchantId}`;
    case 'operator':
      return `${GRANT}operator`;
  }
};

export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(userId: string): Promise<Account> {
    const account: Account = { userId, grants: [] };
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      // Profile and grants only: history and policies are read where they are needed.
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :account)',
      ExpressionAttributeValues: { ':pk': userKey(userId), ':account': 'ACCOUNT#' },
      ConsistentRead: true,
    });
    for (const item of items) {
      const sk = item.sk as string;
      if (sk === PROFILE) account.member = stripKeys<MemberProfile>(item);
      else if (sk.startsWith(GRANT)) account.grants.push(stripKeys<RoleGrant>(item));
    }
    return account;
  }

  async createMember(profile: MemberProfile): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...profileKey(profile.userId), ...profile },
          // One profile per sign-in subject: a second sign-up must not overwrite the first.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new AlreadyRegistered();
      throw error;
    }
  }

  async updateProfile(
    userId: string,
    changes: Partial<Pick<MemberProfile, 'name' | 'phoneHash' | 'phoneMasked' | 'industry' | 'employer' | 'birthday'>>,
    onlyIfUnverified: boolean,
  ): Promise<MemberProfile> {
    const fields = Object.entries(changes).filter(([, value]) => value !== undefined);
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: profileKey(userId),
          UpdateExpression: `SET ${fields.map(([field]) => `#${field} = :${field}`).join(', ')}`,
          // A verified name is the ID card's; it changes only through verification.
          ConditionExpression: onlyIfUnverified ? 'attribute_exists(pk) AND verified = :no' : 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(fields.map(([field]) => [`#${field}`, field])),
          ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([field, value]) => [`:${field}`, value])), ...(onlyIfUnverified && { ':no': false }) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return stripKeys<MemberProfile>(Attributes!);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ProfileLocked();
      throw error;
    }
  }

  async grant(userId: string, grant: RoleGrant): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: userKey(userId), sk: grantKey(grant), ...grant } }),
    );
  }
}
