/**
 * What stands between callers and the routes, and the watch on the whole system:
 *
 * - `EdgeStack` (`<prefix>-<stage>-Edge`, deployed last): the API's `$default` stage (stage and
 *   per-route throttles, JSON access logs), in prod the CloudFront distribution with the WAF web
 *   ACL in front of the API, and the system-wide alarms (infra/guard-rails.ts). The stage lives
 *   here, not in the Api stack, because its RouteSettings may only name routes that exist
 *   ("Unable to find Route by key … within the provided RouteSettings"), and the routes are made
 *   by the capability stacks, which come after the Api stack.
 * - `EdgeFirewallStack` (`<prefix>-<stage>-EdgeFirewall`, prod, us-east-1): the web ACL.
 *
 * Why CloudFront: AWS WAF protects CloudFront distributions, REST APIs, ALBs, AppSync, Cognito and
 * a few more, but not HTTP APIs (API Gateway v2), which cannot be associated with a web ACL. AWS's
 * advice for an HTTP API is CloudFront in front of it with the web ACL on the distribution; a
 * CLOUDFRONT-scope web ACL must be created in us-east-1, hence its own stack, whose ARN reaches the
 * distribution through CDK's cross-region references (SSM parameters written and read by CDK's
 * custom resources). More: docs/operations.md#waf.
 */
import { CfnOutput, CrossStackReferences, Duration, Fn, ReferenceStrength, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, HttpStage, LogGroupLogDestination, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AllowedMethods, CachePolicy, Distribution, HttpVersion, OriginProtocolPolicy, OriginRequestPolicy, PriceClass, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { FilterPattern, LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { System } from '../shared/system';
import { METRICS_NAMESPACE } from '../shared/wiring';
import { GuardRailAlarms } from './guard-rails';
import { routeSettings, routeThrottlesByKey } from './route-throttles';
import type { EdgeFirewallConfig, StageConfig, Throttle } from './stages';

/** The access-log metric of requests API Gateway refused itself with 429 (stage or route throttle). */
export const gatewayThrottledMetricName = 'GatewayThrottled';

export interface EdgeStackProps extends StackProps {
  stageName: string;
  stage: StageConfig;
  system: System;
  api: HttpApi;
  /** Where every alarm goes (the data stack's topic). */
  alarmTopic: ITopic;
  /** The EdgeFirewall stack's web ACL (prod): CloudFront is put in front of the API with it. */
  webAclArn?: string;
}

export class EdgeStack extends Stack {
  readonly stage: HttpStage;
  /** The stage's throttles by route key, as deployed. */
  readonly routeThrottles: Record<string, Throttle>;
  readonly distribution?: Distribution;
  readonly alarms: GuardRailAlarms;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    // Imports, not Fn::GetStackOutput: a producer cannot be deleted while this stack uses it.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { stage } = props;

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: stage.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: props.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: stage.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // JSON, so that a metric filter and Logs Insights can pick fields: a 429 with no
        // integration status is API Gateway's own throttle, not an answer of a function.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            integrationStatus: '$context.integrationStatus',
            responseLatency: '$context.responseLatency',
            error: '$context.error.message',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    this.routeThrottles = routeThrottlesByKey(props.system, stage.routeThrottles);
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings(this.routeThrottles);

    const throttled = new MetricFilter(this, 'GatewayThrottledFilter', {
      logGroup: accessLogs,
      filterPattern: FilterPattern.literal('{ $.status = "429" && $.integrationStatus = "-" }'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: gatewayThrottledMetricName,
      metricValue: '1',
      // Every request counts (0 when not throttled): a quiet minute has data, a throttled share is exact.
      defaultValue: 0,
    });

    if (props.webAclArn) {
      this.distribution = new Distribution(this, 'ApiDistribution', {
        comment: `union-benefits ${props.stageName} API (WAF in front of the HTTP API)`,
        webAclId: props.webAclArn,
        httpVersion: HttpVersion.HTTP2_AND_3,
        priceClass: PriceClass.PRICE_CLASS_ALL,
        defaultBehavior: {
          // The API's own host name (https://<id>.execute-api.<region>.amazonaws.com → its host).
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            readTimeout: Duration.seconds(30),
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Nothing is cached: every answer is the caller's own. API Gateway needs its own Host
          // header, so every viewer header but Host goes on (Authorization, Idempotency-Key, …).
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      });
      Validations.of(this.distribution).acknowledge(
        { id: 'AwsSolutions-CFR1', reason: 'Members call the API from anywhere their union reaches them; the web ACL limits each IP instead of each country.' },
        { id: 'AwsSolutions-CFR3', reason: "Every request that reaches the API is in the stage's access log; the web ACL samples what it blocks. A second log of the same requests is not kept." },
        { id: 'AwsSolutions-CFR4', reason: "No custom domain yet: the distribution serves CloudFront's default certificate, whose security policy CloudFront fixes; set a certificate with TLSv1.2_2021 when the API gets its domain." },
      );
      new CfnOutput(this, 'PublicApiUrl', {
        description: "The address the apps call in this stage: CloudFront with the WAF in front of the API (the execute-api URL bypasses the WAF; the stage's throttles still hold there).",
        value: `https://${this.distribution.distributionDomainName}`,
      });
    }

    this.alarms = new GuardRailAlarms(this, 'Alarms', {
      stage: this.stage,
      gatewayThrottled: throttled.metric({ statistic: 'Sum', period: Duration.minutes(1) }),
      topic: props.alarmTopic,
    });
  }
}

export interface EdgeFirewallStackProps extends StackProps {
  stageName: string;
  firewall: EdgeFirewallConfig;
}

/** The CLOUDFRONT-scope web ACL: in us-east-1, as CloudFront's must be (see the module's comment). */
export class EdgeFirewallStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    this.webAcl = new CfnWebACL(this, 'ApiWebAcl', {
      // (WAF allows no quotes or parentheses in a description.)
      description: `union-benefits ${props.stageName}: a rate limit per client IP and the AWS common rule set in front of the API`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('UnionBenefitsApiWebAcl'),
      rules: [
        {
          // One client IP over the limit in the trailing 5 minutes is answered 403 until it slows
          // down. Generous: members behind one carrier-grade NAT share an IP at the 10:00 drop.
          name: 'RatePerClientIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: { aggregateKeyType: 'IP', limit: props.firewall.requestsPer5MinutesPerIp, evaluationWindowSec: 300 },
          },
          visibilityConfig: visibility('RatePerClientIp'),
        },
        {
          // AWS's baseline rules (bad inputs, known exploits): $1 a month. Bodies over 8 KB (a news
          // item's text) are counted, not blocked: the API's schemas bound every body themselves.
          name: 'AwsCommonRules',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('AwsCommonRules'),
        },
      ],
    });
  }
}
