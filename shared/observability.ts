/**
 * Structured JSON logs and EMF metrics, one of each per container (Powertools). Every log line
 * goes through the redacting replacer, so ID-card and phone numbers never reach CloudWatch.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { redactingReplacer } from './privacy/redact';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'union-benefits',
  jsonReplacerFn: redactingReplacer,
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'UnionBenefits',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'union-benefits',
});
