/**
 * One Lambda function per manifest entry: bundled by the local esbuild (never Docker), nodejs22.x
 * on arm64, with its own log group, and its environment and IAM grants derived from the same
 * manifest entry, so what a function is told about and what it may touch cannot disagree.
 */
import { Duration, Reference, RemovalPolicy, Stack, Tokenization, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import * as path from 'node:path';
import { tablesOf, type FunctionSpec, type System } from '../shared/system';
import { environmentOf } from '../shared/wiring';
import { bundling, deployedTarget } from './bundling';
import type { StageConfig } from './stages';

export interface Resources {
  tables: Record<string, ITableV2>;
  queues: Record<string, IQueue>;
  secrets: Record<string, ISecret>;
  buckets: Record<string, IBucket>;
}

export interface HandlerFunctionProps {
  name: string;
  spec: FunctionSpec;
  system: System;
  resources: Resources;
  stageName: string;
  stage: StageConfig;
  projectRoot: string;
}

export class HandlerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    const { spec, system, resources } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.stage.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Its own role with write access to its own log group only, instead of the broad managed policy.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      entry: path.join(props.projectRoot, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: bundling.runtime,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      // The entry's `concurrency`: the most executions at once, reserved (and capped) for it.
      reservedConcurrentExecutions: spec.concurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      projectRoot: props.projectRoot,
      environment: environmentOf(
        spec,
        system,
        {
          tableName: (table) => resources.tables[table]!.tableName,
          queueUrl: (queue) => resources.queues[queue]!.queueUrl,
          bucketName: (bucket) => resources.buckets[bucket]!.bucketName,
          secret: (secret) => [system.secrets[secret]!.arnEnvVar, resources.secrets[secret]!.secretArn],
        },
        {
          stage: props.stageName,
          logLevel: props.stage.logLevel,
          corsOrigins: props.stage.corsOrigins,
          settings: {
            paymentProviderUrl: props.stage.paymentProviderUrl,
            payoutDailyBudgetFen: String(props.stage.payoutDailyBudgetFen),
            identityVerifierUrl: props.stage.identityProviderUrl,
            beaconUrl: props.stage.beacon.url,
            beaconChainHash: props.stage.beacon.chainHash,
            beaconPublicKey: props.stage.beacon.publicKey,
            beaconGenesisTime: String(props.stage.beacon.genesisTime),
            beaconPeriodSeconds: String(props.stage.beacon.periodSeconds),
          },
        },
      ),
      bundling: {
        format: OutputFormat.ESM,
        target: deployedTarget,
        mainFields: [...bundling.mainFields],
        minify: bundling.minify,
        sourceMap: bundling.sourcemap,
        banner: bundling.banner,
        charset: Charset.UTF8,
        externalModules: [...bundling.external],
      },
    });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The platform runs on nodejs22.x by decision; moving runtimes is a planned change, not a drift.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords accept no resource scope.',
    });

    for (const [table, access] of Object.entries(tablesOf(spec))) {
      const target = resources.tables[table]!;
      if (access === 'read') target.grantReadData(this);
      else if (access === 'write') target.grantWriteData(this);
      else target.grantReadWriteData(this);
      if (system.tables[table]?.indexes?.length) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${referenceAsNagSees(this, target.tableArn)}/index/*]`,
          reason: `Queries the indexes of the ${table} table, which it is granted; no other table.`,
        });
      }
    }
    for (const queue of spec.sendsTo ?? []) resources.queues[queue]!.grantSendMessages(this);
    for (const secret of spec.secrets ?? []) resources.secrets[secret]!.grantRead(this);
    for (const [bucket, access] of Object.entries(spec.buckets ?? {})) {
      const target = resources.buckets[bucket]!;
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${referenceAsNagSees(this, target.bucketArn)}/*]`,
        reason: `Object keys are chosen per upload inside the ${bucket} bucket; no other bucket.`,
      });
      // Objects only: presigned uploads need PutObject, reading needs GetObject, nothing more.
      const actions = { read: ['s3:GetObject'], write: ['s3:PutObject'], 'read-write': ['s3:GetObject', 's3:PutObject'] }[access];
      role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [target.arnForObjects('*')] }));
    }
  }
}

/**
 * A reference (a table's ARN, say) written as cdk-nag writes it in a finding about a policy of
 * `consumer`'s stack: `<LogicalId.Arn>` in the producer's own stack, or the export's name when
 * it is imported from another stack (a strong reference, which these stacks ask for; the
 * producer then exports it, if it did not already).
 */
export function referenceAsNagSees(consumer: Construct, value: string): string {
  const reference = Tokenization.reverseString(value).firstToken;
  if (!reference || !Reference.isReference(reference)) throw new Error(`Not a reference: ${value}`);
  const producer = Stack.of(reference.target);
  if (producer === Stack.of(consumer)) {
    const resolved = producer.resolve(value) as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
    if (resolved['Fn::GetAtt']) return `<${resolved['Fn::GetAtt'].join('.')}>`;
    if (resolved.Ref) return `<${resolved.Ref}>`;
    throw new Error(`Unexpected reference ${JSON.stringify(resolved)}`);
  }
  const imported = producer.resolve(producer.exportValue(value)) as { 'Fn::ImportValue': string };
  return imported['Fn::ImportValue'];
}

export type { RetentionDays };
