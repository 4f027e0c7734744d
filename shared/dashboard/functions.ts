/**
 * The dashboard capability's functions: the stream aggregator that keeps the figures, the route
 * that reads them, and the operator's recount. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { DashboardParams, DashboardQuery, DashboardView } from './schemas';

export const dashboard = defineFunctions('dashboard', {
  organisationDashboard: {
    entry: 'functions/organisation-dashboard.ts',
    description: "An organisation's whole-subtree figures, now and month by month, for its admins; ETag and If-None-Match.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/organisations/{orgId}/dashboard',
      access: { roles: ['admin', 'operator'] },
      tag: 'dashboard',
      summary: "A subtree's figures",
      request: { params: DashboardParams, query: DashboardQuery },
      responses: {
        200: { description: 'The figures, with an ETag', schema: DashboardView },
        304: { description: 'Not modified: If-None-Match named the current ETag (no body)' },
      },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 },
    },
    tables: { dashboard: 'read', organisations: 'read' },
  },
  dashboardAggregator: {
    entry: 'functions/dashboard-aggregator.ts',
    description: "Applies the source tables' stream records to the dashboard's figures, each once, to the organisation and its ancestors; follows subtree moves.",
    trigger: {
      kind: 'stream',
      tables: ['organisations', 'accounts', 'activities', 'draws', 'coupons', 'payouts', 'news'],
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      retryAttempts: 10,
      onFailure: 'dashboardFailures',
    },
    tables: { dashboard: 'read-write', organisations: 'read', coupons: 'read', claims: 'read', subsidies: 'read' },
    timeoutSeconds: 60,
  },
  dashboardRebuild: {
    entry: 'functions/dashboard-rebuild.ts',
    description: "Recounts every dashboard figure from the tables (before a stage's streams were on, or after failed batches) and overwrites the counted tree.",
    trigger: { kind: 'manual', description: 'Run by an operator while the aggregator is idle: npm run schedule -- dashboardRebuild (local), aws lambda invoke (deployed).' },
    tables: {
      dashboard: 'read-write',
      organisations: 'read',
      accounts: 'read',
      activities: 'read',
      draws: 'read',
      coupons: 'read',
      payouts: 'read',
      news: 'read',
      claims: 'read',
      subsidies: 'read',
    },
    timeoutSeconds: 900,
    memoryMb: 1769,
  },
});
