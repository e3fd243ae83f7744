import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEvent, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV, INDEX } from '../../shared/config/constants.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { TABLES } from '../../shared/store/tables.ts';
import { extractWorkflows, type CloudTemplates, type LocalStateMachineSpec } from '../../infra/local/cloud-template.ts';
import { ensureTables, localDynamoClient } from '../../infra/local/dynamodb.ts';
import { startHttpServer, type LocalHttpServer } from '../../infra/local/http-server.ts';
import { createJwtIssuer, LOCAL_CLIENT_ID, TOKEN_LIFETIME_SECONDS } from '../../infra/local/jwt-issuer.ts';
import { cycleDueAt } from '../../infra/local/monthly-timer.ts';
import { startStepFunctions, type LocalStepFunctions } from '../../infra/local/step-functions.ts';
import { startStreamMailer, wakeOnWrites, type StreamHandler } from '../../infra/local/stream-mailer.ts';
import { api, apiJson, platform, tokenFor, waitFor } from '../support/platform.ts';
import { serveOnLoopback } from '../support/loopback-server.ts';

const MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:LocalTest';
const LAMBDA = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/**
 * A miniature of the review workflow: a callback task with a timeout from the state, the Catch
 * rules of ReviewDecision, a Lambda task, and a Wait.
 */
const TEST_MACHINE: LocalStateMachineSpec = {
  name: 'LocalTest',
  arn: MACHINE_ARN,
  definition: {
    StartAt: 'AwaitDecision',
    States: {
      AwaitDecision: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: LAMBDA('store-token'),
          Payload: { 'reference.$': '$.reference', 'taskToken.$': '$$.Task.Token' },
        },
        TimeoutSecondsPath: '$.timeoutSeconds',
        ResultPath: '$.decision',
        Catch: [
          { ErrorEquals: ['DecisionTaskClosed'], ResultPath: '$.error', Next: 'ClosedAtRelease' },
          // Before States.Timeout on purpose: in AWS the States.TaskFailed wildcard does not match a timeout.
          { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'TaskFailed' },
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'CarryOver' },
        ],
        Next: 'Record',
      },
      Record: { Type: 'Task', Resource: LAMBDA('record'), TimeoutSeconds: 10, ResultPath: '$.recorded', Next: 'Pause' },
      Pause: { Type: 'Wait', SecondsPath: '$.pauseSeconds', Next: 'Decided' },
      Decided: { Type: 'Succeed' },
      CarryOver: { Type: 'Task', Resource: LAMBDA('carry-over'), TimeoutSeconds: 10, ResultPath: '$.carried', End: true },
      ClosedAtRelease: { Type: 'Pass', Result: 'closed', ResultPath: '$.outcome', End: true },
      TaskFailed: { Type: 'Fail', Error: 'WrongCatch', Cause: 'States.TaskFailed caught something it must not' },
    },
  },
};

