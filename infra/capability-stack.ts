/**
 * The functions of one capability (every manifest entry whose `capability` names it) with their
 * triggers: routes attached to the shared HTTP API, schedules, queue event sources; and an alarm
 * on each function's errors. It holds no data: destroying and deploying it again touches nothing
 * in the data stack (its log groups are retained; new ones are made).
 */
import { CrossStackReferences, Duration, ReferenceStrength, Stack, TimeZone, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type IHttpApi, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import type { FunctionSpec, System } from '../shared/system';
import { HandlerFunction, type Resources } from './handler-function';
import { runbook, runbookAnchors } from './guard-rails';
import { pascal } from './names';
import type { Stage, StageConfig } from './stages';

export interface CapabilityStackProps extends StackProps {
  capability: string;
  /** This capability's entries of `system.functions`, by name. */
  functions: Record<string, FunctionSpec>;
  system: System;
  /** From the data stack. */
  resources: Resources;
  /** From the API stack. */
  api: IHttpApi;
  authorizer: IHttpRouteAuthorizer;
  /** From the data stack: where the errors alarms go. */
  alarmTopic: ITopic;
  stageName: Stage;
  stage: StageConfig;
  projectRoot: string;
}

export class CapabilityStack extends Stack {
  readonly capability: string;
  readonly functions: Record<string, HandlerFunction> = {};

  constructor(scope: Construct, id: string, props: CapabilityStackProps) {
    super(scope, id, props);
    // Imports, not Fn::GetStackOutput: a producer cannot be deleted while this stack uses it.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    this.capability = props.capability;
    const { system, stage, resources } = props;
    const alarmAction = new SnsAction(props.alarmTopic);

    for (const [name, spec] of Object.entries(props.functions)) {
      const fn = new HandlerFunction(this, `${pascal(name)}Function`, {
        name,
        spec,
        system,
        resources,
        stageName: props.stageName,
        stage,
        projectRoot: props.projectRoot,
      });
      this.functions[name] = fn;
      const errorsAlarm = new Alarm(this, `${pascal(name)}ErrorsAlarm`, {
        alarmDescription: `${name} failed (threw or timed out) in the last 5 minutes. ${runbook(runbookAnchors.functionErrors)}`,
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      errorsAlarm.addAlarmAction(alarmAction);

      const trigger = spec.trigger;
      if (trigger.kind === 'http') {
        // The route, its integration and the invoke permission live here; the API they attach to
        // is the API stack's (referenced by id), so one capability deploys without the others.
        const route = new HttpRoute(this, `${pascal(name)}Route`, {
          httpApi: props.api,
          routeKey: HttpRouteKey.with(trigger.path, HttpMethod[trigger.method]),
          integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, fn),
          authorizer: trigger.access === 'public' ? new HttpNoneAuthorizer() : props.authorizer,
        });
        if (trigger.access === 'public') {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${trigger.method} ${trigger.path} is public by design (${spec.description})`,
          });
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
      } else if (trigger.kind === 'fallback') {
        // The API's $default route: HTTP APIs have no gateway responses, so what no route
        // matches (an unknown path, a method the path does not take) is answered by this
        // function with the API's own problem documents instead of {"message":"Not Found"}.
        const route = new HttpRoute(this, `${pascal(name)}Route`, {
          httpApi: props.api,
          routeKey: HttpRouteKey.DEFAULT,
          integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, fn),
          authorizer: new HttpNoneAuthorizer(),
        });
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: 'The $default route only answers 404/405 problem documents for requests no route takes; it reads nothing.',
        });
      } else if (trigger.kind === 'stream') {
        // One event source mapping per table; the stream ARNs cross from the data stack as the
        // tables' names do. Failed batches are retried halved, then described on the failure queue.
        for (const table of trigger.tables) {
          fn.addEventSource(
            new DynamoEventSource(resources.tables[table]!, {
              startingPosition: StartingPosition.TRIM_HORIZON,
              batchSize: trigger.batchSize,
              maxBatchingWindow: trigger.maxBatchingWindowSeconds ? Duration.seconds(trigger.maxBatchingWindowSeconds) : undefined,
              bisectBatchOnError: true,
              reportBatchItemFailures: true,
              retryAttempts: trigger.retryAttempts,
              onFailure: new SqsDlq(resources.queues[trigger.onFailure]!),
            }),
          );
        }
      } else if (trigger.kind === 'manual') {
        // Run by an operator (aws lambda invoke): nothing triggers it.
      } else {
        fn.addEventSource(
          new SqsEventSource(resources.queues[trigger.queue]!, {
            batchSize: trigger.batchSize,
            maxBatchingWindow: trigger.maxBatchingWindowSeconds ? Duration.seconds(trigger.maxBatchingWindowSeconds) : undefined,
            reportBatchItemFailures: true,
          }),
        );
      }
    }
  }
}
