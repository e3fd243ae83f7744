import { mapConcurrently } from '../review/concurrency.ts';
import * as z from 'zod';
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { message } from '../domain/messages.ts';
import { dynamo } from './clients.ts';

/**
 * A cursor is the base64url JSON of a Query's LastEvaluatedKey: opaque to clients, small enough to
 * travel in Step Functions state, and resumable from any process.
 */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined {
  return lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url') : undefined;
}

const cursorSchema = z.record(z.string(), z.string().max(1024));

/**
 * Turns a cursor back into a start key, accepting only the key attributes of the index it pages
 * (and, in `fixed`, the partition it must stay in): a forged cursor is a 400, never a query on
 * another partition or a 500 from DynamoDB.
 */
export function decodeCursor(
  cursor: string,
  attributes: readonly string[],
  fixed: Record<string, string> = {},
  language: Language = 'en',
): Record<string, string> {
  const invalid = () => new AppError('validation_failed', message('validationFailed', language), [{ path: 'cursor', message: message('cursor', language) }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw invalid();
  const key = parsed.data;
  const names = Object.keys(key).sort();
  const sameAttributes = names.length === attributes.length && [...attributes].sort().every((name, index) => names[index] === name);
  const samePartition = Object.entries(fixed).every(([name, value]) => key[name] === value);
  if (!sameAttributes || !samePartition) throw invalid();
  return key;
}

/** One page of a Query, with its continuation as a cursor. */
export async function queryPage(input: QueryCommandInput): Promise<{ items: Record<string, unknown>[]; cursor?: string }> {
  const page = await dynamo().send(new QueryCommand(input));
  const cursor = encodeCursor(page.LastEvaluatedKey);
  return { items: page.Items ?? [], ...(cursor ? { cursor } : {}) };
}

/** Every item a Query matches, page by page. */
export async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const BATCH_GET_LIMIT = 100;
const BATCH_GET_ATTEMPTS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chunks of one batch read at once: a page of 200 costs one round trip, not two. */
const BATCH_GET_CONCURRENCY = 4;

/**
 * Reads many items by key (in chunks of DynamoDB's 100, a few chunks at once), retrying what
 * DynamoDB leaves unprocessed under load. Missing items are simply absent from the result.
 */
export async function batchGet(table: string, keys: readonly Record<string, string>[], consistent = true): Promise<Record<string, unknown>[]> {
  // BatchGetItem refuses a request that names one key twice; callers may hand us repeats.
  const unique = [...new Map(keys.map((key) => [JSON.stringify(key), key])).values()];
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) chunks.push(unique.slice(start, start + BATCH_GET_LIMIT));
  const results = await mapConcurrently(chunks, BATCH_GET_CONCURRENCY, async (chunk) => {
    const items: Record<string, unknown>[] = [];
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === BATCH_GET_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys of ${table} unprocessed after ${attempt} attempts`);
      if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
      const result = await dynamo().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }));
      items.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
    return items;
  });
  return results.flat();
}