describe('Step Functions stand-in', () => {
  let sfn: LocalStepFunctions;
  let client: SFNClient;
  /** Task tokens the callback handler received, by submission reference. */
  const tokens = new Map<string, string>();
  const calls: { name: string; payload: unknown }[] = [];

  beforeAll(async () => {
    sfn = await startStepFunctions({
      port: 0,
      machines: [TEST_MACHINE],
      log: () => undefined,
      invokeFunction: async (name, payload) => {
        calls.push({ name, payload });
        const event = payload as { reference?: string; taskToken?: string };
        if (name === 'store-token' && event.reference && event.taskToken) tokens.set(event.reference, event.taskToken);
        if (name === 'record') return { recordedAt: 'now' };
        if (name === 'carry-over') return { carriedOver: true };
        return null;
      },
    });
    client = new SFNClient({ endpoint: sfn.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await sfn?.stop();
  });

  async function start(reference: string, input: Record<string, unknown> = {}) {
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: MACHINE_ARN,
        name: `2026-11_${reference}`,
        input: JSON.stringify({ reference, timeoutSeconds: 30, pauseSeconds: 0, ...input }),
      }),
    );
    return executionArn!;
  }
  const describeExecution = (executionArn: string) => client.send(new DescribeExecutionCommand({ executionArn }));
  const tokenOf = (reference: string) => waitFor(() => tokens.get(reference), 5000, 10);
  const finished = (executionArn: string) =>
    waitFor(async () => {
      const described = await describeExecution(executionArn);
      return described.status !== 'RUNNING' ? described : undefined;
    }, 15_000, 25);

  it('hands the handler a task token and resumes on SendTaskSuccess with its output', async () => {
    const executionArn = await start('OGC-1');
    const token = await tokenOf('OGC-1');
    expect(token).toMatch(/^ogc-local-task-token-/);
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');

    await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome: 'eligible' }) }));

    const done = await finished(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ reference: 'OGC-1', decision: { outcome: 'eligible' }, recorded: { recordedAt: 'now' } });
    expect(calls.find((call) => call.name === 'store-token')?.payload).toEqual({ reference: 'OGC-1', taskToken: token });
  });

  it('fails the task on SendTaskFailure with an error its Catch matches by name', async () => {
    const executionArn = await start('OGC-2');
    const token = await tokenOf('OGC-2');
    await client.send(new SendTaskFailureCommand({ taskToken: token, error: 'DecisionTaskClosed', cause: 'released' }));
    const done = await finished(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ outcome: 'closed', error: { Error: 'DecisionTaskClosed', Cause: 'released' } });
  });

  it('times a callback out after TimeoutSecondsPath seconds as States.Timeout (not States.TaskFailed)', async () => {
    const started = Date.now();
    const executionArn = await start('OGC-3', { timeoutSeconds: 1 });
    const done = await finished(executionArn);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ error: { Error: 'States.Timeout' }, carried: { carriedOver: true } });
    // The closed token is refused as in AWS.
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: tokens.get('OGC-3')!, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('keeps timeouts and waits longer than 24.8 days pending instead of firing at once', async () => {
    const fortyDays = 40 * 24 * 3600;
    const waiting = await start('OGC-4', { timeoutSeconds: fortyDays });
    const token = await tokenOf('OGC-4');

    // The Wait state after the callback, with a 40-day SecondsPath, waits too.
    const paused = await start('OGC-5', { pauseSeconds: fortyDays });
    await client.send(new SendTaskSuccessCommand({ taskToken: await tokenOf('OGC-5'), output: '{}' }));
    const history = (executionArn: string) => sfn.engine.getExecutionHistory({ executionArn, maxResults: 1000 }).events as { type: string }[];
    await waitFor(() => history(paused).some((event) => event.type === 'WaitStateEntered'), 5000, 10);

    // Node fires a timer armed beyond 2^31-1 ms at once. The engine's clock, moved on to a minute
    // before both are due (no real time spent), shows the timeout and the wait still pending.
    sfn.engine.clock.advance((fortyDays - 60) * 1000);
    expect((await describeExecution(waiting)).status).toBe('RUNNING');
    expect((await describeExecution(paused)).status).toBe('RUNNING');

    await client.send(new StopExecutionCommand({ executionArn: paused }));
    await client.send(new StopExecutionCommand({ executionArn: waiting, error: 'Test', cause: 'done' }));
    expect((await describeExecution(waiting)).status).toBe('ABORTED');
    // Stopping the execution closed its task token.
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('is idempotent on StartExecution with the same name and input, and refuses a different input', async () => {
    const first = await start('OGC-6');
    const again = await start('OGC-6');
    expect(again).toBe(first);
    await expect(start('OGC-6', { timeoutSeconds: 29 })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });

    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: MACHINE_ARN, statusFilter: 'RUNNING' }));
    expect(listed.executions?.filter((execution) => execution.executionArn === first)).toHaveLength(1);

    await client.send(new SendTaskSuccessCommand({ taskToken: await tokenOf('OGC-6'), output: '{}' }));
    await finished(first);
    // A closed execution's name cannot be reused, whatever the input.
    await expect(start('OGC-6')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('answers TaskTimedOut for a token it never issued, and the AWS errors for unknown resources', async () => {
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new SendTaskFailureCommand({ taskToken: `ogc-local-task-token-${randomUUID()}` }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: `${MACHINE_ARN}Nope`, name: 'x', input: '{}' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(client.send(new DescribeExecutionCommand({ executionArn: `${MACHINE_ARN}:nope` }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN, name: 'bad', input: '{' }))).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
  });

  it('fails an execution with the name of the error a Lambda task throws', async () => {
    const failing = await startStepFunctions({
      port: 0,
      log: () => undefined,
      machines: [
        {
          name: 'Failing',
          arn: `${MACHINE_ARN}Failing`,
          definition: { StartAt: 'Open', States: { Open: { Type: 'Task', Resource: LAMBDA('open'), TimeoutSeconds: 5, End: true } } },
        },
      ],
      invokeFunction: async () => {
        const error = new Error('cycle 2026-10 is already open');
        error.name = 'CycleAlreadyOpen';
        throw error;
      },
    });
    try {
      const { executionArn } = failing.engine.startExecution({ stateMachineArn: `${MACHINE_ARN}Failing`, name: 'cycle-2026-10', input: '{}' });
      const done = await failing.engine.waitForExecution(executionArn);
      expect(done).toMatchObject({ status: 'FAILED', error: 'CycleAlreadyOpen' });
      expect(JSON.parse(String(done.cause))).toMatchObject({ errorType: 'CycleAlreadyOpen', errorMessage: 'cycle 2026-10 is already open' });
    } finally {
      await failing.stop();
    }
  });
});

