import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type IOrigin,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONSOLE_CONFIG_PATH, type ConsoleConfig } from '../../shared/config/console-config.ts';
import { ENV } from '../../shared/config/constants.ts';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { SECURITY_HEADERS } from '../../shared/http/responses.ts';
import { PUBLIC_FILE_NAMES, PUBLIC_FILES } from '../../shared/publication/public-files.ts';
import { FRONT_END_SECURITY_HEADERS, frontEndContentSecurityPolicy } from '../web-policy.ts';
import { API_STAGE_NAME, LOG_RETENTION } from '../settings.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface WebHostingProps {
  /** The REST API's id: `/v1/*` goes to its stage (`https://<id>.execute-api.<region>.<suffix>/<stage>`). */
  restApiId: string;
  /** The managed login's origin, the one place besides itself the console may connect to (the token endpoint). */
  signInOrigin: string;
  /**
   * A custom domain with its ACM certificate (which CloudFront requires in us-east-1). Without one
   * the site is served at its `*.cloudfront.net` name with CloudFront's default certificate.
   */
  customDomain?: { domainName: string; certificateArn: string };
}

/** Access logs are for investigating an incident; 90 days matches the API's log retention. */
const ACCESS_LOG_DAYS = 90;

/**
 * Staff and submitter routes: answers depend on who asks (bearer token, status link token,
 * designation signature), so they are never served from the cache.
 */
export const PRIVATE_API_PATHS = ['/v1/review/*', '/v1/admin/*', '/v1/submissions*', '/v1/designations/*'] as const;

/** Headers the API reads besides those in a cache key. Cookies are never forwarded: the API sets none and reads none. */
const FORWARDED_API_HEADERS = ['Content-Type', 'Idempotency-Key', 'If-Match', 'Accept-Language'];
/** What identifies the caller on private routes. CloudFront forwards `Authorization` only as part of a cache key. */
const CALLER_HEADERS = ['Authorization', 'X-Status-Token', 'X-Designation-Signature'];

/**
 * The viewer-request function of both apps: a path without a file extension is a page of a
 * single-page app, so it gets that app's `index.html` (the console under `/console/`, the site
 * elsewhere); `/console` gains its slash, as the console's relative links need it.
 */
