/** The birthday benefit's stores, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoBirthdayStore } from '../birthdays/birthday-store-dynamodb';

/** For the admin routes: the benefits only (coupons table). */
export const birthdayBenefitStore = new DynamoBirthdayStore(documents, { coupons: tableName('coupons') });
