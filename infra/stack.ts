/**
 * The whole system on AWS, built from the manifest: DynamoDB tables, SQS queues with dead-letter
 * queues, secrets, a Cognito user pool and the HTTP API whose routes its JWT authorizer guards,
 * one function per manifest entry, EventBridge Scheduler schedules in Asia/Shanghai, and alarms
 * on dead letters and function errors.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, TimeZone, Validations, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AccountRecovery, FeaturePlan, Mfa, UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { KeyAttribute } from '../shared/resources';
import type { System } from '../shared/system';
import { HandlerFunction } from './handler-function';
import type { Stage, StageConfig } from './stages';

export interface UnionBenefitsStackProps extends StackProps {
  system: System;
  stageName: Stage;
  stage: StageConfig;
  projectRoot: string;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export class UnionBenefitsStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<string, HandlerFunction> = {};

  constructor(scope: Construct, id: string, props: UnionBenefitsStackProps) {
    super(scope, id, props);
    const { system, stage } = props;

    const tables: Record<string, ITableV2> = {};
    for (const [name, definition] of Object.entries(system.tables)) {
      tables[name] = new TableV2(this, `${pascal(name)}Table`, {
        partitionKey: attribute(definition.partitionKey),
        sortKey: definition.sortKey && attribute(definition.sortKey),
        billing: Billing.onDemand(),
        globalSecondaryIndexes: definition.indexes?.map((index) => ({
          indexName: index.name,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey && attribute(index.sortKey),
        })),
        timeToLiveAttribute: definition.timeToLiveAttribute,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    const queues: Record<string, IQueue> = {};
    for (const [name, definition] of Object.entries(system.queues)) {
      const deadLetters = new Queue(this, `${pascal(name)}DeadLetterQueue`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      queues[name] = new Queue(this, `${pascal(name)}Queue`, {
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(definition.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: definition.maxReceiveCount },
      });
      new Alarm(this, `${pascal(name)}DeadLettersAlarm`, {
        alarmDescription: `Messages of the ${name} queue failed ${definition.maxReceiveCount} times and wait in its dead-letter queue.`,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    const secrets: Record<string, ISecret> = {};
    for (const [name, definition] of Object.entries(system.secrets)) {
      const secret = new Secret(this, `${pascal(name)}Secret`, {
        description: definition.description,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'Rotating this key would orphan every stored hash; it is replaced only by a planned re-hash.',
      });
      secrets[name] = secret;
    }

    const accessLogs3 = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs3).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });
    const buckets: Record<string, IBucket> = {};
    for (const [name, definition] of Object.entries(system.buckets ?? {})) {
      buckets[name] = new Bucket(this, `${pascal(name)}Bucket`, {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: accessLogs3,
        serverAccessLogsPrefix: `${name}/`,
        lifecycleRules: definition.expireAfterDays ? [{ expiration: Duration.days(definition.expireAfterDays) }] : [],
        cors: [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: stage.corsOrigins.split(','), allowedHeaders: ['*'] }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    const userPool = new UserPool(this, 'Members', {
      selfSignUpEnabled: true,
      signInAliases: { phone: true, username: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { sms: true, otp: true },
      featurePlan: FeaturePlan.PLUS,
      passwordPolicy: { minLength: 10, requireSymbols: true, requireDigits: true, requireLowercase: true, requireUppercase: true },
      accountRecovery: AccountRecovery.PHONE_ONLY_WITHOUT_MFA,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'Members sign in from the mobile app through a federated identity; MFA stays optional for them.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Cognito sends SMS codes with sns:Publish to phone numbers, which have no ARN to scope to.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason: 'Threat protection comes from the PLUS feature plan, which replaces AdvancedSecurityMode.',
      },
    );
    const appClient = userPool.addClient('MobileApp', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: stage.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new HttpApi(this, 'Api', {
      description: `union-benefits ${props.stageName}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: stage.corsOrigins.split(','),
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        exposeHeaders: ['retry-after', 'apigw-requestid'],
      },
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: stage.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    const authorizer = new HttpJwtAuthorizer(
      'MembersJwt',
      `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`,
      { jwtAudience: [appClient.userPoolClientId] },
    );

    for (const [name, spec] of Object.entries(system.functions)) {
      const fn = new HandlerFunction(this, `${pascal(name)}Function`, {
        name,
        spec,
        system,
        resources: { tables, queues, secrets, buckets },
        stageName: props.stageName,
        stage,
        projectRoot: props.projectRoot,
      });
      this.functions[name] = fn;
      new Alarm(this, `${pascal(name)}ErrorsAlarm`, {
        alarmDescription: `${name} failed (threw or timed out) in the last 5 minutes.`,
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

      const trigger = spec.trigger;
      if (trigger.kind === 'http') {
        const routes = this.api.addRoutes({
          path: trigger.path,
          methods: [HttpMethod[trigger.method]],
          integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, fn),
          authorizer: trigger.access === 'public' ? new HttpNoneAuthorizer() : authorizer,
        });
        if (trigger.access === 'public') {
          for (const route of routes) {
            Validations.of(route).acknowledge({
              id: 'AwsSolutions-APIG4',
              reason: `${trigger.method} ${trigger.path} is public by design (${spec.description})`,
            });
          }
        }
      } else if (trigger.kind === 'schedule') {
        // Its own role, so it may invoke this one function (and its versions, which the target adds).
        const role = new Role(this, `${pascal(name)}ScheduleRole`, {
          assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
        });
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
          reason: 'The scheduler target grants invoke on this one function and its versions (":*"); nothing else.',
        });
        new Schedule(this, `${pascal(name)}Schedule`, {
          description: trigger.description,
          schedule: ScheduleExpression.cron({ ...trigger.cron, timeZone: TimeZone.ASIA_SHANGHAI }),
          target: new LambdaInvoke(fn, {
            input: ScheduleTargetInput.fromObject({
              scheduleName: name,
              scheduledTime: ContextAttribute.scheduledTime,
              ...trigger.input,
            }),
            retryAttempts: 3,
            role,
          }),
        });
      } else {
        fn.addEventSource(
          new SqsEventSource(queues[trigger.queue]!, {
            batchSize: trigger.batchSize,
            maxBatchingWindow: trigger.maxBatchingWindowSeconds ? Duration.seconds(trigger.maxBatchingWindowSeconds) : undefined,
            reportBatchItemFailures: true,
          }),
        );
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: appClient.userPoolClientId });
  }
}
