/**
 * The one HTTP API the mobile apps call and the JWT authorizer that trusts the data stack's user
 * pool. It holds no routes: each capability stack attaches its own routes, integrations and invoke
 * permissions to it, and the auto-deployed `$default` stage serves them as they arrive. That stage
 * (throttles, access logs) is the Edge stack's (infra/edge-stack.ts): its per-route throttles may
 * only name routes that exist, so it is deployed after the capability stacks.
 *
 * It is a stack of its own rather than part of the data stack because what it holds is
 * configuration that changes with the stages (CORS, the tokens it trusts), not data; changing it
 * must not put the data stack in the deploy path. Its URL is what released apps call, so it is
 * termination-protected in prod like the data stack.
 */
import { CfnOutput, CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpAuthorizer, HttpAuthorizerType, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { StageConfig } from './stages';

export interface ApiStackProps extends StackProps {
  stageName: string;
  stage: StageConfig;
  userPool: IUserPool;
  appClient: IUserPoolClient;
  /** The admin console's app client (infra/console-stack.ts): its access tokens are accepted too. */
  consoleClient?: IUserPoolClient;
}

export class ApiStack extends Stack {
  readonly api: HttpApi;
  /** What a capability stack's signed-in routes are bound to: this stack's JWT authorizer. */
  readonly authorizer: IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // Imports, not Fn::GetStackOutput: a producer cannot be deleted while this stack uses it.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { stage } = props;

    this.api = new HttpApi(this, 'Api', {
      description: `union-benefits ${props.stageName}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: stage.corsOrigins.split(','),
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
        exposeHeaders: ['retry-after', 'apigw-requestid', 'etag'],
      },
    });
    // Made here, not on first use by a route (as HttpJwtAuthorizer would), so that it exists
    // whichever capability stacks exist, and keeps the construct path (Api/MembersJwt) it had.
    const authorizer = new HttpAuthorizer(this.api, 'MembersJwt', {
      httpApi: this.api,
      type: HttpAuthorizerType.JWT,
      authorizerName: 'MembersJwt',
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      jwtAudience: [props.appClient.userPoolClientId, ...(props.consoleClient ? [props.consoleClient.userPoolClientId] : [])],
    });
    this.authorizer = {
      bind: () => ({ authorizerId: authorizer.authorizerId, authorizationType: 'JWT' }),
    };

    // What capability stacks reference, pinned (see DataStack.exportResources).
    this.exportValue(this.api.apiId);
    this.exportValue(authorizer.authorizerId);
    // What the console's config.json names (infra/console-stack.ts).
    this.exportValue(this.api.apiEndpoint);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
