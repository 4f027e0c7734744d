/**
 * The synthesised templates against the manifest: a data stack, an API stack and one stack per
 * capability; one function per entry, in its capability's stack, on nodejs22.x/arm64; routes and
 * their authorizer, least-privilege grants, tables, queues, schedules and alarms; references
 * between stacks only through the exports their producers pin; and cdk-nag's AWS Solutions checks
 * with nothing left but written acknowledgements.
 */
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createStacks } from '../../infra/stacks';
import { projectRoot } from '../../infra/app';
import { stages } from '../../infra/stages';
import { system } from '../../shared/manifest';
import { tablesOf, type System } from '../../shared/system';
import { tableEnvVar } from '../../shared/resources';
import { fixtureSystem } from '../fixtures/system';
import { synth, templateOf, testRegion } from './synth';

const built = synth(system);
const { app, data, api, capabilities } = built;
const dataTemplate = templateOf(data);
const apiTemplate = templateOf(api);
const capabilityTemplates = Object.fromEntries(Object.entries(capabilities).map(([name, stack]) => [name, templateOf(stack)]));
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
type Resources = Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;
const resourcesOf = (template: Template) => template.toJSON().Resources as Resources;

/** The stack and template of a manifest entry's function. */
function home(name: string) {
  const spec = (system.functions as System['functions'])[name]!;
  const stack = capabilities[spec.capability]!;
  return { spec, stack, template: capabilityTemplates[spec.capability]!, fn: stack.functions[name]! };
}

