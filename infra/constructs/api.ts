import { Duration, Validations } from 'aws-cdk-lib';
import { CORS_ALLOW_HEADERS } from '../../shared/config/constants.ts';
import { codeMessage, type ErrorCode } from '../../shared/domain/errors.ts';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  type Method,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnIPSet, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ROUTES } from '../../shared/http/routes.ts';
import { API_STAGE_NAME, LOG_RETENTION } from '../settings.ts';

export interface ApiProps {
  /** Every HTTP entry point by function name (`HTTP_FUNCTIONS`), created once each. */
  functions: ReadonlyMap<string, LambdaFunction>;
  userPool: IUserPool;
  /** `['*']` for any origin. */
  corsAllowOrigins: string[];
  /**
   * Addresses (CIDR) of servers that relay many people's forms from one address: the per-address
   * rate limit does not apply to them (stage and route throttling still does).
   */
  trustedRelayAddresses?: string[];
}

/** Headers a browser front-end sends: JSON bodies, the staff bearer token, intake idempotency. */

/** Requests per five minutes from one address before WAF blocks it; one person's browser never comes close. */
const RATE_LIMIT_PER_IP = 1000;

/**
 * Steady requests per second the stage serves, and the burst it absorbs; intake gets more, sized for a
 * form campaign (≥ 200 submissions/s, as measured locally in BENCHMARKS.md).
 */
const STAGE_THROTTLE = { rate: 100, burst: 200 };
const INTAKE_THROTTLE = { rate: 250, burst: 500 };
const INTAKE_METHOD = '/v1/submissions/POST';

/**
 * The public and staff API, built from the one route table (`shared/http/routes.ts`).
 *
 * A REST API rather than an HTTP API because intake is anonymous and public: REST APIs take a WAF
 * web ACL (rate limiting and managed rules in front of the anonymous POSTs), have per-stage and
 * per-method throttling, accept bodies up to 10 MB (the handlers cap them at 64 KiB themselves and
 * answer with the contract's error shape), and authorize staff routes with a Cognito user pool
 * authorizer. The HTTP API's JWT authorizer and lower price do not outweigh the missing WAF.
 */
