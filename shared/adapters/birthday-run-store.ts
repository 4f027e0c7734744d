/** The birthday run's store: benefits and guards (coupons), the birthday index (accounts), notices (inbox). */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoBirthdayStore } from '../birthdays/birthday-store-dynamodb';

export const birthdayRunStore = new DynamoBirthdayStore(documents, {
  coupons: tableName('coupons'),
  accounts: tableName('accounts'),
  inbox: tableName('inbox'),
});
