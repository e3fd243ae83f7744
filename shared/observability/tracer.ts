import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './names.ts';

/**
 * X-Ray tracing of the AWS SDK clients. Powertools turns itself off outside Lambda (and with
 * `POWERTOOLS_TRACE_ENABLED=false`), in which case the client is returned untouched: locally no
 * segment is ever opened and nothing is sent.
 */
const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });

export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