export const SPA_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/console') {
    return { statusCode: 308, statusDescription: 'Permanent Redirect', headers: { location: { value: '${PAGE_PATHS.console}' } } };
  }
  var name = uri.substring(uri.lastIndexOf('/') + 1);
  if (name.indexOf('.') === -1) {
    request.uri = uri.indexOf('${PAGE_PATHS.console}') === 0 ? '${PAGE_PATHS.console}index.html' : '/index.html';
  }
  return request;
}`;

/**
 * One CloudFront distribution for everything people open: the public site (`site/`) at `/`, the
 * review console (`console/`) under `/console/`, both from one private bucket (Origin Access
 * Control), and the API under `/v1/*` with API Gateway as the origin. Same origin for the pages and
 * the API: no CORS for our own front ends, and `connect-src 'self'` in both CSPs.
 * Public GETs are cached by their query string; staff and submitter routes never are.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  /** The open-data exports, written at each release (shared/publication) and served at their public paths. */
  readonly publicDataBucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<host>`: the site, the console (`/console/`) and the API (`/v1/`) share it. */
  readonly origin: string;
  /** Every address the console is reachable at (the distribution's name, and the custom domain when given). */
  readonly consoleUrls: string[];

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    // S3 delivers server access logs under a bucket policy rather than the legacy LogDeliveryWrite ACL
    // (which CDK uses by default for a log bucket that keeps ACLs on, as CloudFront logging needs).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    // Logs hold viewers' IP addresses: retained like other data, and expired rather than kept forever.
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging delivers through an ACL grant, which needs object-writer ownership.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // RETAIN, although the files are rebuildable: auto-deleting objects would add a custom-resource
    // function allowed to delete them, to save an empty bucket on the rare deletion of the stack.
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // Old versions are for rolling back a bad deploy, not for keeping.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Apart from the site's bucket, whose deployment prunes every file the build does not have. Not
    // versioned: the exports are recomputed from the table at every release. RETAIN as above.
    this.publicDataBucket = new Bucket(this, 'PublicData', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-public-data/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const files = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Pages of the site and the console: paths without an extension get the app\'s index.html',
      code: FunctionCode.fromInline(SPA_REWRITE_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
    });
    const app = (contentSecurityPolicy: string, policyId: string, comment: string): BehaviorOptions => ({
      origin: files,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      // Files change only at a deploy, which invalidates the distribution.
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.securityHeaders(policyId, comment, contentSecurityPolicy),
      functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      compress: true,
    });

    // Built from the API's id rather than its URL: the URL names the stage, whose deployment depends
    // on every method and so on every function, and the functions need this distribution's address.
    const api: IOrigin = new HttpOrigin(`${props.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`, {
      originPath: `/${API_STAGE_NAME}`,
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });
    const apiBehavior = (cachePolicy: CachePolicy, originRequestPolicy: OriginRequestPolicy): BehaviorOptions => ({
      origin: api,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy,
      originRequestPolicy,
      compress: true,
    });
    const forwarded = new OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Open Gov Challenge API: the headers it reads and every query parameter; never cookies',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...FORWARDED_API_HEADERS),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    // The handlers answer `Cache-Control: no-store` (right for browsers); the edge still keeps public
    // answers a minute, which absorbs a burst of readers of the tracker without serving stale data long.
    const publicReads = new CachePolicy(this, 'PublicApiReads', {
      comment: 'Open Gov Challenge public GETs: one entry per query string and language',
      minTtl: Duration.seconds(60),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.minutes(5),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.allowList('Accept-Language'),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // Caching is off in effect (no minimum TTL, and every answer says no-store); the callers' headers
    // are in the key because that is the only way CloudFront forwards `Authorization`, and it keeps
    // one caller's answer from ever being served to another.
    const privateReads = new CachePolicy(this, 'PrivateApi', {
      comment: 'Open Gov Challenge staff and submitter routes: never served from the cache',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.allowList(...CALLER_HEADERS),
      cookieBehavior: CacheCookieBehavior.none(),
    });

    // The exports, straight from their bucket. The edge keeps them until a release replaces them and
    // invalidates the public paths (the objects say `s-maxage`); browsers revalidate them by ETag.
    const openDataReads = new CachePolicy(this, 'OpenDataFiles', {
      comment: 'Open Gov Challenge open-data exports: kept until the next release invalidates them',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const openData: BehaviorOptions = {
      origin: S3BucketOrigin.withOriginAccessControl(this.publicDataBucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: openDataReads,
      responseHeadersPolicy: new ResponseHeadersPolicy(this, 'OpenDataHeaders', {
        comment: 'Open Gov Challenge open-data exports: readable from any site, never run as a page',
        corsBehavior: {
          accessControlAllowOrigins: ['*'],
          accessControlAllowMethods: ['GET', 'HEAD'],
          accessControlAllowHeaders: ['*'],
          accessControlAllowCredentials: false,
          originOverride: true,
        },
        securityHeadersBehavior: {
          // The API's own policy: data, never a page.
          contentSecurityPolicy: { contentSecurityPolicy: SECURITY_HEADERS['content-security-policy'], override: true },
          contentTypeOptions: { override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        },
      }),
      compress: true,
    };

    const domain = props.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Open Gov Challenge: public site, review console and API',
      defaultRootObject: 'index.html',
      defaultBehavior: app(frontEndContentSecurityPolicy(), 'SiteHeaders', 'Open Gov Challenge public site: CSP, HSTS and no framing'),
      additionalBehaviors: {
        '/console*': app(
          frontEndContentSecurityPolicy([props.signInOrigin]),
          'ConsoleHeaders',
          'Open Gov Challenge review console: CSP (itself and the sign-in), HSTS and no framing',
        ),
        ...Object.fromEntries(PRIVATE_API_PATHS.map((pattern) => [pattern, apiBehavior(privateReads, forwarded)])),
        ...Object.fromEntries(PUBLIC_FILE_NAMES.map((name) => [PUBLIC_FILES[name].path, openData])),
        '/v1/*': apiBehavior(publicReads, forwarded),
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Submitters and staff are worldwide, but most OGP members are covered by the cheaper classes;
      // PRICE_CLASS_100 keeps the bill small, and farther viewers are still served, a little slower.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: SSLMethod.SNI,
          }
        : {}),
    });

    const hosts = [this.distribution.distributionDomainName, ...(domain ? [domain.domainName] : [])];
    this.consoleUrls = hosts.map((host) => `https://${host}${PAGE_PATHS.console}`);
    this.origin = `https://${domain ? domain.domainName : this.distribution.distributionDomainName}`;
    this.acknowledgeDistribution(Boolean(domain));
  }

  /** The console's address on the canonical host (the custom domain when there is one). */
  get consoleUrl(): string {
    return `${this.origin}${PAGE_PATHS.console}`;
  }

  private securityHeaders(id: string, comment: string, contentSecurityPolicy: string): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, id, {
      comment,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: ['cross-origin-opener-policy', 'permissions-policy'].map((header) => ({
          header,
          value: FRONT_END_SECURITY_HEADERS[header]!,
          override: true,
        })),
      },
    });
  }

  /**
   * Lets a function publish the public data: write the two export objects (their keys only) and
   * invalidate this distribution's cached public answers. Given by environment variables set after
   * the distribution exists: the functions come first (the API, and so the distribution, needs them).
   */
  grantPublication(fn: LambdaFunction): void {
    fn.addEnvironment(ENV.publicDataBucket, this.publicDataBucket.bucketName);
    fn.addEnvironment(ENV.cdnDistributionId, this.distribution.distributionId);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: PUBLIC_FILE_NAMES.map((name) => this.publicDataBucket.arnForObjects(PUBLIC_FILES[name].key)),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudfront:CreateInvalidation'],
        resources: [Stack.of(this).formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: this.distribution.distributionId })],
      }),
    );
  }

  /**
   * Uploads the built site and console (`infra/build-web.ts`, run while synthesizing) and the
   * console's `config.json`, then invalidates the distribution so a deploy shows at once. The
   * copying function gets its own role and log group: the default role carries the managed
   * basic-execution policy, which may write to every log group in the account.
   */
  publish(consoleConfig: ConsoleConfig): BucketDeployment {
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: LOG_RETENTION });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the public site and the review console into their bucket and invalidates the distribution',
    });
    logGroup.grantWrite(role);

    const builtApps = Source.asset(path.join(ROOT, 'site'), {
      // The output is what matters: the bundles include shared/ code from outside site/.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: the local build below always succeeds or fails synthesis.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:20-slim'),
        local: {
          tryBundle(outputDir: string): boolean {
            const built = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'infra', 'build-web.ts'), outputDir], { cwd: ROOT, stdio: 'inherit' });
            if (built.status !== 0) throw new Error(`Building the site and the console failed (exit ${built.status ?? built.signal})`);
            return true;
          },
        },
      },
    });

    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [builtApps, Source.jsonData(CONSOLE_CONFIG_PATH.slice(1), consoleConfig)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      role,
      logGroup,
      memoryLimit: 256,
    });

    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        reason: 'BucketDeployment\'s generated grant to read the CDK asset bucket, where the built site\'s zip is staged; scoped to that bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
        reason: 'BucketDeployment\'s generated grant to read the staged zip of the site and console from the CDK asset bucket; scoped to that bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:List*]',
        reason: 'BucketDeployment lists the source and destination buckets to copy and prune files; scoped to those two buckets.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: 'Pruning removes site and console files that a new build no longer has; the grant covers the web bucket only.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
        reason: 'Aborting a failed multipart upload of a site or console file; the grant covers the web bucket only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason: 'The copy writes and prunes every object of the web bucket, whose keys are the built files\' names.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        reason: 'The staged zip of the built apps sits in the CDK bootstrap asset bucket under a content-hash key known only at synthesis.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'BucketDeployment grants cloudfront:CreateInvalidation/GetInvalidation on every distribution; its copier only ever invalidates this one.',
      },
    );

    // The copying function is a stack-level singleton that BucketDeployment creates and configures.
    const copier = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (copier) {
      Validations.of(copier).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'BucketDeployment fixes its copier\'s Python runtime together with the AWS CLI layer it ships and offers no override; it moves forward with aws-cdk-lib upgrades.',
      });
    }
    return deployment;
  }

  private acknowledgeDistribution(customDomain: boolean): void {
    const acknowledgements = [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the Open Gov Challenge is worldwide (submitters from every OGP member, reviewers who travel); the API enforces its own auth and WAF.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A CloudFront web ACL must live in us-east-1 while this stack deploys to any region; the API behind /v1/* keeps its regional WAF (rate limit and managed rules), and the static files hold no data.',
      },
    ];
    if (!customDomain) {
      acknowledgements.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the *.cloudfront.net default certificate is used, whose TLS floor CloudFront sets; pass a domain and us-east-1 ACM certificate to get TLSv1.2_2021 with SNI.',
      });
    }
    Validations.of(this.distribution).acknowledge(...acknowledgements);
  }
}