describe('stacks', () => {
  const capabilityNames = [...new Set(Object.values(system.functions).map((spec) => spec.capability))];

  it('has a data stack, an API stack, the two console stacks, one stack per capability and the Edge stack, named after them', () => {
    expect(Object.keys(capabilities).sort()).toEqual([...capabilityNames].sort());
    expect(data.stackName).toBe('UnionBenefits-dev-Data');
    expect(api.stackName).toBe('UnionBenefits-dev-Api');
    expect(capabilities['gig-workers']!.stackName).toBe('UnionBenefits-dev-GigWorkers');
    expect(capabilities.coupons!.stackName).toBe('UnionBenefits-dev-Coupons');
    expect(built.console.stackName).toBe('UnionBenefits-dev-Console');
    expect(built.consoleSite.stackName).toBe('UnionBenefits-dev-ConsoleSite');
    expect(built.edge.stackName).toBe('UnionBenefits-dev-Edge');
    expect(app.node.children.filter((child) => Stack.isStack(child))).toHaveLength(5 + capabilityNames.length);
  });

  it('puts each function in the stack of its capability, and in no other', () => {
    dataTemplate.resourceCountIs('AWS::Lambda::Function', 0);
    apiTemplate.resourceCountIs('AWS::Lambda::Function', 0);
    templateOf(built.edge).resourceCountIs('AWS::Lambda::Function', 0);
    for (const [capability, stack] of Object.entries(capabilities)) {
      const names = Object.entries(system.functions)
        .filter(([, spec]) => spec.capability === capability)
        .map(([name]) => name);
      expect(Object.keys(stack.functions).sort(), capability).toEqual(names.sort());
      capabilityTemplates[capability]!.resourceCountIs('AWS::Lambda::Function', names.length);
    }
  });

  it('references run one way (edge → capability → API → data), only through exports their producers pin', () => {
    expect(data.dependencies).toEqual([]);
    // The API trusts the console's app client (JWT audience); the console stack needs only the user pool.
    expect(built.console.dependencies).toEqual([data]);
    expect(api.dependencies.sort((a, b) => a.stackName.localeCompare(b.stackName))).toEqual([built.console, data]);
    expect(built.consoleSite.dependencies.sort((a, b) => a.stackName.localeCompare(b.stackName))).toEqual([api, built.console]);
    for (const stack of Object.values(capabilities)) {
      expect(stack.dependencies.every((dependency) => dependency === data || dependency === api), stack.stackName).toBe(true);
    }
    // The Edge stack comes last: its stage's route settings name the capability stacks' routes.
    expect(built.edge.dependencies.sort((a, b) => a.stackName.localeCompare(b.stackName))).toEqual(
      [api, ...Object.values(capabilities), data].sort((a, b) => a.stackName.localeCompare(b.stackName)),
    );

    // The data stack exports each attribute of each resource once, whoever uses it: the set of
    // exports follows the system's resources, never which functions happen to use them.
    const exported = (template: Template) =>
      Object.values((template.toJSON().Outputs ?? {}) as Record<string, { Export?: { Name: string } }>)
        .map((output) => output.Export?.Name)
        .filter((name): name is string => name !== undefined);
    const id = (construct: { node: { defaultChild?: unknown } }) => logicalId(data, construct);
    const { tables, queues, buckets, secrets } = data.resources;
    const expected = [
      ...Object.values(tables).flatMap((table) => [`Ref${id(table)}`, `FnGetAtt${id(table)}Arn`, ...(table.tableStreamArn ? [`FnGetAtt${id(table)}StreamArn`] : [])]),
      ...Object.values(queues).flatMap((queue) => [`Ref${id(queue)}`, `FnGetAtt${id(queue)}Arn`]),
      ...Object.values(buckets).flatMap((bucket) => [`Ref${id(bucket)}`, `FnGetAtt${id(bucket)}Arn`]),
      ...Object.values(secrets).map((secret) => `Ref${id(secret)}`),
      `Ref${id(data.userPool)}`,
      `Ref${id(data.appClient)}`,
      `Ref${id(data.alarmTopic)}`,
    ];
    const dataExports = exported(dataTemplate);
    expect(dataExports).toHaveLength(expected.length);
    for (const prefix of expected) {
      expect(dataExports.filter((name) => name.startsWith(`${data.stackName}:ExportsOutput${prefix}`)), prefix).toHaveLength(1);
    }
    // The same exports when no function uses any of them (only the tableless platform routes).
    const unused = createStacks(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
      system: {
        ...system,
        functions: Object.fromEntries(Object.entries(system.functions).filter(([, spec]) => spec.capability === 'platform')),
      },
      stageName: 'dev',
      stage: stages.dev,
      projectRoot,
    });
    expect(exported(templateOf(unused.data)).sort()).toEqual([...dataExports].sort());
    const apiExports = exported(apiTemplate);
    expect(apiExports.sort()).toEqual(
      // The API's id and authorizer (the capabilities'), and its endpoint (the console's config.json).
      [`FnGetAtt${logicalId(api, api.api)}ApiEndpoint`, `Ref${logicalId(api, api.api)}`, `Ref${logicalId(api, api.api.node.findChild('MembersJwt'))}`]
        .map((prefix) => expect.stringMatching(new RegExp(`^${api.stackName}:ExportsOutput${prefix}[0-9A-F]{8}$`)))
        .sort(),
    );

    const pinned = new Set([...dataExports, ...apiExports]);
    for (const [capability, template] of [...Object.entries(capabilityTemplates), ['edge', templateOf(built.edge)] as const]) {
      const imports = new Set<string>();
      JSON.stringify(template.toJSON(), (key, value) => {
        if (key === 'Fn::ImportValue') imports.add(value);
        return value;
      });
      expect([...imports].filter((name) => !pinned.has(name)), capability).toEqual([]);
    }
  });

  it('protects the data, the API and the Edge stack (its stage) from deletion in prod, and nothing in dev', () => {
    const prod = createStacks(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
      system,
      stageName: 'prod',
      stage: stages.prod,
      projectRoot,
      env: { region: testRegion },
    });
    expect(prod.data.terminationProtection).toBe(true);
    expect(prod.api.terminationProtection).toBe(true);
    expect(prod.edge.terminationProtection).toBe(true);
    for (const stack of Object.values(prod.capabilities)) expect(stack.terminationProtection, stack.stackName).toBe(false);
    for (const stack of [data, api, built.edge, ...Object.values(capabilities)]) expect(stack.terminationProtection, stack.stackName).toBe(false);
  });
});

