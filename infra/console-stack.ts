/**
 * The admin console on AWS, in two stacks so that nothing depends in a circle:
 *
 * - `ConsoleStack` (after Data): the private bucket the console's files live in, CloudFront in
 *   front of it (origin access control; a response-headers policy with CSP, HSTS, frame and
 *   content-type options), the user pool's hosted-UI domain and the console's app client
 *   (authorization code + PKCE, no secret; callback = the distribution's URL + /console/). The
 *   API's JWT authorizer trusts that client too, so the Api stack comes after this one.
 * - `ConsoleSiteStack` (after Api): the built console (console/dist, built at synth when its
 *   sources changed, offline) and its `config.json`, written at deploy time from the API's URL and
 *   the sign-in settings — never baked into the build.
 */
import { Aws, CfnOutput, DockerImage, CrossStackReferences, Duration, Fn, ReferenceStrength, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { OAuthScope, UserPoolClient, UserPoolDomain, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { accessLogBucket } from './access-logs';
import type { Construct } from 'constructs';
import { referenceAsNagSees } from './handler-function';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import * as path from 'node:path';

export interface ConsoleStackProps extends StackProps {
  stageName: string;
  userPool: IUserPool;
  /** Prefix of the hosted UI's domain (`<prefix>.auth.<region>.amazoncognito.com`), made unique with the account. */
  domainPrefix: string;
}

/** What a page of the console may load or call: itself, the API, the hosted UI, presigned S3 URLs. */
export function consoleContentSecurityPolicy(region: string): string {
  const api = `https://*.execute-api.${region}.amazonaws.com`;
  const cognito = `https://*.auth.${region}.amazoncognito.com`;
  const s3 = 'https://*.amazonaws.com';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${s3}`,
    `connect-src 'self' ${api} ${cognito} ${s3}`,
    `frame-src ${s3}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${cognito}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

export class ConsoleStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The console's address: `https://<distribution>/console/`. */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    // CloudFront's standard logs need ACLs on their bucket, which the data stack's log bucket does not take.
    const logs = accessLogBucket(this, 'AccessLogs');
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'console-files/',
      // Built files, deployed again on every deploy: nothing to keep.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'union-benefits console: CSP, HSTS, frame and content-type options',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleContentSecurityPolicy(this.region), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, preload: true, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `union-benefits ${props.stageName} admin console`,
      defaultRootObject: 'console/index.html',
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'console-cdn/',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      // The single-page app's routes (/console/claims…) are not files: S3 (private) answers 403.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/console/index.html', ttl: Duration.seconds(0) })),
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'The console is for union admins across China; no geo restriction applies to it.' },
      { id: 'AwsSolutions-CFR2', reason: 'A static single-page app with no server side; the API behind it is throttled by API Gateway.' },
      { id: 'AwsSolutions-CFR4', reason: "No custom domain yet: the distribution serves CloudFront's default certificate, whose security policy CloudFront fixes; set a certificate with TLSv1.2_2021 when the console gets its domain." },
    );

    this.consoleUrl = `https://${this.distribution.distributionDomainName}/console/`;
    this.domain = new UserPoolDomain(this, 'HostedUi', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: Fn.join('-', [props.domainPrefix, Aws.ACCOUNT_ID]) as string },
    });
    this.client = new UserPoolClient(this, 'ConsoleClient', {
      userPool: props.userPool,
      userPoolClientName: 'admin-console',
      generateSecret: false,
      preventUserExistenceErrors: true,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: [this.consoleUrl],
        logoutUrls: [this.consoleUrl],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    new CfnOutput(this, 'ConsoleUrl', { value: this.consoleUrl });
    new CfnOutput(this, 'ConsoleClientId', { value: this.client.userPoolClientId });
  }
}

export interface ConsoleSiteStackProps extends StackProps {
  console: ConsoleStack;
  api: HttpApi;
  projectRoot: string;
  /** Where an operator's tree starts in the console. */
  operatorRootId: string;
}

export class ConsoleSiteStack extends Stack {
  constructor(scope: Construct, id: string, props: ConsoleSiteStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const consoleDir = path.join(props.projectRoot, 'console');
    const files = Source.asset(consoleDir, {
      exclude: ['dist', 'node_modules', 'src/api/schema.d.ts'],
      // Built on this machine (no Docker, no network): reuses console/dist when its sources did not change.
      bundling: {
        // Never used: the local build below always answers (it fails loudly rather than fall back to Docker).
        image: DockerImage.fromRegistry('local-build-only'),
        local: {
          tryBundle(outputDir) {
            const scripts = path.join(consoleDir, 'scripts');
            execFileSync(process.execPath, [path.join(props.projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(scripts, 'ensure-built.ts')], { stdio: 'inherit', cwd: props.projectRoot });
            cpSync(path.join(consoleDir, 'dist'), path.join(outputDir, 'console'), { recursive: true, filter: (source) => !source.includes(`${path.sep}.vite`) && !source.endsWith('.source-fingerprint') });
            return true;
          },
        },
      },
    });
    const deployment = new BucketDeployment(this, 'Files', {
      destinationBucket: props.console.bucket,
      sources: [
        files,
        Source.jsonData('console/config.json', {
          apiUrl: props.api.apiEndpoint,
          auth: {
            domain: props.console.domain.baseUrl(),
            clientId: props.console.client.userPoolClientId,
            scopes: ['openid', 'profile'],
          },
          environment: this.stackName,
          operatorRootId: props.operatorRootId,
        }),
      ],
      distribution: props.console.distribution,
      distributionPaths: ['/console/index.html', '/console/config.json'],
      memoryLimit: 512,
    });
    Validations.of(this).acknowledge(
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: "CDK's BucketDeployment function uses the AWS-managed basic execution role for its logs." },
      ...[
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Resource::*',
        // As cdk-nag spells the assets bucket: the region a token (<AWS::Region>) unless the stage names one.
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region}/*`,
        `Resource::${referenceAsNagSees(this, props.console.bucket.bucketArn)}/*`,
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: "CDK's BucketDeployment copies its asset (from the CDK assets bucket) over the console bucket's objects, deleting stale ones, and invalidates the distribution (CloudFront invalidations take no resource ARN).",
      })),
      { id: 'AwsSolutions-L1', reason: "The BucketDeployment function's runtime is chosen by aws-cdk-lib and moves with it." },
    );
    void deployment;
  }
}
