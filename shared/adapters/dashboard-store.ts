/** The dashboard's store for its aggregator, with the tables it looks owners up in; built once per container. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoDashboardStore } from '../dashboard/dashboard-store-dynamodb';

export const dashboardStore = new DynamoDashboardStore(documents, {
  dashboard: tableName('dashboard'),
  organisations: tableName('organisations'),
  coupons: tableName('coupons'),
  claims: tableName('claims'),
  subsidies: tableName('subsidies'),
});
