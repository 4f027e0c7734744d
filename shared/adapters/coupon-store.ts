/** The coupons table's store, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoCouponStore } from '../coupons/coupon-store-dynamodb';

export const couponStore = new DynamoCouponStore(documents, tableName('coupons'));
