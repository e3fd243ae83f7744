import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleHosting } from '../../infra/constructs/console-hosting.ts';
import { resourcesOfType, synthesizeApp, SYNTH_TIMEOUT_MS, type Resources, type Synthesized } from './synthesized.ts';

let synthesized: Synthesized;
let template: Template;

/** The one resource of a type whose logical id mentions `hint` (the console's, among the stack's). */
function only(resources: Resources, hint: string): [string, Resources[string]] {
  const matches = Object.entries(resources).filter(([logicalId]) => logicalId.includes(hint));
  expect(matches.map(([logicalId]) => logicalId)).toHaveLength(1);
  return matches[0]!;
}

const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });

beforeAll(() => {
  synthesized = synthesizeApp();
  template = synthesized.statelessTemplate;
}, SYNTH_TIMEOUT_MS);

describe('review console hosting', () => {
  it('keeps the assets bucket private: all public access blocked, TLS only, encrypted, versioned', () => {
    const [bucketId, bucket] = only(resourcesOfType(template, 'AWS::S3::Bucket'), 'ReviewConsoleAssets');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.stringContaining('ReviewConsoleAccessLogs') });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();

    const [, policy] = Object.entries(resourcesOfType(template, 'AWS::S3::BucketPolicy')).find(([, p]) => p.Properties.Bucket.Ref === bucketId)!;
    const statements: any[] = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Only CloudFront, and only on behalf of this distribution, may read; nobody else is allowed anything.
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    const [distributionId] = only(resourcesOfType(template, 'AWS::CloudFront::Distribution'), 'ReviewConsole');
    expect(JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(`"Ref":"${distributionId}"`);
  });

  it('keeps access logs private, expiring, and written by S3 under a policy rather than an ACL', () => {
    const [logsId, logs] = only(resourcesOfType(template, 'AWS::S3::Bucket'), 'ReviewConsoleAccessLogs');
    expect(logs.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(logs.Properties.AccessControl).toBeUndefined();
    expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 90, Status: 'Enabled' })]);
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(only(resourcesOfType(template, 'AWS::S3::Bucket'), 'ReviewConsoleAssets')[1].DeletionPolicy).toBe('Retain');

    const [, policy] = Object.entries(resourcesOfType(template, 'AWS::S3::BucketPolicy')).find(([, p]) => p.Properties.Bucket.Ref === logsId)!;
    const delivery = policy.Properties.PolicyDocument.Statement.find((statement: any) => statement.Effect === 'Allow');
    expect(delivery.Principal).toEqual({ Service: 'logging.s3.amazonaws.com' });
    expect(delivery.Condition.ArnLike['aws:SourceArn']).toEqual(getAtt(only(resourcesOfType(template, 'AWS::S3::Bucket'), 'ReviewConsoleAssets')[0], 'Arn'));
  });

  it('serves the bucket through Origin Access Control, not a public website or an OAI', () => {
    const [oacId, oac] = only(resourcesOfType(template, 'AWS::CloudFront::OriginAccessControl'), 'ReviewConsole');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });

    const [, distribution] = only(resourcesOfType(template, 'AWS::CloudFront::Distribution'), 'ReviewConsole');
    const [bucketId] = only(resourcesOfType(template, 'AWS::S3::Bucket'), 'ReviewConsoleAssets');
    const origins: any[] = distribution.Properties.DistributionConfig.Origins;
    expect(origins).toHaveLength(1);
    expect(origins[0].DomainName).toEqual(getAtt(bucketId, 'RegionalDomainName'));
    expect(origins[0].OriginAccessControlId).toEqual(getAtt(oacId, 'Id'));
    expect(origins[0].S3OriginConfig.OriginAccessIdentity).toBe('');
  });

  it('redirects HTTP to HTTPS, serves index.html at the root, allows only reads, and logs access', () => {
    const [, distribution] = only(resourcesOfType(template, 'AWS::CloudFront::Distribution'), 'ReviewConsole');
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Logging.Bucket).toEqual(getAtt(only(resourcesOfType(template, 'AWS::S3::Bucket'), 'ReviewConsoleAccessLogs')[0], 'RegionalDomainName'));
    // No custom domain in the default app: the *.cloudfront.net certificate (CFR4 is acknowledged for it).
    expect(config.ViewerCertificate).toBeUndefined();
  });

  it('sends security headers: a CSP that lets the page call only itself and the API, HSTS, no framing', () => {
    const [policyId, policy] = only(resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy'), 'ReviewConsole');
    const [, distribution] = only(resourcesOfType(template, 'AWS::CloudFront::Distribution'), 'ReviewConsole');
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });

    const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/",\{"Ref":"ApiRestApi\w+"\},".execute-api\./);
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  it('deploys console/ plus a config.json naming the API, and invalidates the distribution', () => {
    const [, deployment] = only(resourcesOfType(template, 'Custom::CDKBucketDeployment'), 'ReviewConsole');
    const [bucketId] = only(resourcesOfType(template, 'AWS::S3::Bucket'), 'ReviewConsoleAssets');
    const [distributionId] = only(resourcesOfType(template, 'AWS::CloudFront::Distribution'), 'ReviewConsole');
    expect(deployment.Properties.DestinationBucketName).toEqual({ Ref: bucketId });
    expect(deployment.Properties.DistributionId).toEqual({ Ref: distributionId });
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    expect(deployment.Properties.Prune).toBe(true);
    // Two sources: the folder, and config.json whose API URL is filled in at deploy time.
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toMatch(/"Ref":"ApiRestApi\w+"/);
  });

  it('runs the copier with its own role and log group, not the managed basic-execution policy', () => {
    const [, copier] = only(resourcesOfType(template, 'AWS::Lambda::Function'), 'CDKBucketDeployment');
    const [roleId, role] = only(resourcesOfType(template, 'AWS::IAM::Role'), 'ReviewConsoleDeploymentRole');
    expect(copier.Properties.Role).toEqual(getAtt(roleId, 'Arn'));
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(copier.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringContaining('ReviewConsoleDeploymentLogs') });
  });

  it('outputs the console URL', () => {
    const [distributionId] = only(resourcesOfType(template, 'AWS::CloudFront::Distribution'), 'ReviewConsole');
    template.hasOutput('ReviewConsoleUrl', { Value: { 'Fn::Join': ['', ['https://', getAtt(distributionId, 'DomainName'), '/']] } });
  });
});

describe('review console hosting with a custom domain', () => {
  let outdir: string;
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('uses the certificate with SNI and TLS 1.2 (2021) at least', () => {
    outdir = mkdtempSync(join(tmpdir(), 'ogc-console-test-'));
    const stack = new Stack(new App({ outdir }), 'ConsoleOnly');
    const hosting = new ConsoleHosting(stack, 'ReviewConsole', {
      apiUrl: 'https://api.example.org/prod/',
      apiOrigin: 'https://api.example.org',
      customDomain: { domainName: 'review.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000' },
    });
    expect(hosting.url).toBe('https://review.example.org/');
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['review.example.org'],
        ViewerCertificate: { AcmCertificateArn: Match.stringLikeRegexp('^arn:aws:acm:us-east-1:'), MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  });
});
