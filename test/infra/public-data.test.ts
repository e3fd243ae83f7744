import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/config/constants.ts';
import { PUBLIC_FILES } from '../../shared/publication/public-files.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';
import { resourcesOfType, synthesizeApp, SYNTH_TIMEOUT_MS, type Resources, type Synthesized } from './synthesized.ts';

/**
 * Publication on AWS: the exports' bucket, CloudFront serving it at the exports' public paths,
 * and the release's (and the admin's) permission to write those two objects and to invalidate
 * that one distribution.
 */

let synthesized: Synthesized;
let resources: Resources;

beforeAll(() => {
  synthesized = synthesizeApp();
  resources = synthesized.statelessTemplate.toJSON().Resources as Resources;
}, SYNTH_TIMEOUT_MS);

const logicalIdOf = (type: string, prefix: string) => {
  const ids = Object.keys(resourcesOfType(synthesized.statelessTemplate, type)).filter((id) => id.includes(prefix));
  expect(ids, `${type} ${prefix}`).toHaveLength(1);
  return ids[0]!;
};
const bucketId = () => logicalIdOf('AWS::S3::Bucket', 'PublicData');
const distributionId = () => logicalIdOf('AWS::CloudFront::Distribution', 'Distribution');
const distributionConfig = () => resources[distributionId()]!.Properties.DistributionConfig;

function functionNamed(name: string): { logicalId: string; properties: any } {
  const found = Object.entries(resourcesOfType(synthesized.statelessTemplate, 'AWS::Lambda::Function')).find(([, resource]) => resource.Metadata?.['ogc:function'] === name);
  expect(found, name).toBeDefined();
  return { logicalId: found![0], properties: found![1].Properties };
}

function statementsOf(name: string): any[] {
  const role = functionNamed(name).properties.Role['Fn::GetAtt'][0];
  return Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((r: any) => r.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const PUBLISHERS = [REVIEW_FUNCTIONS.sendSummary, 'admin-publish-public-data'];

describe('the public-data bucket', () => {
  it('is private, encrypted, reachable over TLS only and logged', () => {
    const bucket = resources[bucketId()]!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { LogFilePrefix: 's3-public-data/' },
    });
    const policy = Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::S3::BucketPolicy')).find((candidate) => candidate.Properties.Bucket.Ref === bucketId());
    const statements = policy!.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Read by CloudFront only (origin access control), for this distribution.
    const reads = statements.filter((statement: any) => statement.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(reads[0].Condition)).toContain(distributionId());
  });
});

describe('CloudFront', () => {
  it('serves both exports from the bucket at their public paths, ahead of the API behaviour', () => {
    const behaviors: any[] = distributionConfig().CacheBehaviors;
    const patterns = behaviors.map((behavior) => behavior.PathPattern);
    const bucketOrigin = distributionConfig().Origins.find((origin: any) => JSON.stringify(origin.DomainName).includes(bucketId()));
    expect(bucketOrigin?.S3OriginConfig).toBeDefined();
    for (const file of Object.values(PUBLIC_FILES)) {
      const behavior = behaviors.find((candidate) => candidate.PathPattern === file.path);
      expect(behavior, file.path).toMatchObject({ TargetOriginId: bucketOrigin.Id, AllowedMethods: ['GET', 'HEAD'], ViewerProtocolPolicy: 'redirect-to-https', Compress: true });
      expect(patterns.indexOf(file.path)).toBeLessThan(patterns.indexOf('/v1/*'));
      // Long-lived at the edge: the release invalidates it.
      const cachePolicy = resources[behavior.CachePolicyId.Ref]!.Properties.CachePolicyConfig;
      expect(cachePolicy).toMatchObject({ MinTTL: 0, DefaultTTL: 86400, ParametersInCacheKeyAndForwardedToOrigin: { QueryStringsConfig: { QueryStringBehavior: 'none' } } });
      const headers = resources[behavior.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig;
      expect(headers.CorsConfig.AccessControlAllowOrigins.Items).toEqual(['*']);
      expect(headers.SecurityHeadersConfig.ContentTypeOptions.Override).toBe(true);
    }
  });
});

describe('publishing functions', () => {
  it('know the bucket and the distribution', () => {
    for (const name of PUBLISHERS) {
      const variables = functionNamed(name).properties.Environment.Variables;
      expect(variables[ENV.publicDataBucket], name).toEqual({ Ref: bucketId() });
      expect(variables[ENV.cdnDistributionId], name).toEqual({ Ref: distributionId() });
    }
  });

  it('may write the two export objects and invalidate this distribution, nothing wider', () => {
    for (const name of PUBLISHERS) {
      const statements = statementsOf(name);
      const invalidation = statements.filter((statement) => [statement.Action].flat().includes('cloudfront:CreateInvalidation'));
      expect(invalidation, name).toHaveLength(1);
      expect(invalidation[0].Resource).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId() }]],
      });
      const writes = statements.filter((statement) => [statement.Action].flat().includes('s3:PutObject'));
      expect(writes, name).toHaveLength(1);
      const objects = JSON.stringify(writes[0].Resource);
      for (const file of Object.values(PUBLIC_FILES)) expect(objects).toContain(`/${file.key}`);
      expect(objects).not.toContain('*');
    }
  });

  it('are the only functions that may invalidate the cache or write the exports', () => {
    const functions = Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::Lambda::Function'))
      .map((resource) => resource.Metadata?.['ogc:function'])
      .filter((name): name is string => typeof name === 'string');
    const publishing = functions.filter((name) =>
      statementsOf(name).some((statement) => [statement.Action].flat().some((action: string) => action === 'cloudfront:CreateInvalidation' || action === 's3:PutObject')),
    );
    expect(publishing.sort()).toEqual([...PUBLISHERS].sort());
  });

  it('leave the export route reading no table: it only points to the public copy', () => {
    const statements = statementsOf('export-reforms');
    expect(statements.filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:Query') || action.startsWith('dynamodb:GetItem')))).toEqual([]);
  });
});
