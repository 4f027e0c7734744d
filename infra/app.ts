/** The CDK app: `npx cdk deploy -c stage=dev`. cdk-nag's AWS Solutions checks run on every synth. */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { system } from '../shared/manifest';
import { UnionBenefitsStack } from './stack';
import { stageFrom, stages } from './stages';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function buildApp(app: App = new App()) {
  const stageName = stageFrom(app.node.tryGetContext('stage') ?? 'dev');
  const stack = new UnionBenefitsStack(app, `UnionBenefits-${stageName}`, {
    system,
    stageName,
    stage: stages[stageName],
    projectRoot,
    description: `union-benefits (${stageName}): member-benefits platform of the trade unions`,
  });
  Tags.of(stack).add('project', 'union-benefits');
  Tags.of(stack).add('stage', stageName);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
