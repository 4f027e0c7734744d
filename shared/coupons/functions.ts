/**
 * The coupons capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route, schedule } from '../system';
import { TodaysCampaigns, CampaignBody, CampaignDayParams, CampaignParams, CampaignView, CouponParams, CouponView, DayFigures, MyCouponPage, RedeemBody, Redeemed } from './schemas';
import { PageQuery } from '../organisations/schemas';

export const coupons = defineFunctions('coupons', {
  campaignCreate: route('POST /campaigns', ['admin', 'operator'], 'Create a coupon campaign', { body: CampaignBody, 201: ['The campaign', CampaignView] },
    'Define a coupon campaign for a subtree.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { coupons: 'read-write', organisations: 'read' } }),
  campaignsList: route('GET /campaigns', 'signed-in', "Today's campaigns", { 200: ['Campaigns running today', TodaysCampaigns] },
    'Campaigns running today and when their drop opens.',
    { tables: { coupons: 'read' } }),
  couponRelease: schedule({ minute: '*' }, 'Every minute: release the drops whose time has come',
    "Opens each running campaign's daily drop at its release time; never adds stock twice.",
    { tables: { coupons: 'read-write' }, timeoutSeconds: 60 }),
  // A repeat finds the coupon the first claim gave and answers it again (200): nothing to store.
  // The claim transaction checks the member's profile itself: no account read before it.
  // Reserved for the 10:00 rush (docs/capacity.md): ~400 at once at prod's stage rate. It fits an
  // account's default 1,000 (which must keep 100 unreserved); raise both together for more.
  couponClaim: route('POST /campaigns/{campaignId}/claims', ['member'], "Claim today's coupon", { params: CampaignParams, 201: ['The new coupon', CouponView], 200: ['The coupon already given today', CouponView] },
    "Claim today's coupon of a campaign: never over quota, never twice a day.",
    { errors: { CAMPAIGN_NOT_FOUND: 404, NOT_ELIGIBLE: 403, NOT_OPEN_YET: 425, SOLD_OUT: 410, CAMPAIGN_ENDED: 410, LIMIT_REACHED: 409 }, idempotency: 'natural', rolesCheckedBy: 'write', tables: { coupons: 'read-write' }, memoryMb: 1024, concurrency: 400 }),
  couponsMine: route('GET /me/coupons', ['member'], 'My coupons', { query: PageQuery, 200: ['A page of coupons', MyCouponPage] },
    "The caller's coupons: valid, used or expired.",
    { tables: { coupons: 'read' } }),
  couponRedeem: route('POST /coupons/{code}/redeem', ['merchant'], 'Redeem a coupon', { params: CouponParams, body: RedeemBody, 200: ['Redeemed, with what the member pays', Redeemed] },
    'A merchant redeems a coupon against an order at or above the threshold, exactly once.',
    { errors: { COUPON_NOT_FOUND: 404, COUPON_NOT_REDEEMABLE: 409 }, tables: { coupons: 'read-write' } }),
  couponReverse: route('POST /coupons/{code}/reverse', ['merchant'], 'Reverse a redemption', { params: CouponParams, 200: ['The coupon, valid again', CouponView] },
    'The redeeming merchant reverses a redemption within the window.',
    { errors: { COUPON_NOT_FOUND: 404, COUPON_NOT_REDEEMABLE: 409 }, tables: { coupons: 'read-write' } }),
  campaignDayFigures: route('GET /campaigns/{campaignId}/days/{day}', ['admin', 'operator'], "A campaign day's figures", { params: CampaignDayParams, 200: ['The figures', DayFigures] },
    "A campaign day's released, claimed, redeemed and expired counts.",
    { errors: { CAMPAIGN_NOT_FOUND: 404 }, tables: { coupons: 'read', organisations: 'read' } }),
});
