import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { StaffConsoleClient, StaffUserPool } from '../../infra/constructs/staff-auth.ts';
import { PRIVATE_API_PATHS, SPA_REWRITE_FUNCTION, WebHosting } from '../../infra/constructs/web-hosting.ts';
import { CONTEXT, SYNTH_ONLY_CONTEXT } from '../../infra/settings.ts';
import { ENV } from '../../shared/config/constants.ts';
import { resourcesOfType, synthesizeApp, SYNTH_TIMEOUT_MS, type Resources, type Synthesized } from './synthesized.ts';

/**
 * Staff sign-in (Cognito user pool, managed login, the console's app client) and the one CloudFront
 * distribution serving the site, the console and the API, as synthesized for deployment.
 */

let synthesized: Synthesized;
let stateful: Template;
let stateless: Template;

beforeAll(() => {
  synthesized = synthesizeApp();
  stateful = synthesized.statefulTemplate;
  stateless = synthesized.statelessTemplate;
}, SYNTH_TIMEOUT_MS);

function only(resources: Resources): [string, Resources[string]] {
  const entries = Object.entries(resources);
  expect(entries.map(([logicalId]) => logicalId)).toHaveLength(1);
  return entries[0]!;
}

const distribution = () => only(resourcesOfType(stateless, 'AWS::CloudFront::Distribution'));
const distributionConfig = () => distribution()[1].Properties.DistributionConfig;
const behavior = (pattern: string) => distributionConfig().CacheBehaviors.find((candidate: any) => candidate.PathPattern === pattern);
const resourceById = (template: Template, ref: { Ref: string }) => (template.toJSON().Resources as Resources)[ref.Ref]!;
const consoleUrlOnDistribution = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution()[0], 'DomainName'] }, '/console/']] });

describe('staff accounts (stateful stack)', () => {
  it('keeps the user pool with the data: retained, deletion-protected, no self sign-up, TOTP required', () => {
    const [, pool] = only(resourcesOfType(stateful, 'AWS::Cognito::UserPool'));
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties).toMatchObject({
      UserPoolName: 'open-gov-challenge-staff',
      DeletionProtection: 'ACTIVE',
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    expect(JSON.stringify(pool.Properties)).not.toContain('SmsConfiguration');
    expect(resourcesOfType(stateless, 'AWS::Cognito::UserPool')).toEqual({});
  });

  it('has the reviewer and admin groups', () => {
    const groups = Object.values(resourcesOfType(stateful, 'AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'reviewer']);
  });

  it('serves managed login (the newer version) on a Cognito domain with the prefix from context', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: SYNTH_ONLY_CONTEXT[CONTEXT.signInDomainPrefix], ManagedLoginVersion: 2 });
  });
});

describe('the console\'s app client (stateless stack)', () => {
  it('is a public client of the retained pool: no secret, the authorization code grant only, OpenID scopes', () => {
    const [, client] = only(resourcesOfType(stateless, 'AWS::Cognito::UserPoolClient'));
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect([...client.Properties.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
    expect(JSON.stringify(client.Properties.UserPoolId)).toContain('Fn::ImportValue');
  });

  it('allows no flow that skips managed login besides SRP, and rotates refresh tokens', () => {
    const [, client] = only(resourcesOfType(stateless, 'AWS::Cognito::UserPoolClient'));
    expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH']);
    expect(client.Properties.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 10 });
    expect(client.Properties).toMatchObject({ IdTokenValidity: 60, AccessTokenValidity: 60, TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes' } });
  });

  it('sends people back only to the console on the distribution, after sign-in and sign-out', () => {
    const [, client] = only(resourcesOfType(stateless, 'AWS::Cognito::UserPoolClient'));
    expect(client.Properties.CallbackURLs).toEqual([consoleUrlOnDistribution()]);
    expect(client.Properties.LogoutURLs).toEqual([consoleUrlOnDistribution()]);
  });

  it('gives the client a managed login style (managed login shows no page without one)', () => {
    const [clientId] = only(resourcesOfType(stateless, 'AWS::Cognito::UserPoolClient'));
    stateless.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: { Ref: clientId }, UseCognitoProvidedValues: true });
  });

  it('tells every API function which ID tokens to accept: the pool\'s issuer and JWKS, the client as audience', () => {
    const [clientId] = only(resourcesOfType(stateless, 'AWS::Cognito::UserPoolClient'));
    const httpFunctions = Object.values(resourcesOfType(stateless, 'AWS::Lambda::Function')).filter((fn) => fn.Properties.Environment?.Variables?.[ENV.jwtAudience]);
    expect(httpFunctions.length).toBeGreaterThan(10);
    for (const fn of httpFunctions) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables[ENV.jwtAudience]).toEqual({ Ref: clientId });
      expect(JSON.stringify(variables[ENV.jwtIssuer])).toMatch(/https:\/\/cognito-idp\..*Fn::ImportValue/);
      expect(JSON.stringify(variables[ENV.jwtJwksUrl])).toContain('/.well-known/jwks.json');
    }
  });
});

