/**
 * DynamoDB storage of campaigns, drops and coupons; the only code that knows the coupons table's keys.
 *   CAMPAIGN#<id>                      / CAMPAIGN          the campaign (gsi2: CAMPAIGNS / <lastDay>#<id>)
 *   DROP#<id>#<day>                    / HEADER            the day's drop: quota, shards, soldOut
 *   DROP#<id>#<day>                    / SHARD#<nn>        stock counter `remaining` of one shard
 *   DROP#<id>#<day>                    / STATS             redemptions
 *   CLAIM#<id>#<day>#<sub>             / CLAIM             the member's claims that day (codes)
 *   CLAIM#<id>#<sub>                   / CLAIM             the member's claims in the campaign
 *   COUPON#<code>                      / COUPON            the coupon (gsi1: MEMBER#<sub> / <issuedAt>; keys.ts)
 * The day's stock is split over shards so the burst of claims spreads over many items (and, on
 * AWS, partitions) instead of one hot counter.
 */
import { conditionFailedAt, refusedAs, transactWrite } from '../aws/transactions';
import { GetCommand, QueryCommand, UpdateCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { profileKey, stripKeys } from '../accounts/keys';
import type { Page } from '../pagination';
import { queryAll, queryPage } from '../aws/queries';
import type { Campaign } from './campaign';
import type { Coupon } from './coupon';
import type { ClaimOutcome, CouponStore, DropHeader } from './coupon-store';
import { CouponNotRedeemable } from './errors';
import { couponItem, couponKey, memberCouponsPartition } from './keys';

const shardKey = (campaignId: string, day: string, shard: number) => ({ pk: `DROP#${campaignId}#${day}`, sk: `SHARD#${String(shard).padStart(2, '0')}` });
const headerKey = (campaignId: string, day: string) => ({ pk: `DROP#${campaignId}#${day}`, sk: 'HEADER' });
const statsKey = (campaignId: string, day: string) => ({ pk: `DROP#${campaignId}#${day}`, sk: 'STATS' });
const memberDayKey = (campaignId: string, day: string, userId: string) => ({ pk: `CLAIM#${campaignId}#${day}#${userId}`, sk: 'CLAIM' });
const memberCampaignKey = (campaignId: string, userId: string) => ({ pk: `CLAIM#${campaignId}#${userId}`, sk: 'CLAIM' });

export class DynamoCouponStore implements CouponStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The accounts table, where claims check the member's profile; only the claim path needs it. */
    private readonly accountsTable?: string,
  ) {}

  async createCampaign(campaign: Campaign): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `CAMPAIGN#${campaign.campaignId}`, sk: 'CAMPAIGN', gsi2pk: 'CAMPAIGNS', gsi2sk: `${campaign.lastDay}#${campaign.campaignId}`, ...campaign },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async campaign(campaignId: string): Promise<Campaign | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' } }));
    return Item ? stripKeys<Campaign>(Item) : undefined;
  }

  async campaignsRunning(day: string): Promise<Campaign[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'campaignsByLastDay',
      KeyConditionExpression: 'gsi2pk = :campaigns AND gsi2sk >= :today',
      ExpressionAttributeValues: { ':campaigns': 'CAMPAIGNS', ':today': day },
    });
    return items.map((item) => stripKeys<Campaign>(item)).filter((campaign) => campaign.firstDay <= day);
  }

  async release(campaign: Campaign, day: string, at: string): Promise<boolean> {
    const base = Math.floor(campaign.dailyQuota / campaign.shards);
    const extra = campaign.dailyQuota % campaign.shards;
    const header: DropHeader = { campaignId: campaign.campaignId, day, quota: campaign.dailyQuota, shards: campaign.shards, releasedAt: at };
    try {
      await transactWrite(this.documents, [
        // The header and every shard are created once: a second release adds no stock.
        { Put: { TableName: this.tableName, Item: { ...headerKey(campaign.campaignId, day), ...header }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...Array.from({ length: campaign.shards }, (_, shard) => ({
          Put: {
            TableName: this.tableName,
            Item: { ...shardKey(campaign.campaignId, day, shard), remaining: base + (shard < extra ? 1 : 0) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
      ]);
      return true;
    } catch (error) {
      if (conditionFailedAt(error, 0)) return false;
      throw error;
    }
  }

  async header(campaignId: string, day: string): Promise<DropHeader | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: headerKey(campaignId, day) }));
    return Item ? stripKeys<DropHeader>(Item) : undefined;
  }

  async markSoldOut(campaignId: string, day: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({ TableName: this.tableName, Key: headerKey(campaignId, day), UpdateExpression: 'SET soldOut = :yes', ExpressionAttributeValues: { ':yes': true } }),
    );
  }

  async claim(campaign: Campaign, day: string, shard: number, coupon: Coupon): Promise<ClaimOutcome> {
    if (!this.accountsTable) throw new Error('This coupon store was built without the accounts table');
    const { audience } = campaign;
    const industries = Object.fromEntries(audience.industries.map((industry, i) => [`:industry${i}`, industry]));
    try {
      await transactWrite(this.documents, [
        {
          Update: {
            TableName: this.tableName,
            Key: shardKey(campaign.campaignId, day, shard),
            // Never more coupons than the day's quota: each shard only ever counts down to zero.
            ConditionExpression: 'remaining > :zero',
            UpdateExpression: 'ADD remaining :minusOne',
            ExpressionAttributeValues: { ':zero': 0, ':minusOne': -1 },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: memberDayKey(campaign.campaignId, day, coupon.userId),
            // Never more than the member's coupons for the day.
            ConditionExpression: 'attribute_not_exists(claimed) OR claimed < :perDay',
            UpdateExpression: 'ADD claimed :one SET codes = list_append(if_not_exists(codes, :empty), :code)',
            ExpressionAttributeValues: { ':perDay': campaign.perMemberPerDay, ':one': 1, ':empty': [], ':code': [coupon.code] },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: memberCampaignKey(campaign.campaignId, coupon.userId),
            // Never more than the member's coupons for the whole campaign.
            ConditionExpression: 'attribute_not_exists(claimed) OR claimed < :perCampaign',
            UpdateExpression: 'ADD claimed :one',
            ExpressionAttributeValues: { ':perCampaign': campaign.perMemberPerCampaign, ':one': 1 },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: couponItem(coupon),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          ConditionCheck: {
            TableName: this.accountsTable,
            Key: profileKey(coupon.userId),
            // Only the campaign's audience, as the member's profile stands now: a member of a
            // union under the audience's organisation (its id is in her union's path, wherever
            // it has moved since), in one of its industries, verified if it asks for that. Read
            // in the same transaction, so no stale copy can let one through.
            // The industry is the one in effect on the drop's day: a pending change counts
            // only from its day (accounts/account.ts, effectiveProfile), so a switch cannot
            // win another industry's drop the day it is made.
            ConditionExpression: [
              '(begins_with(#membership.orgPath, :audienceRoot) OR contains(#membership.orgPath, :audienceSegment))',
              `((#industry IN (${Object.keys(industries).join(', ')}) AND (attribute_not_exists(#change) OR #change.#from > :day))` +
                ` OR (#change.#industry IN (${Object.keys(industries).join(', ')}) AND #change.#from <= :day))`,
              ...(audience.verifiedOnly ? ['verified = :verified'] : []),
            ].join(' AND '),
            ExpressionAttributeNames: { '#membership': 'membership', '#industry': 'industry', '#change': 'industryChange', '#from': 'effectiveFrom' },
            ExpressionAttributeValues: {
              ':audienceRoot': `${audience.organisationId}/`,
              ':audienceSegment': `/${audience.organisationId}/`,
              ':day': day,
              ...industries,
              ...(audience.verifiedOnly && { ':verified': true }),
            },
          },
        },
      ]);
      return { kind: 'claimed', coupon };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      if (codes[1] === 'ConditionalCheckFailed') {
        if (campaign.perMemberPerDay > 1) return { kind: 'day-limit' };
        const { Item } = await this.documents.send(
          new GetCommand({ TableName: this.tableName, Key: memberDayKey(campaign.campaignId, day, coupon.userId), ConsistentRead: true }),
        );
        return { kind: 'already-claimed', code: (Item?.codes as string[])[0]! };
      }
      if (codes[4] === 'ConditionalCheckFailed') return { kind: 'not-eligible' };
      if (codes[2] === 'ConditionalCheckFailed') return { kind: 'campaign-limit' };
      if (codes[0] === 'ConditionalCheckFailed') return { kind: 'shard-empty' };
      if (codes.includes('TransactionConflict')) return { kind: 'contended' };
      throw error;
    }
  }

  async coupon(code: string): Promise<Coupon | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: couponKey(code), ConsistentRead: true }));
    return Item ? stripKeys<Coupon>(Item) : undefined;
  }

  couponsOf(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Coupon>> {
    return queryPage(
      this.documents,
      { TableName: this.tableName, IndexName: 'byMember', KeyConditionExpression: 'gsi1pk = :member', ExpressionAttributeValues: { ':member': memberCouponsPartition(userId) }, ScanIndexForward: false },
      page,
      (item) => stripKeys<Coupon>(item),
    );
  }

  async redeem(coupon: Coupon, redemption: NonNullable<Coupon['redemption']>): Promise<void> {
    await this.changeRedemption(coupon, +1, 'This coupon was already used, or has expired.', {
      // Exactly once, and only while valid.
      ConditionExpression: '#status = :valid AND validUntil >= :at',
      UpdateExpression: 'SET #status = :redeemed, redemption = :redemption',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':valid': 'valid', ':redeemed': 'redeemed', ':at': redemption.at, ':redemption': redemption },
    });
  }

  async reverse(coupon: Coupon, windowStart: string): Promise<void> {
    await this.changeRedemption(coupon, -1, 'This redemption can no longer be reversed.', {
      // Only the redeeming merchant, only within the window, only once.
      ConditionExpression: '#status = :redeemed AND redemption.merchantId = :merchant AND redemption.#at >= :windowStart',
      UpdateExpression: 'SET #status = :valid REMOVE redemption',
      ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
      ExpressionAttributeValues: { ':redeemed': 'redeemed', ':valid': 'valid', ':merchant': coupon.redemption!.merchantId, ':windowStart': windowStart },
    });
  }

  /** A redemption made or reversed under its condition, and the day's redeemed count moved with it. */
  private async changeRedemption(coupon: Coupon, redeemed: 1 | -1, refused: string, change: { ConditionExpression: string; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> }) {
    await refusedAs(
      transactWrite(this.documents, [
        { Update: { TableName: this.tableName, Key: couponKey(coupon.code), ...change } },
        { Update: { TableName: this.tableName, Key: statsKey(coupon.campaignId, coupon.day), UpdateExpression: 'ADD redeemed :n', ExpressionAttributeValues: { ':n': redeemed } } },
      ]),
      (failed) => (failed.includes(0) ? new CouponNotRedeemable(refused) : undefined),
    );
  }

  async dayStats(campaignId: string, day: string) {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :drop', ExpressionAttributeValues: { ':drop': `DROP#${campaignId}#${day}` }, ConsistentRead: true }),
    );
    const header = Items.find((i) => i.sk === 'HEADER');
    return {
      header: header ? stripKeys<DropHeader>(header) : undefined,
      remaining: Items.filter((i) => String(i.sk).startsWith('SHARD#')).reduce((sum, i) => sum + Number(i.remaining), 0),
      redeemed: Number(Items.find((i) => i.sk === 'STATS')?.redeemed ?? 0),
    };
  }
}
