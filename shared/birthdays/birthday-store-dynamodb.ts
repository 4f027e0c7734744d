/**
 * DynamoDB storage of the birthday benefit; the only code that knows its keys.
 *   coupons  BIRTHDAY_BENEFITS / ORG#<orgId>          a union's benefit (on/off, campaign): one small
 *                                                     partition, read whole once per run
 *   coupons  BIRTHDAY#<sub>#<YYYY-MM> / BIRTHDAY      the guard: she had this month's benefit (code, union)
 *   coupons  COUPON#<code> / COUPON                   the coupon itself, as any coupon (coupons/keys.ts)
 *   accounts index byBirthMonth                       verified members by birth month (accounts/keys.ts)
 *   inbox    the notice, through deliverNotices
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { birthMonthPartition, profileKey, stripKeys } from '../accounts/keys';
import { excludingPaths, queryAll, queryPage } from '../aws/queries';
import { couponItem } from '../coupons/keys';
import { failedConditions, retryConflicts, transactWrite } from '../aws/transactions';
import type { Coupon } from '../coupons/coupon';
import { deliverNotices } from '../inbox/inbox-keys';
import type { Notice } from '../inbox/notice';
import type { Page } from '../pagination';
import { monthOfYear, type BirthdayBenefit, type BirthdayMember } from './birthday-benefit';
import type { BirthdayStore, GrantOutcome } from './birthday-store';

const BENEFITS = 'BIRTHDAY_BENEFITS';
const benefitKey = (organisationId: string) => ({ pk: BENEFITS, sk: `ORG#${organisationId}` });
const guardKey = (userId: string, month: string) => ({ pk: `BIRTHDAY#${userId}#${month}`, sk: 'BIRTHDAY' });

export class DynamoBirthdayStore implements BirthdayStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    /** Accounts and inbox: only the monthly run, which lists members and grants, needs them. */
    private readonly tables: { coupons: string; accounts?: string; inbox?: string },
  ) {}

  private runTables() {
    const { accounts, inbox } = this.tables;
    if (!accounts || !inbox) throw new Error('This birthday store was built without the accounts and inbox tables');
    return { accounts, inbox };
  }

  async benefit(organisationId: string): Promise<BirthdayBenefit | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tables.coupons, Key: benefitKey(organisationId), ConsistentRead: true }));
    return Item ? stripKeys<BirthdayBenefit>(Item) : undefined;
  }

  async saveBenefit(benefit: BirthdayBenefit): Promise<void> {
    // Last writer wins: switching on or off is setting a state, and a repeat sets the same one.
    await this.documents.send(new PutCommand({ TableName: this.tables.coupons, Item: { ...benefitKey(benefit.organisationId), ...benefit } }));
  }

  async benefitsOn(): Promise<BirthdayBenefit[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tables.coupons,
      KeyConditionExpression: 'pk = :benefits',
      FilterExpression: '#status = :on',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':benefits': BENEFITS, ':on': 'on' },
      ConsistentRead: true,
    });
    return items.map((item) => stripKeys<BirthdayBenefit>(item));
  }

  bornIn(orgPath: string, mm: string, page: { limit: number; cursor?: string }, excluding: string[]): Promise<Page<BirthdayMember>> {
    const { accounts } = this.runTables();
    return queryPage(
      this.documents,
      excludingPaths(
        {
          TableName: accounts,
          IndexName: 'byBirthMonth',
          KeyConditionExpression: 'gsi3pk = :partition AND begins_with(gsi3sk, :path)',
          ExpressionAttributeValues: { ':partition': birthMonthPartition(orgPath, mm), ':path': orgPath },
        },
        'membership.orgPath',
        excluding, // the subtrees of unions that run their own benefit
      ),
      page,
      (item) => ({ userId: item.userId as string, birthday: item.birthday as string, orgPath: (item.membership as { orgPath: string }).orgPath }),
    );
  }

  async grant({ coupon, notice, month, organisationId }: { coupon: Coupon; notice: Notice; month: string; organisationId: string }): Promise<GrantOutcome> {
    const { accounts, inbox } = this.runTables();
    const write = () =>
      transactWrite(this.documents, [
        {
          Put: {
            TableName: this.tables.coupons,
            Item: { ...guardKey(coupon.userId, month), userId: coupon.userId, month, code: coupon.code, organisationId, grantedAt: coupon.issuedAt },
            // Exactly one birthday benefit per member and month: a rerun, an overlapping run,
            // a redelivered continuation or another union's run finds this and gives nothing.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tables.coupons,
            Item: couponItem(coupon),
            // A fresh code never overwrites another member's coupon.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          ConditionCheck: {
            TableName: accounts,
            Key: profileKey(coupon.userId),
            // Only a verified member (her birthday is her ID card's) born in this month, of a
            // union under this one (its id is in her path, wherever it moved) — as her profile
            // stands now, not as the eventually consistent index listed her.
            ConditionExpression:
              'verified = :yes AND contains(birthday, :mm) AND (begins_with(#membership.orgPath, :root) OR contains(#membership.orgPath, :segment))',
            ExpressionAttributeNames: { '#membership': 'membership' },
            ExpressionAttributeValues: { ':yes': true, ':mm': `-${monthOfYear(month)}-`, ':root': `${organisationId}/`, ':segment': `/${organisationId}/` },
          },
        },
        ...deliverNotices(inbox, [notice]),
      ]);
    try {
      await retryConflicts(write);
      return 'granted';
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) return 'already-granted';
      if (failed?.includes(2)) return 'not-eligible';
      throw error;
    }
  }
}
