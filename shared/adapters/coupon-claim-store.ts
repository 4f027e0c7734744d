/** The coupons store for claims: each claim's transaction also checks the member's profile in the accounts table. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoCouponStore } from '../coupons/coupon-store-dynamodb';

export const couponClaimStore = new DynamoCouponStore(documents, tableName('coupons'), tableName('accounts'));
