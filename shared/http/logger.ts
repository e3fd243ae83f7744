import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { SERVICE_NAME } from '../observability/names.ts';

/**
 * Structured JSON logs through Powertools (one line per event, as CloudWatch Logs Insights expects),
 * with the service, the cold start and — once `withLambdaContext` has run — the function's request
 * id on every line. Correlation ids the caller knows (`reference`, `cycle`, `executionArn`) are
 * passed as fields and land as top-level keys, so Logs Insights can filter on them. Errors are
 * reduced to name, message and stack so no request body — and no personal data in it — is logged.
 *
 * `LOG_LEVEL=silent` (tests, the local demo's quiet mode) drops info lines only: warnings and
 * errors still show. It is read at each call because the local platform sets it after import.
 */
type Fields = Record<string, unknown>;

const powertools = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
  // `silent` is this project's own switch (see above), not a Powertools level.
  ...(process.env.LOG_LEVEL?.toLowerCase() === 'silent' ? { logLevel: 'INFO' } : {}),
});

function serialize(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

const quiet = () => process.env.LOG_LEVEL?.toLowerCase() === 'silent';

export const logger = {
  info: (message: string, fields: Fields = {}) => {
    if (!quiet()) powertools.info(message, serialize(fields));
  },
  warn: (message: string, fields: Fields = {}) => powertools.warn(message, serialize(fields)),
  error: (message: string, fields: Fields = {}) => powertools.error(message, serialize(fields)),
};

/** Adds the Lambda request id (and function name, memory, version) to every line of this invocation. */
export function withLambdaContext(context: Context | undefined): void {
  // The local platform's handlers may run without a Lambda context.
  if (context?.awsRequestId) powertools.addContext(context);
}
