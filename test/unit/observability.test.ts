import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfig } from '../../shared/config/env.ts';
import { submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { logger } from '../../shared/http/logger.ts';
import { countEmailsBounced, countEmailsComplained, countEmailsSent, countSubmissionAccepted, countSubmissionRefused } from '../../shared/observability/metrics.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/names.ts';
import { traced } from '../../shared/observability/tracer.ts';

/** Powertools writes through its own console on process.stdout/stderr, not the global console. */
function captureOutput(): { lines: () => any[] } {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line)),
  };
}

const savedEnv = { ...process.env };

beforeEach(() => {
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  delete process.env.LOG_LEVEL;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...savedEnv };
});

describe('metrics', () => {
  it('publish an EMF document per count on Lambda, with the namespace, the service and the code', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'create-submission';
    const output = captureOutput();
    countSubmissionRefused('validation_failed');
    countSubmissionAccepted();
    const [refused, accepted] = output.lines();

    expect(refused._aws.CloudWatchMetrics).toEqual([
      { Namespace: METRICS_NAMESPACE, Dimensions: [['service', 'code']], Metrics: [{ Name: 'SubmissionsRefused', Unit: 'Count' }] },
    ]);
    expect(refused).toMatchObject({ service: SERVICE_NAME, code: 'validation_failed', SubmissionsRefused: 1 });
    // A dimension of one count does not leak into the next.
    expect(accepted._aws.CloudWatchMetrics[0]).toMatchObject({ Dimensions: [['service']], Metrics: [{ Name: 'SubmissionsAccepted', Unit: 'Count' }] });
    expect(accepted.code).toBeUndefined();
    expect(accepted.SubmissionsAccepted).toBe(1);
  });

  it('count a batch as one value, and nothing when there is nothing to count', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'mailer';
    const output = captureOutput();
    countEmailsSent(0);
    countEmailsSent(7);
    const lines = output.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0].EmailsSent).toBe(7);
  });

  it('count bounced and complaining recipients under their own names', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'ses-events';
    const output = captureOutput();
    countEmailsBounced(2);
    countEmailsComplained(1);
    const [bounced, complained] = output.lines();
    expect(bounced._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRICS_NAMESPACE, Metrics: [{ Name: 'EmailsBounced', Unit: 'Count' }] });
    expect(bounced.EmailsBounced).toBe(2);
    expect(complained._aws.CloudWatchMetrics[0]).toMatchObject({ Metrics: [{ Name: 'EmailsComplained', Unit: 'Count' }] });
    expect(complained.EmailsComplained).toBe(1);
  });

  it('stay silent off Lambda (the local platform, tests), unless explicitly enabled', () => {
    const output = captureOutput();
    countSubmissionAccepted();
    expect(output.lines()).toEqual([]);
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    countSubmissionAccepted();
    expect(output.lines()).toHaveLength(1);
  });

  it('can be switched off on Lambda', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'create-submission';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const output = captureOutput();
    countSubmissionAccepted();
    expect(output.lines()).toEqual([]);
  });
});

describe('tracer', () => {
  const isXRayMiddleware = (name: string) => name.startsWith('XRaySDKInstrumentation');
  const instrumented = (client: DynamoDBClient) => client.middlewareStack.identify().some(isXRayMiddleware);

  it('leaves the SDK clients untouched off Lambda, without loading the X-Ray SDK', () => {
    expect(instrumented(traced(new DynamoDBClient({ region: 'eu-west-1' })))).toBe(false);
    // The X-Ray SDK's context library registers its namespace on process when it loads, with an
    // async hook that would track every promise of the process.
    expect(Reflect.get(process, 'namespaces')).toBeUndefined();
  });

  it('captures the SDK clients on Lambda', async () => {
    // In a Node process of its own, with the Lambda environment: once loaded, the X-Ray SDK hooks
    // every promise and every fetch of its process, which must not outlive this test in the worker.
    const script = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "const { traced } = await import('./shared/observability/tracer.ts');",
      "const names = traced(new DynamoDBClient({ region: 'eu-west-1' })).middlewareStack.identify();",
      'console.log(JSON.stringify(names));',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', NODE_OPTIONS: '' },
    });
    const names: string[] = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(names.some(isXRayMiddleware)).toBe(true);
  });
});

describe('the HTTP stack', () => {
  /** The real middy stack with the intake's body schema; refused before the handler runs. */
  const intake = httpHandler({ body: submissionRequestSchema }, async () => ({ status: 201, body: {} }));

  function post(resource: string, contentType: string): APIGatewayProxyEvent {
    return {
      resource,
      path: resource,
      httpMethod: 'POST',
      headers: { 'Content-Type': contentType },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: '{}',
      isBase64Encoded: false,
      requestContext: { requestId: 'metrics-test' } as APIGatewayProxyEvent['requestContext'],
    };
  }

  it('counts a refused submission by its error code, and refusals on other routes not at all', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'create-submission';
    resetConfig();
    const output = captureOutput();
    const refused = await intake(post('/v1/submissions', 'text/plain'), { awsRequestId: 'req-1' } as Context);
    const emf = output.lines().filter((line) => line._aws);
    vi.restoreAllMocks();
    expect(refused.statusCode).toBe(415);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ code: 'unsupported_media_type', SubmissionsRefused: 1 });

    const elsewhere = captureOutput();
    const other = await intake(post('/v1/stories', 'text/plain'), { awsRequestId: 'req-2' } as Context);
    expect(other.statusCode).toBe(415);
    expect(elsewhere.lines().filter((line) => line._aws)).toEqual([]);
  });
});

describe('logger', () => {
  it('writes one JSON line with the service, the correlation ids as top-level keys and errors reduced', () => {
    const output = captureOutput();
    const error = new Error('boom');
    logger.error('release failed', { cycle: '2026-11', reference: 'OGC-2026-11-0001', error });
    const [line] = output.lines();
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'release failed',
      service: SERVICE_NAME,
      cycle: '2026-11',
      reference: 'OGC-2026-11-0001',
      error: { name: 'Error', message: 'boom' },
    });
    expect(line.error.stack).toContain('boom');
    expect(Date.parse(line.timestamp)).not.toBeNaN();
  });

  it('drops info lines but keeps warnings and errors with LOG_LEVEL=silent', () => {
    process.env.LOG_LEVEL = 'silent';
    const output = captureOutput();
    logger.info('mail sweep done');
    logger.warn('sending failed; will retry');
    logger.error('SES refused the email for good');
    expect(output.lines().map((line) => line.level)).toEqual(['WARN', 'ERROR']);
  });
});
