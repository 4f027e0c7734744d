/**
 * The whole system on AWS, built from the manifest, as stacks cut by lifetime and capability:
 *
 * - `<prefix>-<stage>-Data`: tables, queues and their dead-letter queues, secrets, buckets, the
 *   user pool: everything that holds data, retained, termination-protected in prod;
 * - `<prefix>-<stage>-Api`: the one HTTP API, its stage and JWT authorizer;
 * - `<prefix>-<stage>-<Capability>`: one per capability named by the manifest's entries
 *   (`spec.capability`), holding that capability's functions, routes, schedules and event sources.
 *
 * References between them go one way (capability → API → data) as CDK strong references, each
 * exported once by its producer (see DataStack.exportResources).
 */
import type { App, StackProps } from 'aws-cdk-lib';
import type { FunctionSpec, System } from '../shared/system';
import { ApiStack } from './api-stack';
import { CapabilityStack } from './capability-stack';
import { ConsoleSiteStack, ConsoleStack } from './console-stack';
import { DataStack } from './data-stack';
import { capabilityStackPart, stackName } from './names';
import type { Stage, StageConfig } from './stages';

export interface UnionBenefitsProps {
  system: System;
  stageName: Stage;
  stage: StageConfig;
  projectRoot: string;
  /** First part of every stack name (default `UnionBenefits`). */
  prefix?: string;
}

export interface UnionBenefitsStacks {
  data: DataStack;
  api: ApiStack;
  /** The admin console: its bucket, CDN, hosted-UI domain and app client; then its files and config.json. */
  console: ConsoleStack;
  consoleSite: ConsoleSiteStack;
  /** By capability name, as the manifest spells it (`gig-workers`). */
  capabilities: Record<string, CapabilityStack>;
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
  });
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
  return { data, api, console: adminConsole, consoleSite, capabilities };
}
