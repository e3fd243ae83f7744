import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { httpHandler } from '../../shared/http/handler.ts';
import { dynamo } from '../../shared/store/clients.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';

/** Liveness plus a cheap check that the submissions table answers. */
export const handler = httpHandler({}, async () => {
  const started = Date.now();
  const table = await dynamo().send(new DescribeTableCommand({ TableName: submissionsTable() }));
  return { body: { status: 'ok', submissionsTable: table.Table?.TableStatus, latencyMs: Date.now() - started } };
});
