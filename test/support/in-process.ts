import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ensureTables, localCredentialsEnvironment, localDynamoClient, tableEnvironment } from '../../infra/local/dynamodb.ts';
import { useEnvironment } from '../../shared/store/clients.ts';
import { seedReferenceData } from '../../shared/store/registry.ts';
import { lambdaContext, proxyEvent } from './events.ts';
import { platform } from './platform.ts';

/**
 * Handlers run in the test's own process, against tables of their own (a table-name prefix in the
 * shared DynamoDB Local, without streams since no reader follows them: outbox items stay pending,
 * to be looked at) and the shared platform's sign-in (its JWKS verifies the dev users' tokens).
 */
export async function useOwnTables(prefix: string): Promise<void> {
  const { environment, dynamoEndpoint } = platform();
  await ensureTables(localDynamoClient(dynamoEndpoint, prefix), prefix, { streams: false });
  useEnvironment({ ...environment, ...tableEnvironment(prefix), ...localCredentialsEnvironment(prefix) });
  await seedReferenceData();
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface InProcessReply<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** Calls an HTTP handler as API Gateway would for a route of the table. */
export async function invoke<T = any>(
  handler: Handler,
  method: string,
  resource: string,
  options: { body?: unknown; headers?: Record<string, string>; pathParameters?: Record<string, string>; token?: string } = {},
): Promise<InProcessReply<T>> {
  const path = Object.entries(options.pathParameters ?? {}).reduce((built, [name, value]) => built.replace(`{${name}}`, value), resource);
  const headers = { ...options.headers, ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) };
  const event = { ...proxyEvent(method, resource, { body: options.body, headers, path }), pathParameters: options.pathParameters ?? null };
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined, headers: result.headers ?? {} };
}
