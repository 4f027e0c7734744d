/**
 * A member's profile item, read consistently: the one read of it that the accounts table's
 * adapters (accounts, memberships, admins, identity) share.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberProfile } from './account';
import { profileKey, stripKeys } from './keys';

export async function readProfile(documents: DynamoDBDocumentClient, accountsTable: string, userId: string): Promise<MemberProfile | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: accountsTable, Key: profileKey(userId), ConsistentRead: true }));
  return Item ? stripKeys<MemberProfile>(Item) : undefined;
}
