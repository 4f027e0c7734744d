/** Synthesises the app's stacks for a system and stage as `cdk synth` would, without bundling. */
import { App, type Stack } from 'aws-cdk-lib';
import { statSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import type { Stage } from '../../infra/stages';
import type { System } from '../../shared/system';

/** Resource types that hold data: they belong in the data stack and nowhere else. */
export const statefulTypes = [
  'AWS::DynamoDB::GlobalTable',
  'AWS::DynamoDB::Table',
  'AWS::SQS::Queue',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::Cognito::UserPool',
];

/** The real-name provider URL a prod deploy is given (`-c identityProviderUrl=…`); prod refuses to synthesise without one. */
export const testIdentityProviderUrl = 'https://idv.example.test/v1/verify';

/** The region a prod synthesis is given (`-c region=…`): its WAF's cross-region reference needs one. */
export const testRegion = 'ap-southeast-1';

/**
 * The app as `cdk synth` would build it, bundling off (template tests need the wiring, not the
 * bundles). `asCli`: with the metadata the CLI asks for (construct paths, asset metadata, the
 * version-reporting resource), so templates are the size and count the CLI writes. `context`:
 * more `-c` values; prod is given the identity provider's URL and a region unless `context` says otherwise.
 */
export function synth(system: System, stageName: Stage = 'dev', { asCli = false, context = {} as Record<string, unknown> } = {}) {
  const cli = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:version-reporting': true };
  const provider = stageName === 'prod' ? { identityProviderUrl: testIdentityProviderUrl, region: testRegion } : {};
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: stageName, ...provider, ...(asCli ? cli : {}), ...context } });
  return buildApp(app, system);
}

export type Built = ReturnType<typeof synth>;

export const templateOf = (stack: Stack) => Template.fromStack(stack);

/** Every stack of the app, as `cdk synth` writes it: name, template, size in bytes of the file. */
export function synthesised(built: Built) {
  return built.app.synth().stacks.map((artifact) => ({
    name: artifact.stackName,
    template: artifact.template as { Resources: Record<string, { Type: string }>; Outputs?: Record<string, { Export?: { Name: string } }> },
    resources: Object.keys(artifact.template.Resources ?? {}).length,
    /** The template file CloudFormation is given (the limit is on its size). */
    bytes: statSync(artifact.templateFullPath).size,
    artifact,
  }));
}
