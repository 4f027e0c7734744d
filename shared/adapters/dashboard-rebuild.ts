/** The dashboard's recount: every source table, the owners' tables and the dashboard table; built once per container. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoDashboardStore } from '../dashboard/dashboard-store-dynamodb';

export const dashboardRebuildStore = new DynamoDashboardStore(documents, {
  dashboard: tableName('dashboard'),
  organisations: tableName('organisations'),
  coupons: tableName('coupons'),
  claims: tableName('claims'),
  subsidies: tableName('subsidies'),
  sources: {
    organisations: tableName('organisations'),
    accounts: tableName('accounts'),
    activities: tableName('activities'),
    draws: tableName('draws'),
    coupons: tableName('coupons'),
    payouts: tableName('payouts'),
    news: tableName('news'),
  },
});
