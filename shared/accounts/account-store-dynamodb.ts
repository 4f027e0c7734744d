/**
 * DynamoDB implementation of AccountStore: the only code that knows the accounts table's keys.
 * Keys: see ./keys.ts. One Query (sk begins with ACCOUNT#) loads profile and grants.
 */

const orUndefined = (values: Record<string, unknown>) => (Object.keys(values).length > 0 ? values : undefined);

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../aws/queries';
import { failedConditions, retryConflicts, transactWrite } from '../aws/transactions';
import { shanghaiDay } from '../days';
import { effectiveProfile, type Account, type MemberProfile, type RoleGrant } from './account';
import type { AccountStore, ProfileChange } from './account-store';
import { AlreadyRegistered, BirthdayVerified, PhoneTaken, ProfileLocked } from './errors';
import { GRANT, grantKey, PROFILE, phoneClaimKey, profileKey, stripKeys, userKey } from './keys';
import { readProfile } from './profile-read';

export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
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
      if (sk === PROFILE) account.member = effectiveProfile(stripKeys<MemberProfile>(item), shanghaiDay(this.now()));
      else if (sk.startsWith(GRANT)) account.grants.push(stripKeys<RoleGrant>(item));
    }
    return account;
  }

  async createMember(profile: MemberProfile): Promise<void> {
    const write = () =>
      transactWrite(this.documents, [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...profileKey(profile.userId), ...profile },
            // One profile per sign-in subject: a second sign-up must not overwrite the first.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...phoneClaimKey(profile.phoneHash), userId: profile.userId, claimedAt: profile.registeredAt },
            // One phone number, one account, however many sign up with it at once.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
    try {
      await retryConflicts(write);
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed.includes(0)) throw new AlreadyRegistered();
      throw new PhoneTaken();
    }
  }

  async updateProfile(userId: string, change: ProfileChange): Promise<MemberProfile> {
    const fields = Object.entries(change.set).filter(([, value]) => value !== undefined);
    const removed = change.remove ?? [];
    const names = Object.fromEntries([...fields.map(([field]) => field), ...removed].map((field) => [`#${field}`, field]));
    const profileUpdate = {
      TableName: this.tableName,
      Key: profileKey(userId),
      UpdateExpression: [
        fields.length > 0 ? `SET ${fields.map(([field]) => `#${field} = :${field}`).join(', ')}` : '',
        removed.length > 0 ? `REMOVE ${removed.map((field) => `#${field}`).join(', ')}` : '',
      ].join(' '),
      // A verified name and birthday are the ID card's; they change only through verification.
      ConditionExpression: change.unverifiedOnly ? 'attribute_exists(pk) AND verified = :no' : 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ...Object.fromEntries(fields.map(([field, value]) => [`:${field}`, value])),
        ...(change.unverifiedOnly && { ':no': false }),
      },
    };
    const locked = () => (change.unverifiedOnly === 'birthday' ? new BirthdayVerified() : new ProfileLocked());
    const newPhone = change.set.phoneHash;
    if (newPhone === undefined || newPhone === change.previousPhoneHash) {
      try {
        const { Attributes } = await this.documents.send(
          new UpdateCommand({ ...profileUpdate, ExpressionAttributeValues: orUndefined(profileUpdate.ExpressionAttributeValues), ReturnValues: 'ALL_NEW' }),
        );
        return stripKeys<MemberProfile>(Attributes!);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw locked();
        throw error;
      }
    }
    // A new number: the profile, the new number's claim and the old one's release, together.
    const mine = { ':me': userId };
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      { Update: { ...profileUpdate, ExpressionAttributeValues: orUndefined(profileUpdate.ExpressionAttributeValues) } },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...phoneClaimKey(newPhone), userId, claimedAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR userId = :me',
          ExpressionAttributeValues: mine,
        },
      },
    ];
    if (change.previousPhoneHash) {
      items.push({
        Delete: {
          TableName: this.tableName,
          Key: phoneClaimKey(change.previousPhoneHash),
          // Only this account's own claim (an account from before claims has none).
          ConditionExpression: 'attribute_not_exists(pk) OR userId = :me',
          ExpressionAttributeValues: mine,
        },
      });
    }
    try {
      await retryConflicts(() => transactWrite(this.documents, items));
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed.includes(0)) throw locked();
      throw new PhoneTaken();
    }
    return (await readProfile(this.documents, this.tableName, userId))!;
  }

  async grant(userId: string, grant: RoleGrant): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...grantKey(userId, grant), ...grant } }),
    );
  }
}
