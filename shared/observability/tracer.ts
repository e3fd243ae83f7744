import type { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './names.ts';

/**
 * X-Ray tracing of the AWS SDK clients, on Lambda only (`POWERTOOLS_TRACE_ENABLED=false` turns it
 * off there too). Elsewhere the client is returned untouched and the tracer is never loaded: the
 * X-Ray SDK under it installs an async hook that tracks every promise of the process as soon as it
 * is imported, which would tax the local platform and the tests for segments no one sends.
 */
const onLambda = (process.env.AWS_EXECUTION_ENV ?? '') !== '';

const tracer: Tracer | undefined = onLambda
  ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME })
  : undefined;

export function traced<Client>(client: Client): Client {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
