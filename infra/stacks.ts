/**
 * The whole system on AWS, built from the manifest, as stacks cut by lifetime and capability:
 *
 * - `<prefix>-<stage>-Data`: tables, queues and their dead-letter queues, secrets, buckets, the
 *   user pool: everything that holds data, retained, termination-protected in prod;
 * - `<prefix>-<stage>-Api`: the one HTTP API and its JWT authorizer;
 * - `<prefix>-<stage>-<Capability>`: one per capability named by the manifest's entries
 *   (`spec.capability`), holding that capability's functions, routes, schedules and event sources;
 * - `<prefix>-<stage>-Edge`, last: the API's `$default` stage with its stage and route throttles,
 *   in prod CloudFront with the WAF in front of it, and the system-wide alarms;
 * - `<prefix>-<stage>-EdgeFirewall` (stages with `edgeFirewall`, in us-east-1): the WAF web ACL.
 *
 * References between them go one way (edge → capability → API → data) as CDK strong references,
 * each exported once by its producer (see DataStack.exportResources).
 */
import { Token, type App, type Environment, type StackProps } from 'aws-cdk-lib';
import type { FunctionSpec, System } from '../shared/system';
import { ApiStack } from './api-stack';
import { CapabilityStack } from './capability-stack';
import { ConsoleSiteStack, ConsoleStack } from './console-stack';
import { DataStack } from './data-stack';
import { EdgeFirewallStack, EdgeStack } from './edge-stack';
import { capabilityStackPart, stackName } from './names';
import type { Stage, StageConfig } from './stages';

export interface UnionBenefitsProps {
  system: System;
  stageName: Stage;
  stage: StageConfig;
  projectRoot: string;
  /** First part of every stack name (default `UnionBenefits`). */
  prefix?: string;
  /**
   * Where the stacks go. Unset: environment-agnostic (the CLI's account and region at deploy). A
   * stage with `edgeFirewall` needs the region: its us-east-1 web ACL reaches the distribution by
   * a cross-region reference, which CDK makes only between stacks with explicit regions.
   */
  env?: Environment;
}

export interface UnionBenefitsStacks {
  data: DataStack;
  api: ApiStack;
  /** The admin console: its bucket, CDN, hosted-UI domain and app client; then its files and config.json. */
  console: ConsoleStack;
  consoleSite: ConsoleSiteStack;
  /** By capability name, as the manifest spells it (`gig-workers`). */
  capabilities: Record<string, CapabilityStack>;
  /** The API's stage, throttles, CloudFront and WAF (prod) and the system-wide alarms: deployed last. */
  edge: EdgeStack;
  /** The WAF web ACL, in us-east-1: in stages with `edgeFirewall` only. */
  edgeFirewall?: EdgeFirewallStack;
}

/** The manifest's functions grouped by capability, in the order they are listed. */
export function functionsByCapability(system: System): Record<string, Record<string, FunctionSpec>> {
  const groups: Record<string, Record<string, FunctionSpec>> = {};
  for (const [name, spec] of Object.entries(system.functions)) {
    (groups[spec.capability] ??= {})[name] = spec;
  }
  return groups;
}

export function createStacks(app: App, props: UnionBenefitsProps): UnionBenefitsStacks {
  const { system, stageName, stage } = props;
  const prefix = props.prefix ?? 'UnionBenefits';
  const name = (part: string) => stackName(prefix, stageName, part);
  const describe = (what: string): StackProps => ({
    description: `union-benefits (${stageName}): ${what}`,
    ...(props.env && { env: props.env }),
  });
  if (stage.edgeFirewall && (!props.env?.region || Token.isUnresolved(props.env.region))) {
    throw new Error(
      `The ${stageName} stage puts a WAF (in us-east-1) in front of its API, which needs the stacks' region: ` +
        'pass -c region=<region> to cdk (or deploy with a profile or AWS_REGION that names it).',
    );
  }
  // Data and the API's URL outlive every deploy; in prod they cannot be deleted by accident.
  const protectedInProd = stageName === 'prod';

  const data = new DataStack(app, name('Data'), {
    ...describe('tables, queues, secrets, buckets and the user pool'),
    terminationProtection: protectedInProd,
    system,
    stage,
  });
  const adminConsole = new ConsoleStack(app, name('Console'), {
    ...describe('the admin console: bucket, CloudFront, hosted-UI domain and app client'),
    stageName,
    userPool: data.userPool,
    domainPrefix: `${prefix.toLowerCase()}-${stageName}`,
  });
  const api = new ApiStack(app, name('Api'), {
    ...describe('the HTTP API and its JWT authorizer'),
    terminationProtection: protectedInProd,
    stageName,
    stage,
    userPool: data.userPool,
    appClient: data.appClient,
    consoleClient: adminConsole.client,
  });

  const capabilities: Record<string, CapabilityStack> = {};
  for (const [capability, functions] of Object.entries(functionsByCapability(system))) {
    capabilities[capability] = new CapabilityStack(app, name(capabilityStackPart(capability)), {
      ...describe(`the ${capability} functions and their triggers`),
      capability,
      functions,
      system,
      resources: data.resources,
      api: api.api,
      authorizer: api.authorizer,
      alarmTopic: data.alarmTopic,
      stageName,
      stage,
      projectRoot: props.projectRoot,
    });
  }
  const consoleSite = new ConsoleSiteStack(app, name('ConsoleSite'), {
    ...describe("the admin console's files and its config.json (API URL, sign-in settings)"),
    console: adminConsole,
    api: api.api,
    projectRoot: props.projectRoot,
    operatorRootId: 'gd',
  });

  // Cross-region: CLOUDFRONT-scope web ACLs exist only in us-east-1 (infra/edge-stack.ts).
  const edgeFirewall = stage.edgeFirewall
    ? new EdgeFirewallStack(app, name('EdgeFirewall'), {
        ...describe("the WAF web ACL in front of the API's CloudFront distribution (us-east-1)"),
        env: { account: props.env?.account, region: 'us-east-1' },
        crossRegionReferences: true,
        stageName,
        firewall: stage.edgeFirewall,
      })
    : undefined;
  const edge = new EdgeStack(app, name('Edge'), {
    ...describe(`the API's $default stage and throttles${edgeFirewall ? ', CloudFront with the WAF in front of it' : ''}, and the system-wide alarms`),
    // Deleting it takes the API's stage (so the API) offline until it is deployed again.
    terminationProtection: protectedInProd,
    crossRegionReferences: edgeFirewall !== undefined,
    stageName,
    stage,
    system,
    api: api.api,
    alarmTopic: data.alarmTopic,
    webAclArn: edgeFirewall?.webAcl.attrArn,
  });
  // The stage's route settings name routes the capability stacks make: they must exist first.
  for (const stack of Object.values(capabilities)) edge.addStackDependency(stack, 'its route settings name this stack’s routes');
  return { data, api, console: adminConsole, consoleSite, capabilities, edge, edgeFirewall };
}
