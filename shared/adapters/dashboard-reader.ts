/** The dashboard's figures for the route that reads them (the dashboard table only); built once per container. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoDashboardStore } from '../dashboard/dashboard-store-dynamodb';

export const dashboardReader = new DynamoDashboardStore(documents, { dashboard: tableName('dashboard') });
