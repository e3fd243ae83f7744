import * as z from 'zod';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ATTR } from '../config/constants.ts';
import { storyStatus } from '../intake/share-story.ts';
import { dynamo } from './clients.ts';
import { isConditionFailure } from './expressions.ts';
import { referenceOfKey } from './keys.ts';
import { hasProgressCounters, seedProgress } from './progress-counters.ts';
import { isQueuedStatus, queuePartition } from './queues.ts';
import { listCycles, recountProgress } from './review-store.ts';
import { reviewTable, submissionsTable } from './tables-runtime.ts';

/**
 * Brings data stored before the queue index was sharded and cycle progress was counted up to
 * date, once per set of tables (a marker item records it):
 * - every item still waiting under the old `byStatus` layout (a status and a `statusKey`, no
 *   `queue`) joins its shard of the queue index, keeping its place in the queue;
 * - every cycle without progress counters gets them seeded from a recount.
 * Run it while no review cycle is collecting (the local platform runs it at start, before any
 * request is served). On AWS, run the same function once after deploying the new index.
 */
const MARKER = { pk: 'MIGRATIONS', sk: 'queue-shards-and-progress-counters' };

const legacyEntrySchema = z.object({ pk: z.string(), sk: z.string(), status: z.string() });
type LegacyEntry = z.infer<typeof legacyEntrySchema>;

/** The queue partition an item waiting under the old layout belongs to; undefined for items that wait in no queue. */
function queueOfLegacy({ pk, sk, status }: LegacyEntry): string | undefined {
  if (status === 'outbox-pending') return queuePartition('outbox-pending', `${pk}#${sk}`);
  if (status === storyStatus('submitted')) return status;
  if (isQueuedStatus(status) && referenceOfKey.safeParse(pk).success) return queuePartition(status, referenceOfKey.parse(pk));
  return undefined;
}

async function joinQueues(table: string): Promise<number> {
  let joined = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'attribute_exists(#statusKey) AND attribute_exists(#status) AND attribute_not_exists(#queue)',
        ProjectionExpression: '#pk, #sk, #status',
        ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk, '#status': ATTR.status, '#statusKey': ATTR.statusKey, '#queue': ATTR.queue },
        ExclusiveStartKey: start,
      }),
    );
    for (const entry of (page.Items ?? []).map((item) => legacyEntrySchema.parse(item))) {
      const queue = queueOfLegacy(entry);
      if (queue === undefined) continue;
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: entry.pk, sk: entry.sk },
            UpdateExpression: 'SET #queue = :queue',
            ConditionExpression: '#status = :status AND attribute_not_exists(#queue)',
            ExpressionAttributeNames: { '#queue': ATTR.queue, '#status': ATTR.status },
            ExpressionAttributeValues: { ':queue': queue, ':status': entry.status },
          }),
        );
        joined++;
      } catch (error) {
        // It moved on meanwhile (sent, collected): whatever moved it set what it needs.
        if (!isConditionFailure(error)) throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return joined;
}

/** Runs the migration unless it ran before; says what it did, or `undefined` when there was nothing to do. */
export async function migrateStoredData(): Promise<{ queued: number; recountedCycles: string[] } | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: reviewTable(), Key: MARKER, ConsistentRead: true }));
  if (Item) return undefined;
  let queued = 0;
  for (const table of [submissionsTable(), reviewTable()]) queued += await joinQueues(table);
  const recountedCycles: string[] = [];
  for (const { cycle } of await listCycles()) {
    if (await hasProgressCounters(cycle)) continue;
    if (await seedProgress(cycle, await recountProgress(cycle))) recountedCycles.push(cycle);
  }
  await dynamo().send(new PutCommand({ TableName: reviewTable(), Item: { ...MARKER, itemType: 'migration', at: new Date().toISOString() } }));
  return { queued, recountedCycles };
}