describe('state machines from the synthesized templates', () => {
  it('resolves Fn::Join / Fn::GetAtt tokens to local ARNs, names machines and finds their environment variables', () => {
    const templates: CloudTemplates = {
      stateful: {
        Resources: { SubmissionsTable0A1B2C3D: { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} } },
        Outputs: {
          ExportSubmissionsStream: {
            Value: { 'Fn::GetAtt': ['SubmissionsTable0A1B2C3D', 'StreamArn'] },
            Export: { Name: 'Stateful:SubmissionsStream' },
          },
        },
      },
      stateless: {
        Resources: {
          AwaitFn1234: { Type: 'AWS::Lambda::Function', Metadata: { 'ogc:function': 'review-await-decision' }, Properties: {} },
          StartFn5678: {
            Type: 'AWS::Lambda::Function',
            Metadata: { 'ogc:function': 'start-cycle' },
            Properties: { Environment: { Variables: { [ENV.decisionStateMachineArn]: { Ref: 'DecisionMachine9ABC' }, OTHER: 'plain' } } },
          },
          MailerFn: { Type: 'AWS::Lambda::Function', Metadata: { 'ogc:function': 'mailer' }, Properties: {} },
          DecisionMachine9ABC: {
            Type: 'AWS::StepFunctions::StateMachine',
            Metadata: { 'ogc:state-machine': 'ReviewDecision' },
            Properties: {
              DefinitionString: {
                'Fn::Join': [
                  '',
                  [
                    '{"StartAt":"Await","States":{"Await":{"Type":"Task","Resource":"arn:',
                    { Ref: 'AWS::Partition' },
                    ':states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"',
                    { 'Fn::GetAtt': ['AwaitFn1234', 'Arn'] },
                    '","Payload":{"taskToken.$":"$$.Task.Token"}},"TimeoutSecondsPath":"$.timeoutSeconds","End":true}}}',
                  ],
                ],
              },
            },
          },
          Mapping: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: {
              FunctionName: { Ref: 'MailerFn' },
              EventSourceArn: { 'Fn::ImportValue': 'Stateful:SubmissionsStream' },
              BatchSize: 10,
              MaximumRetryAttempts: 3,
              FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
            },
          },
        },
      },
    };
    const workflows = extractWorkflows(templates, 'ogc-');
    expect(workflows.machines).toHaveLength(1);
    expect(workflows.machines[0]).toMatchObject({
      name: 'ReviewDecision',
      arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:ReviewDecision',
      definition: {
        States: {
          Await: {
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:review-await-decision' },
          },
        },
      },
    });
    expect(workflows.environment).toEqual({ [ENV.decisionStateMachineArn]: 'arn:aws:states:us-east-1:000000000000:stateMachine:ReviewDecision' });
    expect(workflows.streamSources).toEqual([
      { tableName: 'ogc-submissions', batchSize: 10, maxAttempts: 4, bisectOnError: false, filters: [{ eventName: ['INSERT'] }] },
    ]);
  });

  it('runs the machines of the real CDK app (both names in the environment, definitions accepted by the interpreter)', () => {
    const { stateMachines, environment } = platform();
    // Empty only while infra/synth.ts does not exist; then the platform warned at start.
    if (Object.keys(stateMachines).length === 0) return;
    expect(Object.keys(stateMachines).sort()).toEqual(['ReviewCycle', 'ReviewDecision']);
    expect(environment[ENV.reviewStateMachineArn]).toBe(stateMachines.ReviewCycle);
    expect(environment[ENV.decisionStateMachineArn]).toBe(stateMachines.ReviewDecision);
  });
});

