/**
 * The CDK app: `npx cdk deploy -c stage=dev --all`, or one capability with
 * `npx cdk deploy -c stage=dev UnionBenefits-dev-Coupons`. cdk-nag's AWS Solutions checks run on
 * every synth, of every stack.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { system as manifest } from '../shared/manifest';
import type { System } from '../shared/system';
import { createStacks } from './stacks';
import { resolveStage, stageFrom } from './stages';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The stage's stacks in `app` (the stage from context `stage`), from `system` (the manifest's unless given). */
export function buildApp(app: App = new App(), system: System = manifest) {
  const stageName = stageFrom(app.node.tryGetContext('stage') ?? 'dev');
  const needsIdentityProvider = Object.values(system.functions).some((spec) => spec.settings?.includes('identityVerifierUrl'));
  const stage = resolveStage(stageName, { identityProviderUrl: app.node.tryGetContext('identityProviderUrl') }, needsIdentityProvider);
  // The region: -c region=…, else the CLI's (its profile or AWS_REGION). Only a stage with a WAF
  // needs it (see createStacks); the others stay environment-agnostic, as they always were.
  const region = (app.node.tryGetContext('region') as string | undefined) || process.env.CDK_DEFAULT_REGION;
  const env = stage.edgeFirewall && region ? { account: process.env.CDK_DEFAULT_ACCOUNT, region } : undefined;
  const stacks = createStacks(app, { system, stageName, stage, projectRoot, env });
  Tags.of(app).add('project', 'union-benefits');
  Tags.of(app).add('stage', stageName);
  for (const [capability, stack] of Object.entries(stacks.capabilities)) Tags.of(stack).add('capability', capability);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stageName, ...stacks };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
