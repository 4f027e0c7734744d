/**
 * Stage configuration that must not be forgotten: prod verifies real names with the provider,
 * so a prod synthesis without the provider's URL fails and says what to set.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '../../infra/stages';
import { system } from '../../shared/manifest';
import { synth, testIdentityProviderUrl } from './synth';

describe('the identity provider of a stage', () => {
  it('refuses to synthesise prod without the provider URL, naming what to set', () => {
    expect(() => synth(system, 'prod', { context: { identityProviderUrl: undefined } })).toThrow(
      /prod stage needs the real-name provider's URL: pass -c identityProviderUrl=https:\/\/…/,
    );
    expect(() => synth(system, 'prod', { context: { identityProviderUrl: 'http://plain.example' } })).toThrow(/not an https:\/\/ URL/);
  });

  it('gives the prod verifier the URL from -c identityProviderUrl', () => {
    const built = synth(system, 'prod');
    const functions = Template.fromStack(built.capabilities.identity!).findResources('AWS::Lambda::Function');
    const variables = Object.values(functions).map((fn) => fn.Properties.Environment.Variables);
    expect(variables).toContainEqual(expect.objectContaining({ IDENTITY_VERIFIER_URL: testIdentityProviderUrl }));
  });

  it('lets dev run on the check digit alone, and a system with no verifier skip the provider', () => {
    expect(resolveStage('dev', {}, true).identityProviderUrl).toBeUndefined();
    expect(resolveStage('prod', {}, false).identityProviderUrl).toBeUndefined();
    expect(resolveStage('prod', { identityProviderUrl: testIdentityProviderUrl }, true).identityProviderUrl).toBe(testIdentityProviderUrl);
  });
});