describe('one distribution for the site, the console and the API', () => {
  it('serves the site from the private bucket by default, and the console under /console', () => {
    const config = distributionConfig();
    const s3 = config.Origins.find((origin: any) => origin.S3OriginConfig);
    expect(s3.OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior).toMatchObject({ TargetOriginId: s3.Id, ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(behavior('/console*')).toMatchObject({ TargetOriginId: s3.Id, ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(config.DefaultRootObject).toBe('index.html');
  });

  it('sends /v1/* to the API stage over HTTPS, with private routes matched before the cached public ones', () => {
    const config = distributionConfig();
    const api = config.Origins.find((origin: any) => origin.CustomOriginConfig);
    expect(api.OriginPath).toBe('/prod');
    expect(api.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(api.DomainName)).toMatch(/"Ref":"ApiRestApi\w+"\},".execute-api\./);

    const patterns: string[] = config.CacheBehaviors.map((candidate: any) => candidate.PathPattern);
    for (const pattern of [...PRIVATE_API_PATHS, '/v1/*']) {
      expect(behavior(pattern), pattern).toMatchObject({ TargetOriginId: api.Id, AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'DELETE']) });
    }
    for (const pattern of PRIVATE_API_PATHS) expect(patterns.indexOf(pattern)).toBeLessThan(patterns.indexOf('/v1/*'));
  });

  it('caches public GETs by query string and language, never with cookies', () => {
    const policy = resourceById(stateless, behavior('/v1/*').CachePolicyId).Properties.CachePolicyConfig;
    expect(policy.MinTTL).toBeGreaterThan(0);
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      CookiesConfig: { CookieBehavior: 'none' },
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept-Language'] },
    });
  });

  it('never caches staff and submitter routes, and forwards the headers that identify the caller', () => {
    for (const pattern of PRIVATE_API_PATHS) {
      const policy = resourceById(stateless, behavior(pattern).CachePolicyId).Properties.CachePolicyConfig;
      expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig).toEqual({ CookieBehavior: 'none' });
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers).toEqual(['Authorization', 'X-Status-Token', 'X-Designation-Signature']);
    }
    for (const pattern of [...PRIVATE_API_PATHS, '/v1/*']) {
      const forwarded = resourceById(stateless, behavior(pattern).OriginRequestPolicyId).Properties.OriginRequestPolicyConfig;
      expect(forwarded.CookiesConfig).toEqual({ CookieBehavior: 'none' });
      expect(forwarded.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
      expect(forwarded.HeadersConfig.Headers).toEqual(expect.arrayContaining(['Idempotency-Key', 'If-Match', 'Content-Type', 'Accept-Language']));
    }
  });

  it('rewrites the apps\' page paths to their index.html in a viewer-request function', () => {
    const [functionId, fn] = only(resourcesOfType(stateless, 'AWS::CloudFront::Function'));
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    for (const candidate of [distributionConfig().DefaultCacheBehavior, behavior('/console*')]) {
      expect(candidate.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }]);
    }
    expect(behavior('/v1/*').FunctionAssociations).toBeUndefined();

    const handler = new Function(`${SPA_REWRITE_FUNCTION}; return handler;`)() as (event: unknown) => any;
    const rewrite = (uri: string) => handler({ request: { uri, headers: {} } });
    expect(rewrite('/').uri).toBe('/index.html');
    expect(rewrite('/reforms/OGC-2026-11-0042').uri).toBe('/index.html');
    expect(rewrite('/status/OGC-2026-11-0042').uri).toBe('/index.html');
    expect(rewrite('/site.js').uri).toBe('/site.js');
    expect(rewrite('/console/').uri).toBe('/console/index.html');
    expect(rewrite('/console/cycles/2026-11/submissions/OGC-2026-11-0042').uri).toBe('/console/index.html');
    expect(rewrite('/console/console.js').uri).toBe('/console/console.js');
    expect(rewrite('/console/config.json').uri).toBe('/console/config.json');
    expect(rewrite('/console')).toMatchObject({ statusCode: 308, headers: { location: { value: '/console/' } } });
  });

  it('sends each app its CSP: the console may connect to itself and the sign-in domain only, the site to itself only', () => {
    const cspOf = (candidate: any) =>
      JSON.stringify(resourceById(stateless, candidate.ResponseHeadersPolicyId).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    const consoleCsp = cspOf(behavior('/console*'));
    expect(consoleCsp).toMatch(/connect-src 'self' https:\/\/",\{"Fn::ImportValue":"[^"]+"\},"\.auth\.",\{"Ref":"AWS::Region"\},"\.amazoncognito\.com; /);
    expect(consoleCsp).toContain("script-src 'self'");
    expect(consoleCsp).toContain("frame-ancestors 'none'");
    const siteCsp = cspOf(distributionConfig().DefaultCacheBehavior);
    expect(siteCsp).toContain("connect-src 'self';");
    const headers = resourceById(stateless, behavior('/console*').ResponseHeadersPolicyId).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });

  it('writes the console\'s config.json at deploy: the managed login endpoints, the client id, the console as redirect URI', () => {
    const [, deployment] = only(resourcesOfType(stateless, 'Custom::CDKBucketDeployment'));
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    expect(deployment.Properties.Prune).toBe(true);
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    const [clientId] = only(resourcesOfType(stateless, 'AWS::Cognito::UserPoolClient'));
    expect(markers).toContain(`{"Ref":"${clientId}"}`);
    expect(markers).toContain(`"Fn::GetAtt":["${distribution()[0]}","DomainName"]`);

    const { consoleClient, web } = synthesized.stateless;
    const config = synthesized.stateless.resolve(consoleClient.consoleConfig(web.origin, web.consoleUrl));
    const signIn = (path: string) => ({
      'Fn::Join': ['', ['https://', { 'Fn::ImportValue': expect.stringContaining('StaffSignIn') }, '.auth.', { Ref: 'AWS::Region' }, `.amazoncognito.com${path}`]],
    });
    expect(config).toEqual({
      apiBaseUrl: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution()[0], 'DomainName'] }]] },
      auth: {
        authorizeUrl: signIn('/oauth2/authorize'),
        tokenUrl: signIn('/oauth2/token'),
        logoutUrl: signIn('/logout'),
        clientId: { Ref: clientId },
        redirectUri: consoleUrlOnDistribution(),
        scopes: ['openid', 'email', 'profile'],
      },
    });
  });

  it('links emails to the site and outputs the site and console URLs', () => {
    const [mailer] = Object.values(resourcesOfType(stateless, 'AWS::Lambda::Function')).filter((fn) => fn.Properties.Environment?.Variables?.[ENV.publicBaseUrl]);
    expect(mailer!.Properties.Environment.Variables[ENV.publicBaseUrl]).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution()[0], 'DomainName'] }]] });
    stateless.hasOutput('ConsoleUrl', { Value: consoleUrlOnDistribution() });
    stateless.hasOutput('SiteUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution()[0], 'DomainName'] }, '/']] } });
  });
});

