/**
 * Claiming an ID number for one member (accounts table; keys in accounts/keys.ts). The claim item
 * and the profile's verified state are written in one transaction: the claim's
 * attribute_not_exists condition is what makes one ID number verify one member only, even when
 * two members submit it in the same instant.
 */
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { identityClaimKey, profileKey } from '../accounts/keys';
import { failedConditions } from '../aws/transactions';
import { NotRegistered } from '../members/errors';
import { AlreadyVerified, IdNumberInUse } from './errors';

export interface VerifiedIdentity {
  userId: string;
  name: string;
  idNumberHash: string;
  idNumberMasked: string;
  birthday: string;
  verifiedAt: string;
}

export interface IdentityStore {
  claim(identity: VerifiedIdentity): Promise<void>;
}

export class DynamoIdentityStore implements IdentityStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(identity: VerifiedIdentity): Promise<void> {
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...identityClaimKey(identity.idNumberHash), userId: identity.userId, claimedAt: identity.verifiedAt },
                // One ID number, one member.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: profileKey(identity.userId),
                ConditionExpression: 'attribute_exists(pk) AND verified = :no',
                UpdateExpression:
                  'SET verified = :yes, #name = :name, idNumberHash = :hash, idNumberMasked = :masked, birthday = :birthday, verifiedAt = :at',
                ExpressionAttributeNames: { '#name': 'name' },
                ExpressionAttributeValues: {
                  ':no': false,
                  ':yes': true,
                  ':name': identity.name,
                  ':hash': identity.idNumberHash,
                  ':masked': identity.idNumberMasked,
                  ':birthday': identity.birthday,
                  ':at': identity.verifiedAt,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed.includes(1)) {
        const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: profileKey(identity.userId) }));
        throw Item ? new AlreadyVerified() : new NotRegistered();
      }
      const { Item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: identityClaimKey(identity.idNumberHash), ConsistentRead: true }),
      );
      throw Item?.userId === identity.userId ? new AlreadyVerified() : new IdNumberInUse();
    }
  }
}
