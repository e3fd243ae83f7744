import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTableCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { isEntryPoint } from '../infra/entry-point.ts';

/**
 * DynamoDB Local's own cost, with none of our code: a table shaped like the submissions table (a
 * status index with one key value, a stream) written and read with single requests, measured as
 * the table grows. Shows how much of a cycle's time on disk is the emulator's.
 */

export interface RawBlock {
  /** Items in the table when the block started. */
  items: number;
  putMs: number;
  updateMs: number;
  /** First page (100) of the status index's single key value. */
  queryMs: number;
  /** The page after the last item but 100, by ExclusiveStartKey (a cursor deep into the index). */
  lastPageMs: number;
}

const TABLE = 'raw';
const BLOCK = Number(process.env.BENCH_RAW_BLOCK ?? 250);
const PAYLOAD = 'x'.repeat(2000);

async function createTable(client: DynamoDBClient) {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'statusKey', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'statusKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
}

/** A page of 100 of the index's single key value, from its start or after `exclusiveStartKey`. */
const queuePage = (exclusiveStartKey?: Record<string, { S: string }>) =>
  new QueryCommand({
    TableName: TABLE,
    IndexName: 'byStatus',
    KeyConditionExpression: '#status = :queued',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':queued': { S: 'queued' } },
    ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
    Limit: 100,
  });

const mean = async (times: number, run: (index: number) => Promise<unknown>) => {
  const started = performance.now();
  for (let i = 0; i < times; i++) await run(i);
  return (performance.now() - started) / times;
};

/** Grows a table to `size` items in blocks, timing puts, updates and the index's first page in each block. */
export async function measureDynamoDbLocal(onDisk: boolean, size: number): Promise<RawBlock[]> {
  const dataDir = onDisk ? mkdtempSync(path.join(os.tmpdir(), 'ogc-bench-raw-')) : null;
  const db = await startDynamoDbLocal({ port: 0, dataDir });
  const blocks: RawBlock[] = [];
  try {
    await createTable(db.client);
    for (let items = 0; items < size; items += BLOCK) {
      const putMs = await mean(BLOCK, (i) =>
        db.client.send(
          new PutItemCommand({
            TableName: TABLE,
            Item: { pk: { S: `item-${items + i}` }, status: { S: 'queued' }, statusKey: { S: String(items + i).padStart(8, '0') }, body: { S: PAYLOAD } },
          }),
        ),
      );
      // Moves the oldest items out of the index, as collecting does.
      const updateMs = await mean(Math.min(25, BLOCK), (i) =>
        db.client.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: { pk: { S: `item-${items + i}` } },
            UpdateExpression: 'SET #status = :done',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':done': { S: 'done' } },
          }),
        ),
      );
      const queryMs = await mean(5, () => db.client.send(queuePage()));
      const lastKey = items + BLOCK - 100;
      const lastPageMs = await mean(5, () =>
        db.client.send(queuePage({ pk: { S: `item-${lastKey}` }, status: { S: 'queued' }, statusKey: { S: String(lastKey).padStart(8, '0') } })),
      );
      blocks.push({ items, putMs, updateMs, queryMs, lastPageMs });
    }
  } finally {
    await db.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return blocks;
}

if (isEntryPoint(import.meta.url)) {
  const size = Number(process.argv[2] ?? 2000);
  for (const onDisk of [true, false]) {
    console.log(onDisk ? 'on disk' : 'in memory');
    for (const block of await measureDynamoDbLocal(onDisk, size)) console.log(JSON.stringify(block));
  }
  process.exit(0);
}
