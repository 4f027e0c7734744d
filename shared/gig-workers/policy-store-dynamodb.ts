/** Reading a member's protection policies (accounts table, sk POLICY#<policyNo>; see accounts/keys.ts). */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { POLICY, stripKeys, userKey } from '../accounts/keys';
import type { ProtectionPolicy } from './protection-policy';

export class DynamoPolicyStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async policies(userId: string): Promise<ProtectionPolicy[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :policy)',
        ExpressionAttributeValues: { ':pk': userKey(userId), ':policy': POLICY },
      }),
    );
    return Items.map((item) => stripKeys<ProtectionPolicy>(item));
  }
}
