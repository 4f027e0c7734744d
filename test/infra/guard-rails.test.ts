/**
 * Deploy-time guard rails: per-route throttles on the `$default` stage (keyed by the manifest's
 * routes), the WAF in front of the API in prod only, and the alarms with their runbook sections
 * in docs/operations.md.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/app';
import { runbookAnchors } from '../../infra/guard-rails';
import { routeKeyOf, routeThrottlesByKey } from '../../infra/route-throttles';
import { stages, type Stage } from '../../infra/stages';
import { system } from '../../shared/manifest';
import type { System } from '../../shared/system';
import { synth, templateOf, testRegion } from './synth';

const functions = system.functions as System['functions'];
const dev = synth(system, 'dev');
const prod = synth(system, 'prod');
const stageNames = Object.keys(stages) as Stage[];

describe('route throttles', () => {
  it.each(stageNames)('%s: names only routes of the manifest, each within the stage and its function’s reserved concurrency', (stageName) => {
    const stage = stages[stageName];
    expect(Object.keys(stage.routeThrottles).length).toBeGreaterThan(0);
    for (const [name, throttle] of Object.entries(stage.routeThrottles)) {
      const spec = functions[name];
      expect(spec?.trigger.kind, `${name} is a route of the manifest`).toBe('http');
      expect(throttle!.rateLimit, name).toBeLessThanOrEqual(stage.throttle.rateLimit);
      expect(throttle!.burstLimit, name).toBeLessThanOrEqual(stage.throttle.burstLimit);
      // A burst beyond the reserved executions would be Lambda throttles: bare 500s, not 429s.
      if (spec?.concurrency !== undefined) expect(throttle!.burstLimit, name).toBeLessThanOrEqual(spec.concurrency);
    }
    // The 10:00 claim and the paid real-name check are always among them.
    expect(Object.keys(stage.routeThrottles)).toEqual(expect.arrayContaining(['couponClaim', 'identityVerify', 'claimDocumentsAdd', 'drawEnter']));
  });

  it('fails on a name that is not a route of the manifest', () => {
    expect(() => routeKeyOf('noSuchFunction', functions.noSuchFunction)).toThrow(/no such function in the manifest/);
    expect(() => routeThrottlesByKey(system, { couponRelease: { rateLimit: 1, burstLimit: 1 } })).toThrow(/couponRelease.*not a route.*schedule/);
    expect(routeThrottlesByKey(system, { couponClaim: { rateLimit: 7, burstLimit: 3 } })).toEqual({ 'POST /campaigns/{campaignId}/claims': { rateLimit: 7, burstLimit: 3 } });
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
  ] as const)('%s: the Edge stack’s $default stage carries them, keyed by routes the capability stacks make', (stageName, built) => {
    const edge = templateOf(built.edge);
    const stageResources = Object.values(edge.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stageResources).toHaveLength(1);
    const { RouteSettings, DefaultRouteSettings, StageName, AutoDeploy } = stageResources[0]!.Properties;
    expect({ StageName, AutoDeploy }).toEqual({ StageName: '$default', AutoDeploy: true });
    expect(DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: stages[stageName].throttle.rateLimit, ThrottlingBurstLimit: stages[stageName].throttle.burstLimit });

    const expected = Object.fromEntries(
      Object.entries(stages[stageName].routeThrottles).map(([name, t]) => [routeKeyOf(name, functions[name]), { ThrottlingRateLimit: t!.rateLimit, ThrottlingBurstLimit: t!.burstLimit }]),
    );
    expect(RouteSettings).toEqual(expected);
    expect(RouteSettings['POST /campaigns/{campaignId}/claims']).toBeDefined();

    const deployedRouteKeys = new Set(
      Object.values(built.capabilities).flatMap((stack) => Object.values(templateOf(stack).findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey as string)),
    );
    for (const key of Object.keys(RouteSettings)) expect(deployedRouteKeys.has(key), key).toBe(true);
    // Route settings may only name existing routes: the stage deploys after every capability stack.
    for (const stack of Object.values(built.capabilities)) expect(built.edge.dependencies, stack.stackName).toContain(stack);
    templateOf(built.api).resourceCountIs('AWS::ApiGatewayV2::Stage', 0);
  });
});

describe('the WAF in front of the API', () => {
  it('prod: a CLOUDFRONT web ACL in us-east-1 with a per-IP rate rule, on the distribution in front of the API', () => {
    const firewall = prod.edgeFirewall!;
    expect(firewall).toBeDefined();
    expect(firewall.region).toBe('us-east-1');
    expect(prod.edge.region).toBe(testRegion);
    const acl = templateOf(firewall);
    acl.resourceCountIs('AWS::WAFv2::WebACL', 1);
    acl.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RatePerClientIp',
          Action: { Block: {} },
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: stages.prod.edgeFirewall!.requestsPer5MinutesPerIp, EvaluationWindowSec: 300 } },
        }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }) } }),
      ]),
    });

    // The web ACL's ARN crosses to the Edge stack (SSM, CDK's cross-region reference) onto the distribution.
    const aclId = firewall.getLogicalId(firewall.webAcl);
    expect(JSON.stringify(acl.toJSON())).toMatch(new RegExp(`"Fn::GetAtt":\\["${aclId}","Arn"\\]`));
    const edge = templateOf(prod.edge);
    const distributions = Object.values(edge.findResources('AWS::CloudFront::Distribution'));
    expect(distributions).toHaveLength(1);
    const config = distributions[0]!.Properties.DistributionConfig;
    expect(JSON.stringify(config.WebACLId)).toMatch(/cdk\/exports\/.*WebAcl/);
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'https-only', AllowedMethods: expect.arrayContaining(['POST', 'DELETE', 'PATCH']) });
    // Its origin is the API (its host, taken from the endpoint the Api stack exports).
    expect(JSON.stringify(config.Origins)).toContain(`ExportsOutputFnGetAtt${prod.api.getLogicalId(prod.api.api.node.defaultChild as never)}ApiEndpoint`);
    edge.hasOutput('PublicApiUrl', Match.anyValue());
  });

  it('dev: no web ACL and no distribution in front of the API', () => {
    expect(dev.edgeFirewall).toBeUndefined();
    expect(dev.app.node.children.filter((child) => Stack.isStack(child)).map((stack) => (stack as Stack).stackName)).not.toContain('UnionBenefits-dev-EdgeFirewall');
    const edge = templateOf(dev.edge);
    edge.resourceCountIs('AWS::CloudFront::Distribution', 0);
    edge.resourceCountIs('AWS::WAFv2::WebACL', 0);
    // And dev stays environment-agnostic.
    expect(dev.edge.region).toMatch(/^\$\{Token/);
  });

  it('prod refuses to synthesise without a region, saying what to pass', () => {
    // The CLI's region (which `cdk` sets from the profile) would otherwise stand in for -c region.
    const cliRegion = process.env.CDK_DEFAULT_REGION;
    delete process.env.CDK_DEFAULT_REGION;
    try {
      expect(() => synth(system, 'prod', { context: { region: undefined } })).toThrow(/pass -c region=<region>/);
    } finally {
      if (cliRegion !== undefined) process.env.CDK_DEFAULT_REGION = cliRegion;
    }
  });

  it('prod leaves no AWS Solutions finding unacknowledged', () => {
    expect(() => prod.app.synth()).not.toThrow();
  }, 300_000);
});

describe('alarms', () => {
  const topicImport = (built: typeof dev) => [
    { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${built.data.stackName}:ExportsOutputRef${built.data.getLogicalId(built.data.alarmTopic.node.defaultChild as never)}`)) },
  ];
  const alarmsOf = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);

  it('sends every alarm to one encrypted topic', () => {
    const data = templateOf(dev.data);
    data.resourceCountIs('AWS::SNS::Topic', 1);
    data.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const topicRef = { Ref: dev.data.getLogicalId(dev.data.alarmTopic.node.defaultChild as never) };
    for (const alarm of alarmsOf(data)) expect(alarm.AlarmActions, alarm.AlarmDescription).toEqual([topicRef]);
    for (const stack of [...Object.values(dev.capabilities), dev.edge]) {
      const alarms = alarmsOf(templateOf(stack));
      expect(alarms.length, stack.stackName).toBeGreaterThan(0);
      for (const alarm of alarms) expect(alarm.AlarmActions, `${stack.stackName}: ${alarm.AlarmDescription}`).toEqual(topicImport(dev));
    }
  });

  it.each([
    ['dev', dev],
    ['prod', prod],
  ] as const)('%s: 5xx rate, gateway throttling, Lambda throttles, payout reconciliation lag and a drop that did not open', (_stageName, built) => {
    const edge = templateOf(built.edge);
    const byAnchor = (anchor: string) => alarmsOf(edge).filter((alarm) => String(alarm.AlarmDescription).includes(`docs/operations.md#${anchor}`));
    const [fiveXx] = byAnchor(runbookAnchors.api5xxRate);
    expect(JSON.stringify(fiveXx!.Metrics)).toMatch(/100 \* errors \/ requests/);
    expect(JSON.stringify(fiveXx!.Metrics)).toContain('"MetricName":"5xx"');
    expect(fiveXx!.TreatMissingData).toBe('notBreaching');

    const [throttling] = byAnchor(runbookAnchors.gatewayThrottling);
    expect(JSON.stringify(throttling!.Metrics)).toContain('"MetricName":"GatewayThrottled"');
    edge.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "429" && $.integrationStatus = "-" }',
      MetricTransformations: [Match.objectLike({ MetricName: 'GatewayThrottled', DefaultValue: 0 })],
    });

    const [lambda] = byAnchor(runbookAnchors.lambdaThrottles);
    expect(lambda).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });

    const [lag] = byAnchor(runbookAnchors.payoutReconciliationLag);
    expect(lag).toMatchObject({ Namespace: 'UnionBenefits', MetricName: 'PayoutReconciliationLagSeconds', Statistic: 'Maximum', TreatMissingData: 'breaching' });

    const [drop] = byAnchor(runbookAnchors.couponDropNotOpened);
    expect(drop).toMatchObject({ Namespace: 'UnionBenefits', MetricName: 'CouponReleaseRunCompleted', ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });

    // The dead-letter alarms (data stack) and the errors alarms name their sections too.
    for (const alarm of alarmsOf(templateOf(built.data))) expect(alarm.AlarmDescription).toContain(`docs/operations.md#${runbookAnchors.deadLetters}`);
    for (const alarm of alarmsOf(templateOf(built.capabilities.coupons!))) expect(alarm.AlarmDescription).toContain(`docs/operations.md#${runbookAnchors.functionErrors}`);
  });
});

describe('the runbook (docs/operations.md)', () => {
  const runbookText = readFileSync(path.join(projectRoot, 'docs/operations.md'), 'utf8');
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  const anchors = new Set(
    [...runbookText.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );

  it('has a section for every alarm the descriptions name', () => {
    for (const anchor of [...Object.values(runbookAnchors), 'throttling', 'waf']) expect(anchors.has(anchor), anchor).toBe(true);
  });

  it('lists every route throttle with its route and both stages’ limits', () => {
    for (const [name, throttle] of Object.entries(stages.prod.routeThrottles)) {
      const row = runbookText.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row, name).toBeDefined();
      expect(row).toContain(`\`${routeKeyOf(name, functions[name])}\``);
      const numbers = (t: { rateLimit: number; burstLimit: number } | undefined) => t && `${t.rateLimit.toLocaleString('en')} / ${t.burstLimit.toLocaleString('en')}`;
      expect(row).toContain(numbers(throttle));
      expect(row).toContain(numbers(stages.dev.routeThrottles[name as keyof typeof stages.dev.routeThrottles]));
    }
  });
});
