/**
 * Claiming an ID number for one member (accounts table; keys in accounts/keys.ts). The claim item
 * and the profile's verified state are written in one transaction: the claim's
 * attribute_not_exists condition is what makes one ID number verify one member only, even when
 * two members submit it in the same instant. A verified member of a union enters the birthday
 * index (accounts/keys.ts, birthMonthIndexKeys) in the same write, keyed by her union's path as read
 * just before: the write requires that path unchanged, and is tried again when a join, a transfer or
 * a move changed it in between.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { birthMonthIndexKeys, identityClaimKey, profileKey } from '../accounts/keys';
import { readProfile } from '../accounts/profile-read';
import { failedConditions, transactWrite } from '../aws/transactions';
import { MembershipChanged, NotRegistered } from '../members/errors';
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
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryClaim(identity);
      if (outcome === 'claimed') return;
      if (attempt >= 3) throw new MembershipChanged();
    }
  }

  private async tryClaim(identity: VerifiedIdentity): Promise<'claimed' | 'membership-changed'> {
    const profile = await readProfile(this.documents, this.tableName, identity.userId);
    const seenPath = profile?.membership?.orgPath;
    const birthMonth = birthMonthIndexKeys({ userId: identity.userId, verified: true, birthday: identity.birthday }, seenPath);
    try {
      await transactWrite(this.documents, [
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
            // Verified once; and in the birthday index under the union path read just before.
            ConditionExpression: `attribute_exists(pk) AND verified = :no AND ${seenPath ? 'membership.orgPath = :seenPath' : 'attribute_not_exists(membership)'}`,
            UpdateExpression:
              'SET verified = :yes, #name = :name, idNumberHash = :hash, idNumberMasked = :masked, birthday = :birthday, verifiedAt = :at' +
              (birthMonth ? ', gsi3pk = :g3pk, gsi3sk = :g3sk' : ''),
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: {
              ...(seenPath && { ':seenPath': seenPath }),
              ...(birthMonth && { ':g3pk': birthMonth.gsi3pk, ':g3sk': birthMonth.gsi3sk }),
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
      ]);
      return 'claimed';
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (failed.includes(1)) {
        const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: profileKey(identity.userId), ConsistentRead: true }));
        if (!Item) throw new NotRegistered();
        if (Item.verified) throw new AlreadyVerified();
        // Not verified, so the union changed since we read it: read it again and retry.
        if (!failed.includes(0)) return 'membership-changed';
      }
      const { Item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: identityClaimKey(identity.idNumberHash), ConsistentRead: true }),
      );
      throw Item?.userId === identity.userId ? new AlreadyVerified() : new IdNumberInUse();
    }
  }
}
