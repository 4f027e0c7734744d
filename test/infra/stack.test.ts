/**
 * The synthesised template against the manifest: one function per entry on nodejs22.x/arm64,
 * routes and their authorizer, least-privilege grants, tables, queues, schedules and alarms;
 * and cdk-nag's AWS Solutions checks with nothing left but written acknowledgements.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/app';
import { UnionBenefitsStack } from '../../infra/stack';
import { stages, type Stage } from '../../infra/stages';
import { system } from '../../shared/manifest';
import { tablesOf, type System } from '../../shared/system';
import { tableEnvVar } from '../../shared/resources';
import { fixtureSystem } from '../fixtures/system';

function synth(target: System, stageName: Stage = 'dev') {
  // Bundling off: template tests need the wiring, not the bundles.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new UnionBenefitsStack(app, `Test-${stageName}`, { system: target, stageName, stage: stages[stageName], projectRoot });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, template: Template.fromStack(stack) };
}

const { app, stack, template } = synth(system);
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

describe('functions and routes', () => {
  it('creates one function per manifest entry on nodejs22.x arm64 with X-Ray on', () => {
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(system.functions).length);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('routes every HTTP entry, behind the JWT authorizer unless public', () => {
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.values(authorizers)).toHaveLength(1);
    expect(Object.values(authorizers)[0]!.Properties).toMatchObject({ AuthorizerType: 'JWT' });
    for (const spec of Object.values(system.functions)) {
      if (spec.trigger.kind !== 'http') continue;
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${spec.trigger.method} ${spec.trigger.path}`,
        AuthorizationType: spec.trigger.access === 'public' ? 'NONE' : 'JWT',
      });
    }
  });

  it('gives each function the variables and grants of its own tables only', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
    const tableIds = Object.fromEntries(
      Object.keys(system.tables).map((table) => [stack.getLogicalId(stack.node.findChild(`${pascal(table)}Table`).node.defaultChild as never), table]),
    );
    for (const [name, spec] of Object.entries(system.functions)) {
      const fn = stack.functions[name]!;
      const expected = Object.keys(tablesOf(spec)).sort();

      const variables = resources[stack.getLogicalId(fn.node.defaultChild as never)]!.Properties.Environment.Variables;
      const tablesInEnv = Object.keys(system.tables).filter((table) => tableEnvVar(table) in variables);
      expect(tablesInEnv.sort(), `${name} environment`).toEqual(expected);

      const roleId = stack.getLogicalId(fn.role!.node.defaultChild as never);
      const granted = new Set<string>();
      for (const resource of Object.values(resources)) {
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        if (!JSON.stringify(resource.Properties.Roles).includes(roleId)) continue;
        for (const statement of resource.Properties.PolicyDocument.Statement) {
          const text = JSON.stringify(statement.Resource);
          for (const [id, table] of Object.entries(tableIds)) if (text.includes(id)) granted.add(table);
        }
      }
      expect([...granted].sort(), `${name} grants`).toEqual(expected);
    }
  });
});

describe('documents', () => {
  it('lets only the functions that declare the bucket put objects in it, and nothing else', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
    const s3Actions = (name: string) => {
      const roleId = stack.getLogicalId(stack.functions[name]!.role!.node.defaultChild as never);
      return Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
        .flatMap((r) => r.Properties.PolicyDocument.Statement.flatMap((st: { Action: string | string[] }) => [st.Action].flat()))
        .filter((action: string) => action.startsWith('s3:'));
    };
    expect(s3Actions('claimFile')).toEqual(['s3:PutObject']);
    expect(s3Actions('claimsMine')).toEqual([]);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'memberDocuments/' }),
    });
  });
});

describe('data', () => {
  it('keeps every table: point-in-time recovery, deletion protection, retained on stack delete', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(system.tables).length);
    const tables = template.findResources('AWS::DynamoDB::GlobalTable');
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.Replicas[0]).toMatchObject({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it('builds the indexes and TTL the definitions name', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byParent' })],
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });
});

describe('queues and schedules (fixture system)', () => {
  const fixture = synth(fixtureSystem).template;

  it('gives every queue a dead-letter queue with its receive count and an alarm on it', () => {
    fixture.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 2,
      RedrivePolicy: { maxReceiveCount: 2, deadLetterTargetArn: Match.anyValue() },
    });
    fixture.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('consumes queues with partial batch responses', () => {
    fixture.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('schedules in Asia/Shanghai with the scheduled time in the payload', () => {
    fixture.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 10 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({ Input: Match.stringLikeRegexp('<aws.scheduler.scheduled-time>') }),
    });
  });

  it('alarms on every function’s errors', () => {
    fixture.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'Errors' }, 2);
  });
});

describe('cdk-nag', () => {
  it('leaves no AWS Solutions finding unacknowledged', () => {
    expect(() => app.synth()).not.toThrow();
    const fixture = synth(fixtureSystem, 'prod');
    expect(() => fixture.app.synth()).not.toThrow();
  });
});
