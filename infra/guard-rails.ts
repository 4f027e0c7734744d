/**
 * The system-wide alarms, each with its runbook section in docs/operations.md (named in its
 * description) and the alarm topic as its action. Per-resource alarms live beside their resources:
 * a dead-letter queue's in the data stack, a function's errors in its capability's stack.
 *
 * Missing data is decided per alarm: where silence means "nothing happened" (no requests, no
 * throttles) it does not breach; where the metric is a heartbeat published on every run (the
 * coupon releaser, the payout reconciler), silence means the job is not running, and it breaches.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { couponReleaseRunMetric, payoutReconciliationLagMetric } from '../shared/operations-metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../shared/wiring';

/** Where each alarm's runbook section is: docs/operations.md#<anchor>. */
export const runbookAnchors = {
  api5xxRate: 'api-5xx-rate',
  gatewayThrottling: 'gateway-throttling',
  lambdaThrottles: 'lambda-throttles',
  deadLetters: 'dead-letters',
  functionErrors: 'function-errors',
  payoutReconciliationLag: 'payout-reconciliation-lag',
  couponDropNotOpened: 'coupon-drop-not-opened',
} as const;

export const runbook = (anchor: (typeof runbookAnchors)[keyof typeof runbookAnchors]) => `Runbook: docs/operations.md#${anchor}`;

/** Thresholds, named so the runbook and the tests can quote them. */
export const thresholds = {
  /** Percent of requests answered 5xx in a minute, with at least `minRequests` that minute, 3 minutes of 5. */
  api5xxPercent: 2,
  minRequests: 20,
  /** Percent of requests API Gateway answered 429 itself, every minute for 10 minutes (a drop's rush is over in one or two). */
  gatewayThrottledPercent: 5,
  /** Lambda throttles in a minute (each is a bare 500 on a route), 2 minutes of 3. */
  lambdaThrottles: 5,
  /** Seconds the oldest submitted payout batch has waited for the provider's outcome, 3 five-minute periods running. */
  payoutReconciliationLagSeconds: 3600,
  /** Minutes in a row without a completed run of the coupon releaser (it runs every minute). */
  couponReleaseSilentMinutes: 3,
} as const;

export interface GuardRailAlarmsProps {
  stage: HttpStage;
  /** Requests API Gateway refused with 429 (the access-log metric), a minute's sum. */
  gatewayThrottled: IMetric;
  topic: ITopic;
}

export class GuardRailAlarms extends Construct {
  readonly api5xxRate: Alarm;
  readonly gatewayThrottling: Alarm;
  readonly lambdaThrottles: Alarm;
  readonly payoutReconciliationLag: Alarm;
  readonly couponDropNotOpened: Alarm;

  constructor(scope: Construct, id: string, props: GuardRailAlarmsProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    const requests = props.stage.metricCount({ statistic: 'Sum', period: minute });

    this.api5xxRate = new Alarm(this, 'Api5xxRate', {
      alarmDescription:
        `More than ${thresholds.api5xxPercent}% of the API's requests were answered 5xx (3 minutes of 5, at least ${thresholds.minRequests} requests a minute). ` +
        runbook(runbookAnchors.api5xxRate),
      metric: new MathExpression({
        expression: `IF(requests >= ${thresholds.minRequests}, 100 * errors / requests, 0)`,
        usingMetrics: { requests, errors: props.stage.metricServerError({ period: minute }) },
        label: '5xx, % of requests',
        period: minute,
      }),
      threshold: thresholds.api5xxPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      // No requests, no data: nothing failed.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.gatewayThrottling = new Alarm(this, 'GatewayThrottling', {
      alarmDescription:
        `API Gateway answered more than ${thresholds.gatewayThrottledPercent}% of requests 429 itself (stage or route throttle) every minute for 10 minutes. ` +
        runbook(runbookAnchors.gatewayThrottling),
      metric: new MathExpression({
        expression: `IF(requests >= ${thresholds.minRequests}, 100 * throttled / requests, 0)`,
        usingMetrics: { requests, throttled: props.gatewayThrottled },
        label: 'Gateway 429, % of requests',
        period: minute,
      }),
      threshold: thresholds.gatewayThrottledPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 10,
      datapointsToAlarm: 10,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // The account's aggregate (Lambda publishes it without dimensions): every function of the region.
    this.lambdaThrottles = new Alarm(this, 'LambdaThrottles', {
      alarmDescription:
        `Lambda refused at least ${thresholds.lambdaThrottles} invocations a minute for lack of concurrency (2 minutes of 3); on a route each one is a bare 500. ` +
        runbook(runbookAnchors.lambdaThrottles),
      metric: new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: minute }),
      threshold: thresholds.lambdaThrottles,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const published = { namespace: METRICS_NAMESPACE, dimensionsMap: { service: SERVICE_NAME } };
    this.payoutReconciliationLag = new Alarm(this, 'PayoutReconciliationLag', {
      alarmDescription:
        `A submitted payout batch has waited more than ${thresholds.payoutReconciliationLagSeconds / 60} minutes for its outcome, or the reconciler has stopped reporting (15 minutes). ` +
        runbook(runbookAnchors.payoutReconciliationLag),
      metric: new Metric({ ...published, metricName: payoutReconciliationLagMetric, statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: thresholds.payoutReconciliationLagSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      // The reconciler reports on every run (0 when nothing waits): silence is a reconciler that does not run.
      treatMissingData: TreatMissingData.BREACHING,
    });

    this.couponDropNotOpened = new Alarm(this, 'CouponDropNotOpened', {
      alarmDescription:
        `The coupon releaser has completed no run for ${thresholds.couponReleaseSilentMinutes} minutes: a daily drop due meanwhile has not opened. ` +
        runbook(runbookAnchors.couponDropNotOpened),
      metric: new Metric({ ...published, metricName: couponReleaseRunMetric, statistic: 'Sum', period: minute }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: thresholds.couponReleaseSilentMinutes,
      // It runs every minute and reports each completed run: silence means it failed or did not run.
      treatMissingData: TreatMissingData.BREACHING,
    });

    const action = new SnsAction(props.topic);
    for (const alarm of [this.api5xxRate, this.gatewayThrottling, this.lambdaThrottles, this.payoutReconciliationLag, this.couponDropNotOpened]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
