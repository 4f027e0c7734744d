/**
 * Everything that holds data and outlives a deploy: DynamoDB tables, SQS queues with their
 * dead-letter queues (and the alarms on those), secrets, S3 buckets (with the access-log bucket),
 * the Cognito user pool the members live in, and the topic every alarm notifies (its
 * subscriptions are the operators' addresses). Every one is retained on stack deletion, and
 * the stack itself is termination-protected in prod. Nothing here runs code.
 *
 * What other stacks may use is exported here, once per resource and attribute, whether or not a
 * function uses it today (see `exportResources`).
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, StreamViewType, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { accessLogBucket } from './access-logs';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { KeyAttribute } from '../shared/resources';
import type { System } from '../shared/system';
import type { Resources } from './handler-function';
import { pascal } from './names';
import type { StageConfig } from './stages';
import { runbook, runbookAnchors } from './guard-rails';

export interface DataStackProps extends StackProps {
  system: System;
  stage: StageConfig;
}

const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export class DataStack extends Stack {
  readonly resources: Resources;
  readonly userPool: UserPool;
  readonly appClient: UserPoolClient;
  /** Every alarm's action (and OK action): operators subscribe to it (docs/operations.md). */
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { system, stage } = props;

    // Encrypted with a key of our own: CloudWatch alarms cannot publish to a topic under the
    // AWS-managed SNS key, whose policy cannot be given to cloudwatch.amazonaws.com.
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: 'union-benefits alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    alarmKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'union-benefits alarms',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    const alarmAction = new SnsAction(this.alarmTopic);

    // Construct ids are those of the single stack this replaced, so each resource keeps its
    // logical id (what a move of existing resources into this stack needs).
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
        dynamoStream: definition.stream === 'NEW_AND_OLD_IMAGES' ? StreamViewType.NEW_AND_OLD_IMAGES : undefined,
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
      const deadLettersAlarm = new Alarm(this, `${pascal(name)}DeadLettersAlarm`, {
        alarmDescription: `Messages of the ${name} queue failed ${definition.maxReceiveCount} times and wait in its dead-letter queue. ${runbook(runbookAnchors.deadLetters)}`,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      deadLettersAlarm.addAlarmAction(alarmAction);
      deadLettersAlarm.addOkAction(alarmAction);
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

    const accessLogs3 = accessLogBucket(this, 'AccessLogsBucket');
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

    // Members' sign-ins live here: it is data, so it is retained with the tables.
    this.userPool = new UserPool(this, 'Members', {
      selfSignUpEnabled: true,
      signInAliases: { phone: true, username: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { sms: true, otp: true },
      featurePlan: FeaturePlan.PLUS,
      passwordPolicy: { minLength: 10, requireSymbols: true, requireDigits: true, requireLowercase: true, requireUppercase: true },
      accountRecovery: AccountRecovery.PHONE_ONLY_WITHOUT_MFA,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
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
    this.appClient = this.userPool.addClient('MobileApp', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
    });

    this.resources = { tables, queues, secrets, buckets };
    this.exportResources();

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.appClient.userPoolClientId });
  }

  /**
   * Exports every attribute another stack may reference, for every resource, whether or not a
   * function uses it today. CDK would otherwise export only what consumers use right now, and a
   * consumer that stops using a table would remove that export from this stack, which
   * CloudFormation refuses while the deployed consumer still imports it ("Export … cannot be
   * deleted as it is in use"), and `cdk deploy --all` deploys this stack first. Pinned, the set of
   * exports changes only when a resource is added to or removed from the system.
   */
  private exportResources(): void {
    const { tables, queues, secrets, buckets } = this.resources;
    for (const table of Object.values(tables)) {
      this.exportValue(table.tableName);
      this.exportValue(table.tableArn);
      if (table.tableStreamArn) this.exportValue(table.tableStreamArn);
    }
    for (const queue of Object.values(queues)) {
      this.exportValue(queue.queueUrl);
      this.exportValue(queue.queueArn);
    }
    for (const bucket of Object.values(buckets)) {
      this.exportValue(bucket.bucketName);
      this.exportValue(bucket.bucketArn);
    }
    for (const secret of Object.values(secrets)) this.exportValue(secret.secretArn);
    this.exportValue(this.userPool.userPoolId);
    this.exportValue(this.appClient.userPoolClientId);
    this.exportValue(this.alarmTopic.topicArn);
  }
}
