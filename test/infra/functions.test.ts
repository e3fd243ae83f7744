import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServiceFunction, handlerEntry, LAMBDA_RUNTIME } from '../../infra/constructs/lambda-function.ts';
import { FUNCTION_DEFAULTS } from '../../infra/settings.ts';
import { ENV } from '../../shared/config/constants.ts';
import { MAIL_PREFIX } from '../../shared/mail/outbox.ts';
import { HTTP_FUNCTIONS } from '../../shared/http/routes.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';
import { TABLES } from '../../shared/store/tables.ts';
import { resourcesOfType, synthesizeApp, SYNTH_TIMEOUT_MS, type Resources, type Synthesized } from './synthesized.ts';

const EXPECTED_FUNCTIONS = [...HTTP_FUNCTIONS, ...Object.values(REVIEW_FUNCTIONS), 'mailer', 'ses-events', 'seed-registry', 'designation-reminders'];

let synthesized: Synthesized;
let functions: Map<string, { logicalId: string; properties: any }>;
let logGroups: Resources;
let policies: Resources;

beforeAll(() => {
  synthesized = synthesizeApp();
  functions = new Map();
  for (const [logicalId, resource] of Object.entries(resourcesOfType(synthesized.statelessTemplate, 'AWS::Lambda::Function'))) {
    const name = resource.Metadata?.['ogc:function'];
    if (name) functions.set(name, { logicalId, properties: resource.Properties });
  }
  logGroups = resourcesOfType(synthesized.statelessTemplate, 'AWS::Logs::LogGroup');
  policies = resourcesOfType(synthesized.statelessTemplate, 'AWS::IAM::Policy');
}, SYNTH_TIMEOUT_MS);

function fn(name: string) {
  const found = functions.get(name);
  expect(found, `function ${name}`).toBeDefined();
  return found!;
}

