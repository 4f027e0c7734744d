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
  logger: {
    debug: (...args: unknown[]) => logger.debug(String(args[0])),
    info: (...args: unknown[]) => logger.info(String(args[0])),
    error: (...args: unknown[]) => logger.error(String(args[0])),
    // Most requests record no business metric; that is normal, not worth a warning each time.
    warn: (...args: unknown[]) =>
      String(args[0]).startsWith('No application metrics') ? logger.debug(String(args[0])) : logger.warn(String(args[0])),
  },
});