describe('functions and routes', () => {
  it('creates one function per manifest entry on nodejs22.x arm64 with X-Ray on', () => {
    const count = Object.values(capabilityTemplates).reduce(
      (sum, template) => sum + Object.keys(template.findResources('AWS::Lambda::Function')).length,
      0,
    );
    expect(count).toBe(Object.keys(system.functions).length);
    for (const template of Object.values(capabilityTemplates)) {
      template.allResourcesProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('routes every HTTP entry from its capability’s stack to the one API, behind the JWT authorizer unless public', () => {
    const authorizers = apiTemplate.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.values(authorizers)).toHaveLength(1);
    expect(Object.values(authorizers)[0]!.Properties).toMatchObject({ AuthorizerType: 'JWT' });
    apiTemplate.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    apiTemplate.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    const apiImport = Match.objectEquals({ 'Fn::ImportValue': Match.stringLikeRegexp(`^${api.stackName}:ExportsOutputRef${logicalId(api, api.api)}`) });
    const authorizerId = logicalId(api, api.api.node.findChild('MembersJwt'));
    let routes = 0;
    for (const [name, spec] of Object.entries(system.functions)) {
      if (spec.trigger.kind !== 'http') continue;
      routes += 1;
      home(name).template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: apiImport,
        RouteKey: `${spec.trigger.method} ${spec.trigger.path}`,
        AuthorizationType: spec.trigger.access === 'public' ? 'NONE' : 'JWT',
        AuthorizerId:
          spec.trigger.access === 'public'
            ? Match.absent()
            : { 'Fn::ImportValue': Match.stringLikeRegexp(`^${api.stackName}:ExportsOutputRef${authorizerId}`) },
      });
    }
    // And the $default route, without authorizer, to the fallback function (404/405 problem documents).
    for (const [name, spec] of Object.entries(system.functions)) {
      if (spec.trigger.kind !== 'fallback') continue;
      routes += 1;
      home(name).template.hasResourceProperties('AWS::ApiGatewayV2::Route', { ApiId: apiImport, RouteKey: '$default', AuthorizationType: 'NONE' });
    }
    const total = Object.values(capabilityTemplates).reduce(
      (sum, template) => sum + Object.keys(template.findResources('AWS::ApiGatewayV2::Route')).length,
      0,
    );
    expect(total).toBe(routes);
  });

  it('lets the API invoke each routed function, for its own path only', () => {
    for (const [name, spec] of Object.entries(system.functions)) {
      if (spec.trigger.kind !== 'http') continue;
      const { stack, template, fn } = home(name);
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: { 'Fn::GetAtt': [logicalId(stack, fn), 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([`/*/*${spec.trigger.path}`])] },
      });
    }
  });

  it('gives each function the variables and grants of its own tables only', () => {
    const tableIds = Object.fromEntries(
      Object.keys(system.tables).map((table) => [logicalId(data, data.node.findChild(`${pascal(table)}Table`)), table]),
    );
    for (const [name, spec] of Object.entries(system.functions)) {
      const { stack, template, fn } = home(name);
      const resources = resourcesOf(template);
      const expected = Object.keys(tablesOf(spec)).sort();

      const variables = resources[logicalId(stack, fn)]!.Properties.Environment.Variables;
      const tablesInEnv = Object.keys(system.tables).filter((table) => tableEnvVar(table) in variables);
      expect(tablesInEnv.sort(), `${name} environment`).toEqual(expected);

      const roleId = logicalId(stack, fn.role!);
      const granted = new Set<string>();
      const streams = new Set<string>();
      for (const resource of Object.values(resources)) {
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        if (!JSON.stringify(resource.Properties.Roles).includes(roleId)) continue;
        for (const statement of resource.Properties.PolicyDocument.Statement) {
          const text = JSON.stringify(statement.Resource);
          // The event source mapping reads a stream (its own ARN) with the function's role.
          const onStream = text.includes('StreamArn');
          for (const [id, table] of Object.entries(tableIds)) if (text.includes(id)) (onStream ? streams : granted).add(table);
        }
      }
      expect([...granted].sort(), `${name} grants`).toEqual(expected);
      expect([...streams].sort(), `${name} stream grants`).toEqual(spec.trigger.kind === 'stream' ? [...spec.trigger.tables].sort() : []);
    }
  });

  it('reserves concurrency where the manifest sets it, and nowhere else', () => {
    for (const name of Object.keys(system.functions)) {
      const { spec, stack, template, fn } = home(name);
      const properties = resourcesOf(template)[logicalId(stack, fn)]!.Properties;
      expect(properties.ReservedConcurrentExecutions, name).toBe(spec.concurrency);
    }
    const limited = synth({
      ...fixtureSystem,
      functions: { ...fixtureSystem.functions, ticker: { ...fixtureSystem.functions.ticker, concurrency: 3 } },
    } satisfies System);
    const template = templateOf(limited.capabilities.fixtures!);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: 'Records each scheduled run.', ReservedConcurrentExecutions: 3 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Records each message'),
      ReservedConcurrentExecutions: Match.absent(),
    });
  });
});