describe('deployment settings', () => {
  const withContext = (context: Record<string, string>) => () => buildApp({ nag: false, context: { 'aws:cdk:bundling-stacks': [], ...context } });

  it('refuses to synthesize without a sign-in domain or an alarm address', () => {
    expect(withContext({ [CONTEXT.alarmEmail]: 'ops@example.org' })).toThrow(/signInDomainPrefix is required/);
    expect(withContext({ [CONTEXT.signInDomainPrefix]: 'ogc-staff' })).toThrow(/alarmEmail is required/);
    expect(withContext({ ...SYNTH_ONLY_CONTEXT, [CONTEXT.siteDomainName]: 'challenge.example.org' })).toThrow(/go together/);
    expect(withContext({ [CONTEXT.alarmEmail]: 'ops@example.org', [CONTEXT.signInDomainPrefix]: 'Not_A_Prefix' })).toThrow(/lower-case letters/);
  });

  it('registers the console at the site\'s custom domain too, and serves managed login on a custom domain', () => {
    const stack = new Stack(new App(), 'CustomDomains');
    const staff = new StaffUserPool(stack, 'Staff', {
      signInDomain: { domainName: 'sign-in.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001' },
    });
    const web = new WebHosting(stack, 'Web', {
      restApiId: 'abc123',
      signInOrigin: staff.signInUrl,
      customDomain: { domainName: 'challenge.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000002' },
    });
    new StaffConsoleClient(stack, 'Client', { staff, consoleUrls: web.consoleUrls });
    expect(web.consoleUrl).toBe('https://challenge.example.org/console/');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'sign-in.example.org',
      CustomDomainConfig: { CertificateArn: Match.stringLikeRegexp('^arn:aws:acm:us-east-1:') },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['challenge.example.org'],
        ViewerCertificate: { AcmCertificateArn: Match.stringLikeRegexp('^arn:aws:acm:us-east-1:'), MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
    const [, client] = Object.entries(template.findResources('AWS::Cognito::UserPoolClient'))[0]!;
    expect(client.Properties.CallbackURLs).toEqual([expect.objectContaining({ 'Fn::Join': expect.anything() }), 'https://challenge.example.org/console/']);
    expect(client.Properties.LogoutURLs).toEqual(client.Properties.CallbackURLs);
  });
});
