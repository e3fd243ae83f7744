import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from '../config/constants.ts';
import { resetConfig } from '../config/env.ts';
import { traced } from '../observability/tracer.ts';
import { retryTransactionConflicts } from './transaction-retry.ts';

/**
 * SDK clients, built once per Lambda container (never inside a handler). Endpoints come from the
 * environment so the same code talks to AWS or to the local stand-ins without knowing which.
 * The SDK retries throttling and service errors itself (`maxAttempts`); transaction conflicts,
 * which it does not retry, are retried by `retryTransactionConflicts` around it. Every client is
 * traced with X-Ray on Lambda (`traced`), so each SDK call shows as a subsegment.
 */
function endpoint(name: string): { endpoint?: string } {
  const value = process.env[name];
  return value ? { endpoint: value } : {};
}

let documentClient: DynamoDBDocumentClient | undefined;
let sesClient: SESv2Client | undefined;
let sfnClient: SFNClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = traced(new DynamoDBClient({ ...endpoint(ENV.dynamodbEndpoint), maxAttempts: 5 }));
    retryTransactionConflicts(client);
    documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return documentClient;
}

/**
 * Points the process at another environment: the variables are set (an undefined one is removed),
 * and the configuration and the SDK clients, which keep what they first read, are built again from
 * it on their next use. Only a process that moves onto other tables does this (a local platform
 * starting after another in the same process, a test moving onto tables of its own).
 */
export function useEnvironment(variables: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
  documentClient = undefined;
  sesClient = undefined;
  sfnClient = undefined;
}

export function ses(): SESv2Client {
  sesClient ??= traced(new SESv2Client({ ...endpoint(ENV.sesEndpoint), maxAttempts: 4 }));
  return sesClient;
}

export function stepFunctions(): SFNClient {
  sfnClient ??= traced(new SFNClient({ ...endpoint(ENV.stepFunctionsEndpoint), maxAttempts: 4 }));
  return sfnClient;
}
