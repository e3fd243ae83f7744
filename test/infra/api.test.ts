import { beforeAll, describe, expect, it } from 'vitest';
import { API_STAGE_NAME } from '../../infra/settings.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { resourcesOfType, synthesizeApp, SYNTH_TIMEOUT_MS, type Resources, type Synthesized } from './synthesized.ts';

interface SynthesizedMethod {
  method: string;
  path: string;
  authorizationType: string;
  authorizerId?: unknown;
  integration: any;
}

let synthesized: Synthesized;
let methods: SynthesizedMethod[];
let functionNameByLogicalId: Map<string, string>;

/** Rebuilds each method's full path by walking `AWS::ApiGateway::Resource` parents up to the root. */
function synthesizedMethods(resources: Resources, methodResources: Resources): SynthesizedMethod[] {
  const pathOf = (resourceId: any): string => {
    if (resourceId['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const resource = resources[resourceId.Ref];
    if (!resource) throw new Error(`Unknown API resource ${JSON.stringify(resourceId)}`);
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
  };
  return Object.values(methodResources).map((method) => ({
    method: method.Properties.HttpMethod,
    path: pathOf(method.Properties.ResourceId) || '/',
    authorizationType: method.Properties.AuthorizationType,
    authorizerId: method.Properties.AuthorizerId,
    integration: method.Properties.Integration,
  }));
}

beforeAll(() => {
  synthesized = synthesizeApp();
  const template = synthesized.statelessTemplate;
  methods = synthesizedMethods(resourcesOfType(template, 'AWS::ApiGateway::Resource'), resourcesOfType(template, 'AWS::ApiGateway::Method'));
  functionNameByLogicalId = new Map(
    Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'))
      .filter(([, resource]) => resource.Metadata?.['ogc:function'])
      .map(([logicalId, resource]) => [logicalId, resource.Metadata!['ogc:function'] as string]),
  );
}, SYNTH_TIMEOUT_MS);

const routeMethods = () => methods.filter((m) => m.method !== 'OPTIONS');
const key = (method: string, path: string) => `${method} ${path}`;

describe('REST API', () => {
  it('serves exactly the route table: the same (method, path) pairs, no more, no fewer', () => {
    const synthesizedKeys = routeMethods().map((m) => key(m.method, m.path)).sort();
    const declaredKeys = ROUTES.map((route) => key(route.method, route.path)).sort();
    expect(synthesizedKeys).toEqual(declaredKeys);
  });

  it('sends each route to the function the route table names, through a Lambda proxy integration', () => {
    for (const route of ROUTES) {
      const method = routeMethods().find((m) => m.method === route.method && m.path === route.path)!;
      expect(method.integration.Type, key(route.method, route.path)).toBe('AWS_PROXY');
      expect(method.integration.IntegrationHttpMethod).toBe('POST');
      const uri = JSON.stringify(method.integration.Uri);
      const targets = [...functionNameByLogicalId].filter(([logicalId]) => uri.includes(`"${logicalId}"`)).map(([, name]) => name);
      expect(targets, key(route.method, route.path)).toEqual([route.functionName]);
    }
  });

  it('requires a Cognito user pool token on staff routes and nothing on public ones', () => {
    for (const route of ROUTES) {
      const method = routeMethods().find((m) => m.method === route.method && m.path === route.path)!;
      if (route.auth === 'public') {
        expect(method.authorizationType, key(route.method, route.path)).toBe('NONE');
        expect(method.authorizerId).toBeUndefined();
      } else {
        expect(method.authorizationType, key(route.method, route.path)).toBe('COGNITO_USER_POOLS');
        expect(method.authorizerId).toBeDefined();
      }
    }
    synthesized.statelessTemplate.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    synthesized.statelessTemplate.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
    });
  });

  it('answers CORS preflight on every route path', () => {
    const preflight = new Set(methods.filter((m) => m.method === 'OPTIONS').map((m) => m.path));
    for (const route of ROUTES) expect(preflight.has(route.path), route.path).toBe(true);
  });

  it('logs access, traces, and throttles by default', () => {
    const stages = resourcesOfType(synthesized.statelessTemplate, 'AWS::ApiGateway::Stage');
    const [stage] = Object.values(stages);
    expect(Object.keys(stages)).toHaveLength(1);
    expect(stage!.Properties.StageName).toBe(API_STAGE_NAME);
    expect(stage!.Properties.TracingEnabled).toBe(true);
    expect(stage!.Properties.AccessLogSetting.DestinationArn).toBeDefined();
    expect(stage!.Properties.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        ThrottlingRateLimit: expect.any(Number),
        ThrottlingBurstLimit: expect.any(Number),
      }),
      // Intake has its own, larger limit: a form campaign posts at least 200 submissions a second.
      expect.objectContaining({ HttpMethod: 'POST', ResourcePath: '/~1v1~1submissions', ThrottlingRateLimit: 250, ThrottlingBurstLimit: 500 }),
    ]);
  });

  it('sits behind a WAF web ACL that rate-limits each viewer, not each CloudFront edge', () => {
    synthesized.statelessTemplate.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    const [acl] = Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::WAFv2::WebACL'));
    expect(acl!.Properties.Scope).toBe('REGIONAL');
    const rate = (name: string) => acl!.Properties.Rules.find((rule: any) => rule.Name === name).Statement.RateBasedStatement;
    // Through the distribution, by the viewer's address that CloudFront forwards.
    expect(rate('RateLimitPerViewer')).toMatchObject({ AggregateKeyType: 'FORWARDED_IP', ForwardedIPConfig: { HeaderName: 'X-Forwarded-For' } });
    // Direct callers by their own address; requests from CloudFront's edges are not counted here.
    expect(rate('RateLimitPerIp')).toMatchObject({ AggregateKeyType: 'IP' });
    expect(rate('RateLimitPerIp').ScopeDownStatement.NotStatement.Statement.SizeConstraintStatement.FieldToMatch).toEqual({ SingleHeader: { Name: 'x-forwarded-for' } });
    synthesized.statelessTemplate.resourceCountIs('AWS::WAFv2::IPSet', 0);
  });

  it('exempts trusted relays (a partner server posting many people\'s forms) from the per-address limits', () => {
    const relayed = synthesizeApp({ context: { trustedRelayAddresses: '203.0.113.10/32, 198.51.100.0/28' } }).statelessTemplate;
    const [setId, set] = Object.entries(resourcesOfType(relayed, 'AWS::WAFv2::IPSet'))[0]!;
    expect(set.Properties.Addresses).toEqual(['203.0.113.10/32', '198.51.100.0/28']);
    const [acl] = Object.values(resourcesOfType(relayed, 'AWS::WAFv2::WebACL'));
    const rules: any[] = acl!.Properties.Rules.filter((rule: any) => rule.Statement.RateBasedStatement);
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      const scope = JSON.stringify(rule.Statement.RateBasedStatement.ScopeDownStatement);
      expect(scope).toContain(`{"Fn::GetAtt":["${setId}","Arn"]}`);
      // Through CloudFront, the relay is the address CloudFront appended last, which a client cannot forge.
      expect(scope).toContain('"Position":"LAST"');
    }
  }, SYNTH_TIMEOUT_MS);

  it('answers its own errors in the API error shape', () => {
    const responses = Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::ApiGateway::GatewayResponse'));
    const byType = new Map(responses.map((r) => [r.Properties.ResponseType, r.Properties]));
    for (const type of ['UNAUTHORIZED', 'ACCESS_DENIED', 'THROTTLED', 'DEFAULT_4XX', 'DEFAULT_5XX']) {
      const template: string = byType.get(type)?.ResponseTemplates?.['application/json'];
      expect(template, type).toMatch(/^\{"error":\{"code":"[a-z_]+","message":/);
      // The catch-all keeps API Gateway's own description; the others carry the catalog's message.
      if (type === 'DEFAULT_4XX') expect(template).toContain('$context.error.messageString');
      else expect(JSON.parse(template).error.message, type).toMatch(/^[A-Z].+/);
      expect(byType.get(type)?.ResponseParameters?.['gatewayresponse.header.Access-Control-Allow-Origin'], type).toBeDefined();
    }
  });
});