describe('DynamoDB Local tables', () => {
  it('keeps each table prefix of the test run in a database of its own', async () => {
    const { dynamoEndpoint, tables } = platform();
    const own = localDynamoClient(dynamoEndpoint);
    const elsewhere = localDynamoClient(dynamoEndpoint, 'elsewhere-');
    try {
      expect((await own.send(new ListTablesCommand({}))).TableNames).toEqual(expect.arrayContaining(Object.values(tables)));
      const seenElsewhere = (await elsewhere.send(new ListTablesCommand({}))).TableNames ?? [];
      for (const table of Object.values(tables)) expect(seenElsewhere).not.toContain(table);
    } finally {
      own.destroy();
      elsewhere.destroy();
    }
  });

  it('creates every declared table with its indexes, an outbox stream and TTL', async () => {
    const { dynamoEndpoint, tables } = platform();
    const client = localDynamoClient(dynamoEndpoint);
    try {
      for (const declaration of TABLES) {
        const tableName = tables[declaration.envVar]!;
        expect(tableName).toBe(`ogc-${declaration.id.toLowerCase()}`);
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        expect(Table?.KeySchema).toEqual([
          { AttributeName: declaration.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: declaration.sortKey.name, KeyType: 'RANGE' },
        ]);
        expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
          declaration.indexes.map((index) => index.indexName).sort(),
        );
        expect(Table?.StreamSpecification?.StreamEnabled ?? false).toBe(declaration.streamsOutbox);
        const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
        if (declaration.timeToLiveAttribute) {
          expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: declaration.timeToLiveAttribute });
        }
      }
      expect(Object.values(INDEX).every((index) => TABLES.some((table) => table.indexes.some((declared) => declared.indexName === index)))).toBe(true);
    } finally {
      client.destroy();
    }
  });
});