/** The statements of the inline policy attached to a function's role. */
function statementsOf(name: string): any[] {
  const role = fn(name).properties.Role['Fn::GetAtt'][0];
  return Object.values(policies)
    .filter((policy) => policy.Properties.Roles.some((r: any) => r.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: any): string[] => [statement.Action].flat();

describe('Lambda functions', () => {
  it('exist once for every HTTP entry point, review step, the mailer and the registry seeder', () => {
    expect([...functions.keys()].sort()).toEqual([...new Set(EXPECTED_FUNCTIONS)].sort());
  });

  it('run on the newest Node.js runtime this aws-cdk-lib knows, on ARM64', () => {
    const newestNode = Runtime.ALL.filter((runtime) => runtime.name.startsWith('nodejs'))
      .map((runtime) => runtime.name)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .at(-1);
    expect(LAMBDA_RUNTIME.name).toBe(newestNode);
    for (const [name, { properties }] of functions) {
      expect(properties.Runtime, name).toBe(LAMBDA_RUNTIME.name);
      expect(properties.Architectures, name).toEqual(['arm64']);
      expect(properties.TracingConfig, name).toEqual({ Mode: 'Active' });
    }
  });

  it('log to their own log group with a retention', () => {
    for (const [name, { properties }] of functions) {
      const logGroupId = properties.LoggingConfig?.LogGroup?.Ref;
      expect(logGroupId, name).toBeDefined();
      expect(logGroups[logGroupId]?.Properties.RetentionInDays, name).toBeGreaterThan(0);
    }
  });

  it('run under their own role, which may write only to their own log group', () => {
    const roles = resourcesOfType(synthesized.statelessTemplate, 'AWS::IAM::Role');
    for (const [name, { properties }] of functions) {
      const roleId = properties.Role['Fn::GetAtt'][0];
      expect(roles[roleId]?.Properties.ManagedPolicyArns, name).toBeUndefined();
      const logWrites = statementsOf(name).filter((s) => actionsOf(s).includes('logs:PutLogEvents'));
      expect(logWrites.map((s) => s.Resource), name).toEqual([{ 'Fn::GetAtt': [properties.LoggingConfig.LogGroup.Ref, 'Arn'] }]);
    }
  });

  it('have 512 or 1024 MB and a timeout that fits their caller', () => {
    for (const [name, { properties }] of functions) {
      expect([512, 1024], name).toContain(properties.MemorySize);
    }
    for (const name of HTTP_FUNCTIONS) {
      // API Gateway's integration timeout is 29 s.
      expect(fn(name).properties.Timeout, name).toBeLessThan(29);
    }
    for (const name of Object.values(REVIEW_FUNCTIONS)) {
      expect(fn(name).properties.Timeout, name).toBe(FUNCTION_DEFAULTS.workflowTimeout.toSeconds());
    }
  });

  it('all learn every table name (shared/config/env.ts requires them) and the mail addresses', () => {
    for (const [name, { properties }] of functions) {
      const variables = properties.Environment.Variables;
      for (const table of TABLES) expect(variables[table.envVar], `${name} ${table.envVar}`).toBeDefined();
      for (const key of [ENV.mailFrom, ENV.supportUnitEmail, ENV.reviewersEmail, ENV.publicBaseUrl, ENV.reviewDeadlineDays, ENV.reviewTimeZone]) {
        expect(variables[key], `${name} ${key}`).toBeDefined();
      }
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('give HTTP functions what they need to verify staff ID tokens', () => {
    for (const name of HTTP_FUNCTIONS) {
      const variables = fn(name).properties.Environment.Variables;
      expect(variables[ENV.jwtIssuer], name).toBeDefined();
      expect(variables[ENV.jwtJwksUrl], name).toBeDefined();
      expect(variables[ENV.jwtAudience], name).toBeDefined();
    }
  });

  it('give state machine ARNs only to the functions that start executions or read where a run stands', () => {
    const withDecisionArn = [...functions].filter(([, f]) => f.properties.Environment.Variables[ENV.decisionStateMachineArn]).map(([n]) => n);
    const withReviewArn = [...functions].filter(([, f]) => f.properties.Environment.Variables[ENV.reviewStateMachineArn]).map(([n]) => n);
    expect(withDecisionArn).toEqual([REVIEW_FUNCTIONS.startDecisions]);
    expect(withReviewArn.sort()).toEqual(['get-cycle', 'resume-cycle', 'start-cycle']);
  });

  it('let only the starters start executions, each on its own state machine', () => {
    const starts = (name: string) => statementsOf(name).filter((s) => actionsOf(s).includes('states:StartExecution'));
    const starters = ['start-cycle', 'resume-cycle', REVIEW_FUNCTIONS.startDecisions];
    for (const [name] of functions) expect(starts(name), name).toHaveLength(starters.includes(name) ? 1 : 0);
    const resourceOf = (name: string) => starts(name)[0].Resource.Ref as string;
    expect(resourceOf('start-cycle')).toMatch(/^ReviewWorkflowReviewCycle/);
    expect(resourceOf('resume-cycle')).toMatch(/^ReviewWorkflowReviewCycle/);
    expect(resourceOf(REVIEW_FUNCTIONS.startDecisions)).toMatch(/^ReviewWorkflowReviewDecision/);
  });

  it('let the cycle functions describe only the runs of ReviewCycle', () => {
    const describes = (name: string) => statementsOf(name).filter((s) => actionsOf(s).includes('states:DescribeExecution'));
    const readers = ['get-cycle', 'resume-cycle', 'start-cycle'];
    for (const [name] of functions) expect(describes(name), name).toHaveLength(readers.includes(name) ? 1 : 0);
    for (const name of readers) expect(JSON.stringify(describes(name)[0].Resource), name).toMatch(/:execution:.*ReviewWorkflowReviewCycle.*:\*/);
  });

  it('let only the decision, release and waiting-step functions answer task tokens', () => {
    const answering = [...functions.keys()].filter((name) => statementsOf(name).some((s) => actionsOf(s).includes('states:SendTaskSuccess')));
    expect(answering.sort()).toEqual(
      ['record-decision', 'release-cycle', REVIEW_FUNCTIONS.releasePage, REVIEW_FUNCTIONS.awaitDecision, REVIEW_FUNCTIONS.awaitRelease].sort(),
    );
  });

  it('keep anonymous intake from writing the review table and read-only routes from writing at all', () => {
    const writes = (name: string) =>
      statementsOf(name)
        .filter((s) => actionsOf(s).includes('dynamodb:PutItem'))
        .flatMap((s) => [s.Resource].flat())
        .map((resource) => JSON.stringify(resource));
    expect(writes('create-submission').every((r) => r.includes('Submissions'))).toBe(true);
    expect(writes('create-submission').length).toBeGreaterThan(0);
    expect(writes('create-story').every((r) => r.includes('Submissions'))).toBe(true);
    for (const name of ['list-areas', 'list-members', 'list-reforms', 'export-reforms', 'get-stats', 'get-audit', 'openapi']) {
      expect(writes(name), name).toEqual([]);
    }
  });

  it('grant table access by name, index by index, without wildcards', () => {
    for (const [name] of functions) {
      for (const statement of statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams'))) {
        expect(JSON.stringify(statement.Resource), name).not.toContain('*');
      }
    }
  });
});

describe('mailer', () => {
  const mappings = () => Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::Lambda::EventSourceMapping'));

  it('reads the stream of every outbox table, reporting partial batch failures to an encrypted dead-letter queue', () => {
    const queues = resourcesOfType(synthesized.statelessTemplate, 'AWS::SQS::Queue');
    expect(mappings()).toHaveLength(TABLES.filter((table) => table.streamsOutbox).length);
    for (const mapping of mappings()) {
      const properties = mapping.Properties;
      expect(properties.FunctionName.Ref).toBe(fn('mailer').logicalId);
      expect(JSON.stringify(properties.EventSourceArn)).toContain('StreamArn');
      expect(properties.StartingPosition).toBe('TRIM_HORIZON');
      expect(properties.BatchSize).toBe(10);
      expect(properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(properties.ParallelizationFactor).toBe(1);
      expect(properties.BisectBatchOnFunctionError).toBe(true);
      expect(properties.MaximumRetryAttempts).toBe(10);
      expect(properties.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
      const queueId = properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      expect(queues[queueId]?.Properties.SqsManagedSseEnabled).toBe(true);
    }
    const tableNames = mappings().map((mapping) => JSON.stringify(mapping.Properties.EventSourceArn));
    for (const table of TABLES.filter((t) => t.streamsOutbox)) expect(tableNames.some((arn) => arn.includes(table.id))).toBe(true);
  });

  it('is woken only by new outbox items', () => {
    for (const mapping of mappings()) {
      const patterns = mapping.Properties.FilterCriteria.Filters.map((filter: { Pattern: string }) => JSON.parse(filter.Pattern));
      expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: MAIL_PREFIX }] } } } }]);
    }
  });

  it('denies non-TLS access to its dead-letter queues', () => {
    const queuePolicies = Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::SQS::QueuePolicy'));
    const queues = Object.keys(resourcesOfType(synthesized.statelessTemplate, 'AWS::SQS::Queue'));
    for (const queue of queues) {
      const policy = queuePolicies.find((p) => p.Properties.Queues.some((q: any) => q.Ref === queue));
      const denies = policy?.Properties.PolicyDocument.Statement.find((s: any) => s.Effect === 'Deny');
      expect(denies?.Condition, queue).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    }
  });

  it('may send mail only as the configured identity through the configuration set', () => {
    const sends = statementsOf('mailer').filter((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(sends).toHaveLength(1);
    const resources = sends[0].Resource.map((resource: unknown) => JSON.stringify(resource));
    expect(resources).toHaveLength(2);
    expect(resources.some((r: string) => r.includes(':identity/') && r.includes('"Ref":"SesIdentity"'))).toBe(true);
    expect(resources.some((r: string) => r.includes(':configuration-set/'))).toBe(true);
    const configurationSet = fn('mailer').properties.Environment.Variables[ENV.sesConfigurationSet];
    expect(Object.keys(resourcesOfType(synthesized.statelessTemplate, 'AWS::SES::ConfigurationSet'))).toContain(configurationSet.Ref);
    const others = [...functions.keys()].filter((name) => name !== 'mailer' && statementsOf(name).some((s) => actionsOf(s).some((a) => a.startsWith('ses:'))));
    expect(others).toEqual(['admin-lift-suppression']);
    // Lifting a suppression takes the address off the account's suppression list, and can do nothing else with SES.
    expect(statementsOf('admin-lift-suppression').flatMap(actionsOf).filter((action: string) => action.startsWith('ses:'))).toEqual(['ses:DeleteSuppressedDestination']);
  });

  it('raises an alarm when a batch lands in the dead-letter queue', () => {
    const alarms = Object.values(resourcesOfType(synthesized.statelessTemplate, 'AWS::CloudWatch::Alarm'));
    const dlqAlarm = alarms.find((alarm) =>
      JSON.stringify(alarm.Properties.Dimensions ?? []).includes('NotificationsMailerFailures'),
    );
    expect(dlqAlarm?.Properties.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(dlqAlarm?.Properties.AlarmActions).toHaveLength(1);
  });
});

describe('bounces and complaints', () => {
  const ofType = (type: string) => Object.entries(resourcesOfType(synthesized.statelessTemplate, type));

  it('flow from the configuration set through an SNS topic to ses-events', () => {
    const destinations = ofType('AWS::SES::ConfigurationSetEventDestination');
    expect(destinations).toHaveLength(1);
    const [, destination] = destinations[0]!;
    const configurationSet = fn('mailer').properties.Environment.Variables[ENV.sesConfigurationSet];
    expect(destination.Properties.ConfigurationSetName).toEqual(configurationSet);
    expect([...destination.Properties.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint']);
    const topicRef = destination.Properties.EventDestination.SnsDestination.TopicARN.Ref;

    const subscriptions = ofType('AWS::SNS::Subscription').filter(([, subscription]) => subscription.Properties.TopicArn.Ref === topicRef);
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]![1].Properties.Protocol).toBe('lambda');
    expect(subscriptions[0]![1].Properties.Endpoint['Fn::GetAtt'][0]).toBe(fn('ses-events').logicalId);

    const publishers = ofType('AWS::SNS::TopicPolicy')
      .filter(([, policy]) => policy.Properties.Topics.some((topic: any) => topic.Ref === topicRef))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => statement.Effect === 'Allow' && actionsOf(statement).includes('sns:Publish'));
    expect(publishers.map((statement: any) => statement.Principal.Service)).toEqual(['ses.amazonaws.com']);
  });

  it('that cannot be recorded are kept in an encrypted queue that raises an alarm', () => {
    const [config] = ofType('AWS::Lambda::EventInvokeConfig')
      .map(([, resource]) => resource.Properties)
      .filter((properties) => properties.FunctionName.Ref === fn('ses-events').logicalId);
    expect(config?.MaximumRetryAttempts).toBe(2);
    const queueId = config?.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(resourcesOfType(synthesized.statelessTemplate, 'AWS::SQS::Queue')[queueId]?.Properties.SqsManagedSseEnabled).toBe(true);
    const alarm = ofType('AWS::CloudWatch::Alarm').find(([, resource]) => JSON.stringify(resource.Properties.Dimensions ?? []).includes(queueId));
    expect(alarm?.[1].Properties.AlarmActions).toHaveLength(1);
  });

  it('are recorded by a function that writes the tables and sends no mail', () => {
    const writes = statementsOf('ses-events').filter((statement) => actionsOf(statement).includes('dynamodb:PutItem'));
    expect(writes.length).toBe(TABLES.length);
    expect(statementsOf('ses-events').some((statement) => actionsOf(statement).some((action) => action.startsWith('ses:')))).toBe(false);
  });
});

describe('bundling', () => {
  const entry = handlerEntry('health');

  it.skipIf(!existsSync(entry))('emits a minified ESM bundle with a require shim, a source map, and no AWS SDK', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ogc-bundle-test-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'BundleProbe');
      createServiceFunction(stack, { name: 'health', timeout: FUNCTION_DEFAULTS.httpTimeout });
      app.synth();
      const assetDir = readdirSync(outdir).find((entryName) => entryName.startsWith('asset.'));
      expect(assetDir).toBeDefined();
      const files = readdirSync(join(outdir, assetDir!));
      expect(files).toContain('index.mjs');
      expect(files).toContain('index.mjs.map');
      const bundle = readFileSync(join(outdir, assetDir!, 'index.mjs'), 'utf8');
      expect(bundle.startsWith('import { createRequire as __ogcCreateRequire }')).toBe(true);
      expect(bundle).not.toMatch(/node_modules\/@aws-sdk\//);
      expect(bundle).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});
