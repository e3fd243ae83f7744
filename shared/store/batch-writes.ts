import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { chunks, mapConcurrently } from '../review/concurrency.ts';
import { dynamo } from './clients.ts';

/** BatchWriteItem's most requests in one call. */
const BATCH_WRITE_LIMIT = 25;
const BATCH_ATTEMPTS = 8;

/**
 * Puts items into `table` 25 to a request, `concurrency` requests at a time, retrying with backoff
 * what DynamoDB leaves unprocessed (throttling). Unconditional: only for items the caller knows
 * no one else writes (seeding missing reference data, benchmark and test fixtures).
 */
export async function putAll(table: string, items: readonly Record<string, unknown>[], concurrency = 4): Promise<void> {
  await mapConcurrently(chunks(items, BATCH_WRITE_LIMIT), concurrency, async (batch) => {
    let requests = batch.map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new Error(`${requests.length} items left unwritten in ${table} after ${BATCH_ATTEMPTS} attempts`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const { UnprocessedItems } = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (UnprocessedItems?.[table] ?? []).flatMap((request) => (request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : []));
    }
  });
}
