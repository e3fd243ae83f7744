import * as z from 'zod';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ATTR } from '../config/constants.ts';
import { storyStatus } from '../intake/share-story.ts';
import { dynamo } from './clients.ts';
import { isConditionFailure } from './expressions.ts';
import { referenceOfKey } from './keys.ts';
import { hasProgressCounters, readCycleCounts, seedProgress, seedStepCounts } from './progress-counters.ts';
import { isQueuedStatus, queuePartition } from './queues.ts';
import { listCycles, recountCycle, recountProgress } from './review-store.ts';
import { reviewTable, submissionsTable } from './tables-runtime.ts';

/**
 * Brings data stored before the queue index was sharded and cycle progress was counted up to
 * date, each step once per set of tables (a marker item per step records it):
 * - every item still waiting under the old `byStatus` layout (a status and a `statusKey`, no
 *   `queue`) joins its shard of the queue index, keeping its place in the queue;
 * - every cycle without progress counters gets them seeded from a recount;
 * - every cycle gets what its review-step counts (`withdrawnInReview`, `pocUninformed`) miss
 *   against a recount: those of cycles counted before these two were. The POC-uninformed markers
 *   are not written for such cycles: their follow-up was owed when they opened.
 * Run it while no review cycle is collecting (the local platform runs it at start, before any
 * request is served). On AWS, run the same function once after deploying.
 */
const QUEUES_AND_PROGRESS = { pk: 'MIGRATIONS', sk: 'queue-shards-and-progress-counters' };
const STEP_COUNTS = { pk: 'MIGRATIONS', sk: 'review-step-counts' };

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

async function ran(marker: typeof QUEUES_AND_PROGRESS): Promise<boolean> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: reviewTable(), Key: marker, ConsistentRead: true }));
  return Item !== undefined;
}

const recordRun = (marker: typeof QUEUES_AND_PROGRESS) =>
  dynamo().send(new PutCommand({ TableName: reviewTable(), Item: { ...marker, itemType: 'migration', at: new Date().toISOString() } }));

/** Seeds the step counts each cycle misses; the cycles it changed. A recount less what is counted, so a repeat adds nothing. */
async function seedMissingStepCounts(): Promise<string[]> {
  const seeded: string[] = [];
  for (const { cycle } of await listCycles()) {
    const [counted, recounted] = await Promise.all([readCycleCounts(cycle), recountCycle(cycle)]);
    const missing = {
      withdrawnInReview: recounted.withdrawnInReview - counted.withdrawnInReview,
      pocUninformed: recounted.pocUninformed - counted.pocUninformed,
    };
    if (missing.withdrawnInReview === 0 && missing.pocUninformed === 0) continue;
    if (await seedStepCounts(cycle, missing)) seeded.push(cycle);
  }
  return seeded;
}

/** Runs the steps that did not run before; says what they did, or `undefined` when there was nothing to do. */
export async function migrateStoredData(): Promise<{ queued: number; recountedCycles: string[] } | undefined> {
  const pending = { queuesAndProgress: !(await ran(QUEUES_AND_PROGRESS)), stepCounts: !(await ran(STEP_COUNTS)) };
  if (!pending.queuesAndProgress && !pending.stepCounts) return undefined;
  let queued = 0;
  const recountedCycles = new Set<string>();
  if (pending.queuesAndProgress) {
    for (const table of [submissionsTable(), reviewTable()]) queued += await joinQueues(table);
    for (const { cycle } of await listCycles()) {
      if (await hasProgressCounters(cycle)) continue;
      if (await seedProgress(cycle, await recountProgress(cycle))) recountedCycles.add(cycle);
    }
    await recordRun(QUEUES_AND_PROGRESS);
  }
  if (pending.stepCounts) {
    for (const cycle of await seedMissingStepCounts()) recountedCycles.add(cycle);
    await recordRun(STEP_COUNTS);
  }
  return { queued, recountedCycles: [...recountedCycles] };
}
