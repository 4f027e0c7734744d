/**
 * The coupons capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { TodaysCampaigns, CampaignBody, CampaignDayParams, CampaignParams, CampaignView, CouponParams, CouponView, DayFigures, MyCouponPage, RedeemBody, Redeemed } from './schemas';
import { PageQuery } from '../organisations/schemas';

export const coupons = defineFunctions('coupons', {
  campaignCreate: {
    entry: 'functions/campaign-create.ts',
    description: 'Define a coupon campaign for a subtree.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/campaigns',
      access: { roles: ['admin', 'operator'] },
      tag: 'coupons',
      summary: 'Create a coupon campaign',
      request: { body: CampaignBody },
      responses: { 201: { description: 'The campaign', schema: CampaignView } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 },
    },
    tables: { coupons: 'read-write', organisations: 'read' },
  },
  campaignsList: {
    entry: 'functions/campaigns-list.ts',
    description: 'Campaigns running today and when their drop opens.',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/campaigns',
      access: 'signed-in',
      tag: 'coupons',
      summary: "Today's campaigns",
      responses: { 200: { description: 'Campaigns running today', schema: TodaysCampaigns } },
    },
    tables: { coupons: 'read' },
  },
  couponRelease: {
    entry: 'functions/coupon-release.ts',
    description: "Opens each running campaign's daily drop at its release time; never adds stock twice.",
    trigger: {
      kind: 'schedule',
      cron: { minute: '*' },
      timeZone: 'Asia/Shanghai',
      description: 'Every minute: release the drops whose time has come',
    },
    tables: { coupons: 'read-write' },
    timeoutSeconds: 60,
  },
  couponClaim: {
    entry: 'functions/coupon-claim.ts',
    description: "Claim today's coupon of a campaign: never over quota, never twice a day.",
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/campaigns/{campaignId}/claims',
      access: { roles: ['member'] },
      tag: 'coupons',
      summary: "Claim today's coupon",
      request: { params: CampaignParams },
      responses: {
        201: { description: 'The new coupon', schema: CouponView },
        200: { description: 'The coupon already given today', schema: CouponView },
      },
      errors: { CAMPAIGN_NOT_FOUND: 404, NOT_ELIGIBLE: 403, NOT_OPEN_YET: 425, SOLD_OUT: 410, CAMPAIGN_ENDED: 410, LIMIT_REACHED: 409 },
      // A repeat finds the coupon the first claim gave and answers it again (200): nothing to store.
      idempotency: 'natural',
      // The claim transaction checks the member's profile itself: no account read before it.
      rolesCheckedBy: 'write',
    },
    tables: { coupons: 'read-write' },
    memoryMb: 1024,
    // Reserved for the 10:00 rush (docs/capacity.md): ~400 at once at prod's stage rate. It fits an
    // account's default 1,000 (which must keep 100 unreserved); raise both together for more.
    concurrency: 400,
  },
  couponsMine: {
    entry: 'functions/coupons-mine.ts',
    description: "The caller's coupons: valid, used or expired.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/coupons',
      access: { roles: ['member'] },
      tag: 'coupons',
      summary: 'My coupons',
      request: { query: PageQuery },
      responses: { 200: { description: 'A page of coupons', schema: MyCouponPage } },
    },
    tables: { coupons: 'read' },
  },
  couponRedeem: {
    entry: 'functions/coupon-redeem.ts',
    description: 'A merchant redeems a coupon against an order at or above the threshold, exactly once.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/coupons/{code}/redeem',
      access: { roles: ['merchant'] },
      tag: 'coupons',
      summary: 'Redeem a coupon',
      request: { params: CouponParams, body: RedeemBody },
      responses: { 200: { description: 'Redeemed, with what the member pays', schema: Redeemed } },
      errors: { COUPON_NOT_FOUND: 404, COUPON_NOT_REDEEMABLE: 409 },
    },
    tables: { coupons: 'read-write' },
  },
  couponReverse: {
    entry: 'functions/coupon-reverse.ts',
    description: 'The redeeming merchant reverses a redemption within the window.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/coupons/{code}/reverse',
      access: { roles: ['merchant'] },
      tag: 'coupons',
      summary: 'Reverse a redemption',
      request: { params: CouponParams },
      responses: { 200: { description: 'The coupon, valid again', schema: CouponView } },
      errors: { COUPON_NOT_FOUND: 404, COUPON_NOT_REDEEMABLE: 409 },
    },
    tables: { coupons: 'read-write' },
  },
  campaignDayFigures: {
    entry: 'functions/campaign-day-figures.ts',
    description: "A campaign day's released, claimed, redeemed and expired counts.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/campaigns/{campaignId}/days/{day}',
      access: { roles: ['admin', 'operator'] },
      tag: 'coupons',
      summary: "A campaign day's figures",
      request: { params: CampaignDayParams },
      responses: { 200: { description: 'The figures', schema: DayFigures } },
      errors: { CAMPAIGN_NOT_FOUND: 404 },
    },
    tables: { coupons: 'read', organisations: 'read' },
  },
});
