/**
 * The stacks must keep deploying as the platform grows. CloudFormation refuses a template with
 * more than 500 resources or a body over 1 MB; each stack here must stay at or under 400
 * resources and 800 KB, in every stage, so a growing capability is noticed while there is still
 * room to split it. And whatever holds data sits in the data stack alone, so that any other stack
 * can be destroyed and deployed again without touching it.
 *
 * Headroom: a routed function costs its capability's stack 8 resources (function, role, policy,
 * log group, errors alarm, route, integration, invoke permission) and 10–15 KB of template. The
 * largest capability stack (subsidies, 17 functions) has about 130 resources and 175 KB, so
 * thirty more routes in that one stack come to about 370 resources and 580 KB; spread over the
 * capabilities, far less. The last tests prove it on a system with thirty routes added to the
 * largest capability, each a copy of its heaviest route.
 */
import { describe, expect, it } from 'vitest';
import { stages, type Stage } from '../../infra/stages';
import { system } from '../../shared/manifest';
import { tablesOf, type FunctionSpec, type HttpTrigger, type System } from '../../shared/system';
import { statefulTypes, synth, synthesised } from './synth';

const maxResources = 400;
const maxBytes = 800 * 1024;
/** A whole synthesis with cdk-nag takes seconds, and the first one in a worker far longer. */
const synthTimeout = 300_000;

function checkBudget(target: System, stageName: Stage) {
  const built = synth(target, stageName, { asCli: true });
  const stacks = synthesised(built).sort((a, b) => b.resources - a.resources || b.bytes - a.bytes);
  const table = stacks.map((s) => `${s.name}: ${s.resources} resources, ${(s.bytes / 1024).toFixed(0)} KB`).join('\n  ');

  const byResources = stacks[0]!;
  expect(
    byResources.resources,
    `${byResources.name} has ${byResources.resources} resources (budget ${maxResources}):\n  ${table}`,
  ).toBeLessThanOrEqual(maxResources);
  const bySize = [...stacks].sort((a, b) => b.bytes - a.bytes)[0]!;
  expect(bySize.bytes, `${bySize.name} is ${(bySize.bytes / 1024).toFixed(0)} KB (budget ${maxBytes / 1024} KB):\n  ${table}`).toBeLessThanOrEqual(
    maxBytes,
  );

  // The console stack's buckets hold the built console (deployed again each time) and its CDN's
  // access logs: not the system's data, and they must sit beside the distribution they serve.
  const misplaced = stacks
    .filter((s) => s.name !== built.data.stackName && s.name !== built.console.stackName)
    .flatMap((s) =>
      Object.entries(s.template.Resources)
        .filter(([, resource]) => statefulTypes.includes(resource.Type))
        .map(([id, resource]) => `${s.name}/${id} (${resource.Type})`),
    );
  expect(misplaced, 'stateful resources outside the data stack').toEqual([]);
  return { built, stacks };
}

/**
 * `target` with `count` more routes in `capability`, each a copy (on its own path) of the
 * capability's heaviest route today: the one touching the most tables, queues, buckets and secrets.
 */
function withMoreRoutes(target: System, capability: string, count: number): System {
  const weight = (spec: FunctionSpec) =>
    Object.keys(tablesOf(spec)).length + (spec.sendsTo?.length ?? 0) + Object.keys(spec.buckets ?? {}).length + (spec.secrets?.length ?? 0);
  const routed = Object.values(target.functions).filter((spec) => spec.capability === capability && spec.trigger.kind === 'http');
  const heaviest = routed.sort((a, b) => weight(b) - weight(a))[0]!;
  const extra: Record<string, FunctionSpec> = {};
  for (let n = 1; n <= count; n++) {
    extra[`budgetProbe${String(n).padStart(2, '0')}`] = {
      ...heaviest,
      description: `Budget probe ${n}: a copy of the capability's heaviest route.`,
      trigger: { ...(heaviest.trigger as HttpTrigger), path: `/budget-probes/${n}/{probeId}` },
    };
  }
  return { ...target, functions: { ...target.functions, ...extra } };
}

describe('deployment budget', () => {
  it.each(Object.keys(stages) as Stage[])('%s: every stack within 400 resources and 800 KB, data in the data stack only', (stageName) => {
    const { built, stacks } = checkBudget(system, stageName);
    expect(stacks.map((s) => s.name).sort()).toEqual(
      [built.data, built.api, built.console, built.consoleSite, ...Object.values(built.capabilities), built.edge, ...(built.edgeFirewall ? [built.edgeFirewall] : [])]
        .map((stack) => stack.stackName)
        .sort(),
    );
    // The data stack does hold them all.
    const data = stacks.find((s) => s.name === built.data.stackName)!;
    for (const type of ['AWS::DynamoDB::GlobalTable', 'AWS::SQS::Queue', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::Cognito::UserPool']) {
      expect(Object.values(data.template.Resources).some((resource) => resource.Type === type), type).toBe(true);
    }
  }, synthTimeout);

  it.each(Object.keys(stages) as Stage[])('%s: still within budget with thirty more routes in the largest capability', (stageName) => {
    const counts: Record<string, number> = {};
    for (const spec of Object.values(system.functions)) counts[spec.capability] = (counts[spec.capability] ?? 0) + 1;
    const [largest] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
    const grown = withMoreRoutes(system, largest, 30);
    const { built, stacks } = checkBudget(grown, stageName);
    const stack = stacks.find((s) => s.name === built.capabilities[largest]!.stackName)!;
    expect(Object.values(stack.template.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').length).toBe(
      Object.values(grown.functions).filter((spec) => spec.capability === largest && spec.trigger.kind === 'http').length,
    );
  }, synthTimeout);
});
