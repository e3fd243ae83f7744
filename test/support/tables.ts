import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../../infra/local/dynamodb.ts';
import { SUBMISSIONS_TABLE } from '../../shared/store/tables.ts';
import { platform } from './platform.ts';

let client: DynamoDBDocumentClient | undefined;

/** A document client on the shared platform's DynamoDB Local, for tests that look at stored items. */
export function documentClient(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(localDynamoClient(platform().dynamoEndpoint));
  return client;
}

export function submissionsTableName(): string {
  return platform().environment[SUBMISSIONS_TABLE.envVar]!;
}

/**
 * Every item that mentions an email address: submissions by their submitter, stories by their
 * author, outbox items by recipient. A test-only Scan — the application itself never scans. By
 * default in the shared platform's submissions table; a file on tables of its own passes its
 * table and a client of its database (`dynamo()` after `useOwnTables`).
 */
export async function itemsMentioning(
  email: string,
  { tableName, client }: { tableName: string; client: DynamoDBDocumentClient } = { tableName: submissionsTableName(), client: documentClient() },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#request.#submitter.#email = :email OR #request.#author.#email = :email OR #to = :email',
        ExpressionAttributeNames: { '#request': 'request', '#submitter': 'submitter', '#author': 'author', '#email': 'email', '#to': 'to' },
        ExpressionAttributeValues: { ':email': email },
        ExclusiveStartKey: cursor,
      }),
    );
    items.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return items;
}
