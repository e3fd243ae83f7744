import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONSOLE_DIR, consoleContentSecurityPolicy } from '../console-policy.ts';
import { LOG_RETENTION } from '../settings.ts';

export interface ConsoleHostingProps {
  /** The API's base URL, written to `config.json` for the console to call. */
  apiUrl: string;
  /** The API's origin (`https://host`), the one place besides itself the console may connect to. */
  apiOrigin: string;
  /**
   * A custom domain with its ACM certificate (which CloudFront requires in us-east-1). Without one
   * the console is served at its `*.cloudfront.net` name with CloudFront's default certificate.
   */
  customDomain?: { domainName: string; certificateArn: string };
}

/** Access logs are for investigating an incident; 90 days matches the API's log retention. */
const ACCESS_LOG_DAYS = 90;

/**
 * The review console (`console/`) in a private bucket behind CloudFront, reachable only through
 * the distribution (Origin Access Control), over HTTPS, with security headers on every response.
 * The console is plain static files; the API it calls is separate and carries its own WAF.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;
  /** The console's URL (`https://…/`). */
  readonly url: string;
  /** The console's origin, for the API's CORS allow-list (`corsAllowOrigins` context). */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
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

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Open Gov Challenge review console: CSP, HSTS and no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleContentSecurityPolicy([props.apiOrigin]), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true }],
      },
    });

    const domain = props.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Open Gov Challenge review console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Staff work from OGP's offices and members' countries; the cheapest class covers most of them.
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

    const host = domain ? domain.domainName : this.distribution.distributionDomainName;
    this.origin = `https://${host}`;
    this.url = `${this.origin}/`;

    this.deployment = this.deploy(props.apiUrl);
    this.acknowledgeDistribution(Boolean(domain));
  }

  /**
   * Uploads `console/` and a `config.json` naming the API, then invalidates the distribution so a
   * deploy shows at once. The copying function gets its own role and log group: the default role
   * carries the managed basic-execution policy, which may write to every log group in the account.
   */
  private deploy(apiUrl: string): BucketDeployment {
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: LOG_RETENTION });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the review console into its bucket and invalidates its distribution',
    });
    logGroup.grantWrite(role);

    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(CONSOLE_DIR), Source.jsonData('config.json', { apiBaseUrl: apiUrl })],
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
        reason: 'BucketDeployment\'s generated grant to read the CDK asset bucket, where the console\'s zip is staged; scoped to that bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
        reason: 'BucketDeployment\'s generated grant to read the staged console zip from the CDK asset bucket; scoped to that bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:List*]',
        reason: 'BucketDeployment lists the source and destination buckets to copy and prune files; scoped to those two buckets.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: 'Pruning removes console files that are no longer in console/; the grant covers the console bucket only.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
        reason: 'Aborting a failed multipart upload of a console file; the grant covers the console bucket only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason: 'The copy writes and prunes every object of the console bucket, whose keys are the console\'s file names.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        reason: 'The staged console zip sits in the CDK bootstrap asset bucket under a content-hash key known only at synthesis.',
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
          'No geo restriction: Support Unit reviewers work from many countries and travel; every API call needs a staff token, and the static files hold no data.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only static files with no data; a CloudFront web ACL must live in us-east-1 while this stack deploys to any region, and the API the console calls has its own WAF.',
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

/** The API's origin (`https://id.execute-api.region.suffix`), from pieces known at synthesis. */
export function apiOriginOf(restApiId: string, scope: Construct): string {
  const stack = Stack.of(scope);
  return `https://${restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
}
