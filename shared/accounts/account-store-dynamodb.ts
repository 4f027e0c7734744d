/**
 * DynamoDB implementation of AccountStore: the only code that knows the accounts table's keys.
 *   pk USER#<sub>   sk PROFILE                      the member profile
 *                   sk GRANT#admin#<orgId>          role grants, one item each
 *                   sk GRANT#operator
 *                   sk GRANT#merchant#<merchantId>
 * One Query on pk loads the whole account.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Account, MemberProfile, RoleGrant } from './account';
import type { AccountStore } from './account-store';
import { AlreadyRegistered } from './errors';

const userKey = (userId: string) => `USER#${userId}`;

const grantKey = (grant: RoleGrant): string => {
  switch (grant.role) {
    case 'admin':
      return `GRANT#admin#${grant.organisationId}`;
    case 'merchant':
      return `GRANT#merchant#${grant.merchantId}`;
    case 'operator':
      return 'GRANT#operator';
  }
};

export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(userId: string): Promise<Account> {
    const account: Account = { userId, grants: [] };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': userKey(userId) },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk, ...data } = item;
        if (sk === 'PROFILE') account.member = data as MemberProfile;
        else if (typeof sk === 'string' && sk.startsWith('GRANT#')) account.grants.push(data as RoleGrant);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return account;
  }

  async createMember(profile: MemberProfile): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: userKey(profile.userId), sk: 'PROFILE', ...profile },
          // One profile per sign-in subject: a second sign-up must not overwrite the first.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new AlreadyRegistered();
      throw error;
    }
  }

  async grant(userId: string, grant: RoleGrant): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: userKey(userId), sk: grantKey(grant), ...grant } }),
    );
  }
}