describe('documents', () => {
  it('lets only the functions that declare the bucket put objects in it, and nothing else', () => {
    const s3Actions = (name: string) => {
      const { stack, template, fn } = home(name);
      const roleId = logicalId(stack, fn.role!);
      return Object.values(resourcesOf(template))
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
        .flatMap((r) => r.Properties.PolicyDocument.Statement.flatMap((st: { Action: string | string[] }) => [st.Action].flat()))
        .filter((action: string) => action.startsWith('s3:'));
    };
    expect(s3Actions('claimFile')).toEqual(['s3:PutObject']);
    expect(s3Actions('claimsMine')).toEqual([]);
    dataTemplate.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'memberDocuments/' }),
    });
  });
});

describe('data', () => {
  it('keeps every table: point-in-time recovery, deletion protection, retained on stack delete', () => {
    dataTemplate.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(system.tables).length);
    const tables = dataTemplate.findResources('AWS::DynamoDB::GlobalTable');
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.Replicas[0]).toMatchObject({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it('retains the buckets, the secrets and the user pool on stack delete', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::Cognito::UserPool']) {
      const found = Object.values(dataTemplate.findResources(type));
      expect(found.length, type).toBeGreaterThan(0);
      for (const resource of found) expect(resource.DeletionPolicy, type).toBe('Retain');
    }
  });

  it('builds the indexes and TTL the definitions name', () => {
    dataTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byParent' })],
    });
    dataTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  it('outputs what the mobile app needs: the API URL, the user pool and its client', () => {
    apiTemplate.hasOutput('ApiUrl', Match.anyValue());
    dataTemplate.hasOutput('UserPoolId', Match.anyValue());
    dataTemplate.hasOutput('UserPoolClientId', Match.anyValue());
  });
});

describe('queues and schedules (fixture system)', () => {
  const fixture = synth(fixtureSystem);
  const fixtureData = templateOf(fixture.data);
  const fixtureFunctions = templateOf(fixture.capabilities.fixtures!);

  it('gives every queue a dead-letter queue with its receive count and an alarm on it', () => {
    fixtureData.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 2,
      RedrivePolicy: { maxReceiveCount: 2, deadLetterTargetArn: Match.anyValue() },
    });
    fixtureData.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('consumes queues with partial batch responses', () => {
    fixtureFunctions.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('schedules in Asia/Shanghai with the scheduled time in the payload', () => {
    fixtureFunctions.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 10 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({ Input: Match.stringLikeRegexp('<aws.scheduler.scheduled-time>') }),
    });
  });

  it('alarms on every function’s errors', () => {
    fixtureFunctions.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'Errors' }, 2);
    fixtureData.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'Errors' }, 0);
  });
});

describe('cdk-nag', () => {
  it('leaves no AWS Solutions finding unacknowledged', () => {
    expect(() => app.synth()).not.toThrow();
    const fixture = synth(fixtureSystem, 'prod');
    expect(() => fixture.app.synth()).not.toThrow();
  });
});