export class Api extends Construct {
  readonly restApi: RestApi;
  readonly methods: Method[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION });
    const allOrigins = props.corsAllowOrigins.includes('*');

    this.restApi = new RestApi(this, 'RestApi', {
      description: 'Open Gov Challenge: intake, publication and review',
      endpointTypes: [EndpointType.REGIONAL],
      // API Gateway writes execution logs through one account-level role; without it stage logging fails.
      cloudWatchRole: true,
      deployOptions: {
        stageName: API_STAGE_NAME,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
        tracingEnabled: true,
        metricsEnabled: true,
        // ERROR, not INFO, and never data tracing: request bodies carry submitters' personal data.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: STAGE_THROTTLE.rate,
        throttlingBurstLimit: STAGE_THROTTLE.burst,
        methodOptions: { [INTAKE_METHOD]: { throttlingRateLimit: INTAKE_THROTTLE.rate, throttlingBurstLimit: INTAKE_THROTTLE.burst } },
      },
      defaultCorsPreflightOptions: {
        allowOrigins: allOrigins ? Cors.ALL_ORIGINS : props.corsAllowOrigins,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: [...CORS_ALLOW_HEADERS],
        maxAge: Duration.hours(1),
      },
    });

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: 'method.request.header.Authorization',
      resultsCacheTtl: Duration.minutes(5),
    });

    const integrations = new Map<string, LambdaIntegration>();
    const integrationFor = (functionName: string): LambdaIntegration => {
      let integration = integrations.get(functionName);
      if (!integration) {
        const fn = props.functions.get(functionName);
        if (!fn) throw new Error(`Route table names function "${functionName}" but no such function was created`);
        // No test-invoke permission: the console's test button is not worth a second grant per method.
        integration = new LambdaIntegration(fn, { allowTestInvoke: false });
        integrations.set(functionName, integration);
      }
      return integration;
    };

    for (const route of ROUTES) {
      const resource = this.restApi.root.resourceForPath(route.path);
      const method =
        route.auth === 'public'
          ? resource.addMethod(route.method, integrationFor(route.functionName), {
              authorizationType: AuthorizationType.NONE,
            })
          : resource.addMethod(route.method, integrationFor(route.functionName), {
              authorizationType: AuthorizationType.COGNITO,
              authorizer,
            });
      this.methods.push(method);

      if (route.auth === 'public') {
        const reason = `${route.method} ${route.path} is public by design (SPEC §8): anonymous form front-ends and the public use it; abuse is limited by WAF rate rules and stage throttling.`;
        Validations.of(method).acknowledge(
          { id: 'AwsSolutions-APIG4', reason },
          { id: 'AwsSolutions-COG4', reason },
        );
      }
    }

    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Request bodies are validated in the handlers by the same zod schemas that produce the OpenAPI document, so errors come back per field in the contract shape and the submitter\'s language; API Gateway validation would answer in its own shape.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'The account-level API Gateway logging role uses the AWS-managed policy that the API Gateway documentation prescribes for it.',
    });

    this.addGatewayResponses(allOrigins);
    this.addWebAcl(props.trustedRelayAddresses ?? []);
  }

  /** The API's base URL, built from the API id only so that functions can use it without a cycle. */
  get baseUrlWithoutStageDependency(): string {
    return `https://${this.restApi.restApiId}.execute-api.${this.restApi.stack.region}.${this.restApi.stack.urlSuffix}/${API_STAGE_NAME}`;
  }

  /**
   * Errors API Gateway answers itself (authorizer, throttling, unknown paths) get the same JSON
   * shape and CORS headers as the handlers' errors, so front-ends handle one shape.
   */
  private addGatewayResponses(allOrigins: boolean): void {
    // Error bodies carry no data, so echoing the caller's origin is harmless when origins are restricted.
    const responseHeaders = {
      'Access-Control-Allow-Origin': allOrigins ? "'*'" : 'method.request.header.Origin',
      'Access-Control-Allow-Headers': `'${CORS_ALLOW_HEADERS.join(',')}'`,
    };
    // API Gateway cannot negotiate a language, so its own answers carry the English catalog message;
    // the catch-all keeps API Gateway's text, the only description of what it refused.
    const body = (code: ErrorCode | 'default') => ({
      'application/json':
        code === 'default'
          ? `{"error":{"code":"validation_failed","message":$context.error.messageString}}`
          : JSON.stringify({ error: { code, message: codeMessage(code, 'en') } }),
    });
    const responses: { id: string; type: ResponseType; code: ErrorCode | 'default'; statusCode: string | undefined }[] = [
      { id: 'Unauthorized', type: ResponseType.UNAUTHORIZED, code: 'unauthorized', statusCode: '401' },
      { id: 'AccessDenied', type: ResponseType.ACCESS_DENIED, code: 'forbidden', statusCode: '403' },
      // Unknown paths and methods answer 403 "Missing Authentication Token" by default, which misleads.
      { id: 'NotFound', type: ResponseType.MISSING_AUTHENTICATION_TOKEN, code: 'not_found', statusCode: '404' },
      { id: 'TooLarge', type: ResponseType.REQUEST_TOO_LARGE, code: 'payload_too_large', statusCode: '413' },
      { id: 'Throttled', type: ResponseType.THROTTLED, code: 'too_many_requests', statusCode: '429' },
      { id: 'WafBlocked', type: ResponseType.WAF_FILTERED, code: 'forbidden', statusCode: '403' },
      { id: 'Default4xx', type: ResponseType.DEFAULT_4XX, code: 'default', statusCode: undefined },
      { id: 'Default5xx', type: ResponseType.DEFAULT_5XX, code: 'internal', statusCode: undefined },
    ];
    for (const response of responses) {
      this.restApi.addGatewayResponse(response.id, {
        type: response.type,
        ...(response.statusCode ? { statusCode: response.statusCode } : {}),
        responseHeaders,
        templates: body(response.code),
      });
    }
  }

  /**
   * Managed rules and a per-address rate limit in front of the anonymous intake. The common rule set
   * blocks bodies over 8 KB, but a commitment may be up to 64 KiB (`LIMITS.maxBodyBytes`), so that
   * one rule only counts; the handlers enforce the real limit.
   *
   * The rate limit counts the person, not the hop: requests through the site's CloudFront
   * distribution arrive from edge addresses shared by many viewers, so those are counted by the
   * viewer's address in `X-Forwarded-For` (a rule WAF skips when the header is absent), and direct
   * callers by their own address. Trusted relays (a partner's server posting many people's forms)
   * are exempt, matched by their source address or, through CloudFront, by the address CloudFront
   * appended last to `X-Forwarded-For` (which a client cannot forge).
   */
  private addWebAcl(trustedRelayAddresses: readonly string[]): void {
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (priority: number, name: string, ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[]) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) } },
      visibilityConfig: visibility(name),
    });

    const FORWARDED_FOR = 'X-Forwarded-For';
    // Requests that did not come through a proxy: no X-Forwarded-For at all.
    const direct: CfnWebACL.StatementProperty = {
      notStatement: {
        statement: {
          sizeConstraintStatement: {
            fieldToMatch: { singleHeader: { Name: FORWARDED_FOR.toLowerCase() } },
            comparisonOperator: 'GT',
            size: 0,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
      },
    };
    let notRelay: CfnWebACL.StatementProperty | undefined;
    if (trustedRelayAddresses.length > 0) {
      const relays = new CfnIPSet(this, 'TrustedRelays', {
        scope: 'REGIONAL',
        ipAddressVersion: 'IPV4',
        addresses: [...trustedRelayAddresses],
        description: 'Servers relaying many forms from one address - trustedRelayAddresses context',
      });
      notRelay = {
        notStatement: {
          statement: {
            orStatement: {
              statements: [
                { ipSetReferenceStatement: { arn: relays.attrArn } },
                {
                  ipSetReferenceStatement: {
                    arn: relays.attrArn,
                    ipSetForwardedIpConfig: { headerName: FORWARDED_FOR, fallbackBehavior: 'NO_MATCH', position: 'LAST' },
                  },
                },
              ],
            },
          },
        },
      };
    }

    const webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('OpenGovChallengeApi'),
      rules: [
        {
          name: 'RateLimitPerViewer',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: RATE_LIMIT_PER_IP,
              aggregateKeyType: 'FORWARDED_IP',
              forwardedIpConfig: { headerName: FORWARDED_FOR, fallbackBehavior: 'MATCH' },
              ...(notRelay ? { scopeDownStatement: notRelay } : {}),
            },
          },
          visibilityConfig: visibility('RateLimitPerViewer'),
        },
        {
          name: 'RateLimitPerIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: RATE_LIMIT_PER_IP,
              aggregateKeyType: 'IP',
              scopeDownStatement: notRelay ? { andStatement: { statements: [direct, notRelay] } } : direct,
            },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managed(2, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
        managed(4, 'AWSManagedRulesAmazonIpReputationList'),
      ],
    });

    const association = new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
    association.node.addDependency(this.restApi.deploymentStage);
  }
}
