import * as z from 'zod';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ATTR, INDEX } from '../config/constants.ts';
import { queueKey } from '../domain/submission.ts';
import { dynamo } from './clients.ts';

/**
 * The queue index (`byQueue`): items that wait to be worked through by age — submissions awaiting
 * review or their POC's confirmation, pending outbox mail, stories awaiting moderation — keyed by
 * queue and by the instant they joined it (`statusKey`). An item is in the index only while it
 * waits (`queue` is removed when it leaves), and the index projects keys only: readers take the
 * keys and read the items themselves.
 *
 * Queues that can be hot are write-sharded: `awaiting-review#07`, the shard a hash of the item's
 * id. One partition per queue would take every intake write of the month (and, for pending mail,
 * a campaign's whole burst) on one key with a rising sort key; partitioning by month would only
 * move that hot key along. A hash spreads the writes of any moment over every shard, and a reader
 * asks a fixed, small number of partitions and merges them by age where order matters.
 */
export const QUEUE_SHARDS = 16;

export const SHARDED_QUEUES = ['awaiting-review', 'awaiting-confirmation', 'outbox-pending'] as const;
export type ShardedQueue = (typeof SHARDED_QUEUES)[number];

/** FNV-1a: the same shard in every process and runtime, and similar ids spread evenly. */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

export const shardLabel = (shard: number) => String(shard).padStart(2, '0');

export const queuePartition = (queue: ShardedQueue, id: string) => `${queue}#${shardLabel(shardOf(id, QUEUE_SHARDS))}`;

const queuePartitions = (queue: ShardedQueue) => Array.from({ length: QUEUE_SHARDS }, (_, shard) => `${queue}#${shardLabel(shard)}`);

/** The index attributes of an item that joins a sharded queue at `since`. */
export function joinQueue(queue: ShardedQueue, since: string, id: string): { queue: string; statusKey: string } {
  return { queue: queuePartition(queue, id), statusKey: queueKey(since, id) };
}

/** Submission statuses that are queues (each worked through oldest first); the others are not in the index. */
const QUEUED_STATUSES: readonly string[] = ['awaiting-review', 'awaiting-confirmation'] satisfies ShardedQueue[];
export const isQueuedStatus = (status: string): status is 'awaiting-review' | 'awaiting-confirmation' => QUEUED_STATUSES.includes(status);

/** The index's key attributes: all a KEYS_ONLY index gives back, and what a cursor on it holds. */
export const QUEUE_INDEX_KEY = [ATTR.pk, ATTR.sk, ATTR.queue, ATTR.statusKey] as const;

const queueEntrySchema = z.object({ pk: z.string(), sk: z.string(), statusKey: z.string() });
export type QueueEntry = z.infer<typeof queueEntrySchema>;

const byAge = (a: QueueEntry, b: QueueEntry) => (a.statusKey < b.statusKey ? -1 : a.statusKey > b.statusKey ? 1 : 0);

function shardQuery(table: string, partition: string, before: string | undefined): QueryCommandInput {
  return {
    TableName: table,
    IndexName: INDEX.byQueue,
    KeyConditionExpression: before === undefined ? '#queue = :queue' : '#queue = :queue AND #statusKey < :before',
    ExpressionAttributeNames: { '#queue': ATTR.queue, ...(before === undefined ? {} : { '#statusKey': ATTR.statusKey }) },
    ExpressionAttributeValues: { ':queue': partition, ...(before === undefined ? {} : { ':before': before }) },
  };
}

/**
 * The oldest entries of a sharded queue that joined it before `before`, oldest first, at most
 * `limit`. Each shard is asked for twice its even share; the merged list is cut at the earliest
 * point where a shard still had more, so what comes back is exactly the queue's oldest entries
 * (a page may be shorter than `limit` when the shards are uneven), and `more` says whether any
 * remain.
 */
export async function oldestInQueue(table: string, queue: ShardedQueue, before: string, limit: number): Promise<{ entries: QueueEntry[]; more: boolean }> {
  const share = Math.min(limit, Math.ceil((2 * limit) / QUEUE_SHARDS));
  const shards = await Promise.all(
    queuePartitions(queue).map(async (partition) => {
      const page = await dynamo().send(new QueryCommand({ ...shardQuery(table, partition, before), Limit: share }));
      const entries = (page.Items ?? []).map((item) => queueEntrySchema.parse(item));
      const stoppedAt = page.LastEvaluatedKey ? queueEntrySchema.parse(page.LastEvaluatedKey).statusKey : undefined;
      return { entries, stoppedAt };
    }),
  );
  const merged = shards.flatMap((shard) => shard.entries).sort(byAge);
  const stops = shards.flatMap((shard) => (shard.stoppedAt === undefined ? [] : [shard.stoppedAt])).sort();
  const bound = stops[0];
  const exact = bound === undefined ? merged : merged.filter((entry) => entry.statusKey <= bound);
  return { entries: exact.slice(0, limit), more: bound !== undefined || exact.length > limit };
}

/** Every entry of a sharded queue (before `before`, when given), a page at a time, shard after shard: for readers to whom order does not matter. */
export async function* queuePages(table: string, queue: ShardedQueue, options: { before?: string; pageSize?: number } = {}): AsyncGenerator<QueueEntry[]> {
  for (const partition of queuePartitions(queue)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(new QueryCommand({ ...shardQuery(table, partition, options.before), Limit: options.pageSize ?? 100, ExclusiveStartKey: start }));
      const entries = (page.Items ?? []).map((item) => queueEntrySchema.parse(item));
      if (entries.length > 0) yield entries;
      start = page.LastEvaluatedKey;
    } while (start);
  }
}

/** Every entry of a sharded queue, oldest first. */
export async function wholeQueue(table: string, queue: ShardedQueue): Promise<QueueEntry[]> {
  const entries: QueueEntry[] = [];
  for await (const page of queuePages(table, queue)) entries.push(...page);
  return entries.sort(byAge);
}