describe('stream reader (the local event source mapping)', () => {
  const prefix = `t${randomUUID().slice(0, 8)}-`;
  const submissions = TABLES.find((table) => table.id === 'Submissions')!;
  const tableName = `${prefix}submissions`;
  let client: ReturnType<typeof localDynamoClient>;
  const put = (pk: string, sk: string, extra: Record<string, { S: string }> = {}) =>
    client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: sk }, ...extra } }));

  beforeAll(async () => {
    client = localDynamoClient(platform().dynamoEndpoint, prefix);
    await ensureTables(client, prefix, { tables: [submissions] });
  });
  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
  });

  it('delivers records as Lambda stream events, from before it started, honouring filters and partial batch failures', async () => {
    // Written before the reader starts: TRIM_HORIZON must still deliver it.
    await put('SUB#early', 'MAIL#1', { subject: { S: 'early' } });

    const batches: DynamoDBStreamEvent[] = [];
    const attempts = new Map<string, number>();
    const handler: StreamHandler = async (event) => {
      batches.push(event);
      const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        const key = `${record.dynamodb?.Keys?.pk?.S}`;
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        // SUB#flaky fails once then succeeds; SUB#poison never does.
        if ((key === 'SUB#flaky' && attempt === 1) || key === 'SUB#poison') failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
      }
      return { batchItemFailures: failures };
    };
    const mailer = await startStreamMailer({
      dynamoEndpoint: platform().dynamoEndpoint,
      tablePrefix: prefix,
      sources: [{ tableName, maxAttempts: 3, filters: [{ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'MAIL#' }] } } } }] }],
      handler,
      pollIntervalMs: 50,
      retryBaseMs: 20,
      log: () => undefined,
    });
    try {
      await put('SUB#flaky', 'MAIL#2');
      await put('SUB#ignored', 'SUBMISSION'); // filtered out: not an outbox item
      await put('SUB#poison', 'MAIL#3');

      await waitFor(() => mailer.deadLetters.length > 0 && (attempts.get('SUB#flaky') ?? 0) >= 2, 15_000, 25);
      const delivered = batches.flatMap((batch) => batch.Records);
      const early = delivered.find((record) => record.dynamodb?.Keys?.pk?.S === 'SUB#early');
      expect(early).toMatchObject({
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        eventVersion: expect.any(String),
        eventID: expect.any(String),
        eventSourceARN: expect.stringMatching(new RegExp(`^arn:aws:dynamodb:us-east-1:\\d+:table/${tableName}/stream/`)),
        dynamodb: {
          Keys: { pk: { S: 'SUB#early' }, sk: { S: 'MAIL#1' } },
          NewImage: { pk: { S: 'SUB#early' }, sk: { S: 'MAIL#1' }, subject: { S: 'early' } },
          SequenceNumber: expect.any(String),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
          ApproximateCreationDateTime: expect.any(Number),
        },
      });
      expect(delivered.some((record) => record.dynamodb?.Keys?.pk?.S === 'SUB#ignored')).toBe(false);
      // Retried after its reported failure, then done.
      expect(attempts.get('SUB#flaky')).toBe(2);
      // Three attempts, then a dead letter holding exactly the failed record.
      await waitFor(() => attempts.get('SUB#poison') === 3, 5000, 25);
      expect(mailer.deadLetters).toHaveLength(1);
      expect(mailer.deadLetters[0]!.records.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['SUB#poison']);
    } finally {
      await mailer.stop();
    }
  });

  it('polls an idle shard less and less often, and a write through the woken client is delivered at once', async () => {
    // A proxy in front of DynamoDB Local counts the reader's GetRecords calls.
    let polls = 0;
    const proxy = await serveOnLoopback((req, res) => {
      if (String(req.headers['x-amz-target']).endsWith('.GetRecords')) polls++;
      const upstream = http.request(`${platform().dynamoEndpoint}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    const delivered = new Set<string>();
    const mailer = await startStreamMailer({
      dynamoEndpoint: proxy.url,
      tablePrefix: prefix,
      sources: [tableName],
      handler: async (event) => {
        for (const record of event.Records) delivered.add(String(record.dynamodb?.Keys?.pk?.S));
      },
      pollIntervalMs: 8,
      idlePollMaxMs: 3_600_000,
      log: () => undefined,
    });
    const unhook = wakeOnWrites(client, mailer);
    try {
      await mailer.drained();
      // Nothing written: the waits double from 8 ms, so eight polls take two seconds, not 64 ms, and the next wait is longer still.
      const idleFrom = polls;
      const idleSince = Date.now();
      await waitFor(() => polls >= idleFrom + 8, 20_000, 25);
      expect(Date.now() - idleSince).toBeGreaterThan(1000);
      // A write through the hooked client ends that wait (2 s by now): delivered well before the reader would have polled again.
      await put('SUB#woken', 'MAIL#1');
      await waitFor(() => delivered.has('SUB#woken'), 1500, 10);
    } finally {
      unhook();
      await mailer.stop();
      await proxy.close();
    }
  });
});

describe('API server', () => {
  it('answers unknown routes and methods in the API error shape', async () => {
    const missing = await apiJson('/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });

    const wrongMethod = await apiJson('/v1/areas', { method: 'POST', json: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(wrongMethod.body).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
  });

  it('refuses bodies over API Gateway’s 10 MB limit', async () => {
    const response = await api('/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('issues dev tokens that verify against the published JWKS with the configured issuer and audience', async () => {
    const { apiUrl, environment } = platform();
    const token = await tokenFor('admin@example.org');
    const jwks = createRemoteJWKSet(new URL(`${apiUrl}/local/.well-known/jwks.json`));
    const { payload } = await jwtVerify(token, jwks, { issuer: environment[ENV.jwtIssuer], audience: environment[ENV.jwtAudience] });
    // The claims of a Cognito ID token for the console's app client, valid for the client's hour.
    expect(payload).toMatchObject({ email: 'admin@example.org', 'cognito:groups': ['admin', 'reviewer'], aud: LOCAL_CLIENT_ID, token_use: 'id' });
    expect(payload.exp! - payload.iat!).toBe(TOKEN_LIFETIME_SECONDS);
    expect(environment[ENV.jwtJwksUrl]).toBe(`${apiUrl}/local/.well-known/jwks.json`);

    const stranger = await apiJson('/local/auth/token', { method: 'POST', json: { email: 'someone@example.org' } });
    expect(stranger.status).toBe(403);
  });

  describe('as API Gateway in front of a handler', () => {
    let server: LocalHttpServer;
    let seen: APIGatewayProxyEvent | undefined;
    beforeAll(async () => {
      server = await startHttpServer({
        port: 0,
        routes: ROUTES,
        logErrors: false,
        localPages: { jwt: await createJwtIssuer({ apiUrl: 'http://localhost:1', dataDir: null }), links: {} },
        resolveHandler: async (functionName) => async (event: APIGatewayProxyEvent) => {
          seen = event;
          if (functionName === 'withdraw-submission') throw new Error('boom');
          return {
            statusCode: 201,
            headers: { 'content-type': 'application/json', 'x-dropped': undefined, 'x-kept': 'yes' },
            multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
            body: JSON.stringify({ functionName }),
          };
        },
      });
    });
    afterAll(() => server?.stop());

    function rawRequest(path: string, method: string, headers: Record<string, string>, body?: Buffer) {
      return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const request = http.request(`${server.url}${path}`, { method, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }));
        });
        request.on('error', reject);
        request.end(body);
      });
    }

    it('builds a REST proxy event (resource, path parameters, query, raw header names, binary body) and writes the result back', async () => {
      const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
      const response = await rawRequest('/v1/submissions/OGC-2026-11-0042/answer?token=abc&tag=x&tag=y', 'POST', { 'X-Custom-Header': 'Value' }, binary);
      expect(response.status).toBe(201);
      expect(JSON.parse(response.body)).toEqual({ functionName: 'answer-submission' });
      expect(response.headers['x-kept']).toBe('yes');
      expect(response.headers['x-dropped']).toBeUndefined();
      expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);

      expect(seen).toMatchObject({
        resource: '/v1/submissions/{reference}/answer',
        path: '/v1/submissions/OGC-2026-11-0042/answer',
        httpMethod: 'POST',
        pathParameters: { reference: 'OGC-2026-11-0042' },
        queryStringParameters: { token: 'abc', tag: 'y' },
        multiValueQueryStringParameters: { token: ['abc'], tag: ['x', 'y'] },
        isBase64Encoded: true,
        body: binary.toString('base64'),
        requestContext: { resourcePath: '/v1/submissions/{reference}/answer', identity: { sourceIp: '127.0.0.1' } },
      });
      expect(seen?.headers['X-Custom-Header']).toBe('Value');
      expect(seen?.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('passes a UTF-8 body as text and prefers literal path segments', async () => {
      await rawRequest('/v1/reforms.csv', 'GET', {});
      expect(seen).toMatchObject({ resource: '/v1/reforms.csv', pathParameters: null, queryStringParameters: null, body: null });
      await rawRequest('/v1/stories', 'POST', { 'content-type': 'application/json' }, Buffer.from('{"title":"Café"}'));
      expect(seen).toMatchObject({ body: '{"title":"Café"}', isBase64Encoded: false });
    });

    it('turns a handler that throws into a 502 in the error shape', async () => {
      const response = await rawRequest('/v1/submissions/OGC-1/withdraw', 'POST', {});
      expect(response.status).toBe(502);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'internal' } });
    });
  });
});

describe('monthly timer', () => {
  it('is due at 06:xx on the 1st in the review time zone, for the month just ended', () => {
    expect(cycleDueAt(new Date('2026-12-01T06:00:00Z'), 'UTC')).toBe('2026-11');
    expect(cycleDueAt(new Date('2027-01-01T06:59:00Z'), 'UTC')).toBe('2026-12');
    expect(cycleDueAt(new Date('2026-12-01T05:59:00Z'), 'UTC')).toBeUndefined();
    expect(cycleDueAt(new Date('2026-12-02T06:00:00Z'), 'UTC')).toBeUndefined();
    // 06:00 in Paris is 05:00 UTC in winter.
    expect(cycleDueAt(new Date('2026-12-01T05:00:00Z'), 'Europe/Paris')).toBe('2026-11');
    expect(cycleDueAt(new Date('2026-12-01T06:00:00Z'), 'Europe/Paris')).toBeUndefined();
  });
});
