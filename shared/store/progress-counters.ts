import * as z from 'zod';
import { OUTCOMES } from '../domain/schemas.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../domain/submission.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients.ts';
import { create, isConditionFailure, update } from './expressions.ts';
import { queryAll, queryPage } from './reads.ts';
import { shardLabel, shardOf } from './queues.ts';
import { reviewTable } from './tables-runtime.ts';

/**
 * A cycle's progress, counted in the transactions that change it: every transition of a
 * submission that changes what a recount of the cycle would find (collect, first decision,
 * carry-over, release, an answer, a withdrawal) adds its difference to a counter item in the same
 * transaction, so the counts are exact and reading them is one Query.
 *
 * The counters are sharded by reference (`PROGRESS#<cycle>`, 64 items): two reviewers deciding
 * different submissions, or the collect step's concurrent moves, rarely touch the same item, and
 * when they do, the transaction conflict is retried (transaction-retry.ts). A count is the sum over
 * the shards; 64 small items are still one Query page.
 */
export const PROGRESS_SHARDS = 64;

/** How each submission left a cycle (see the per-cycle results in review-store.ts). */
export const CYCLE_RESULTS = [...OUTCOMES, 'carried-over'] as const;
export type CycleResultName = (typeof CYCLE_RESULTS)[number];

/** What the recount finds: the cycle's submissions (its index), their statuses, decided or not while in review, and the results. */
export interface CycleProgress {
  submissions: number;
  byStatus: Partial<Record<SubmissionStatus, number>>;
  decided: number;
  undecided: number;
  results: Partial<Record<CycleResultName, number>>;
}

/** A transition's difference to one cycle's counts. */
export interface ProgressChange {
  submissions?: number;
  decided?: number;
  undecided?: number;
  /** The submission's status in the cycle before and after (either absent when it joins or leaves the cycle). */
  from?: SubmissionStatus;
  to?: SubmissionStatus;
  result?: CycleResultName;
}

const statusCounter = (status: SubmissionStatus) => `status:${status}`;
const resultCounter = (result: CycleResultName) => `result:${result}`;

const progressPartition = (cycle: string) => `PROGRESS#${cycle}`;

function amounts(change: ProgressChange): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (counter: string, amount: number | undefined) => {
    if (amount) counts.set(counter, (counts.get(counter) ?? 0) + amount);
  };
  add('submissions', change.submissions);
  add('decided', change.decided);
  add('undecided', change.undecided);
  if (change.from) add(statusCounter(change.from), -1);
  if (change.to) add(statusCounter(change.to), 1);
  if (change.result) add(resultCounter(change.result), 1);
  return counts;
}

/**
 * The transaction members that count one submission's transition, one per cycle it changes (a
 * transaction may not name an item twice, so changes to the same cycle are summed first).
 * Counts that cancel out write nothing.
 */
export function countProgress(reference: string, changes: readonly { cycle: string; change: ProgressChange }[]) {
  const byCycle = new Map<string, Map<string, number>>();
  for (const { cycle, change } of changes) {
    const counts = byCycle.get(cycle) ?? new Map<string, number>();
    for (const [counter, amount] of amounts(change)) counts.set(counter, (counts.get(counter) ?? 0) + amount);
    byCycle.set(cycle, counts);
  }
  const shard = shardLabel(shardOf(reference, PROGRESS_SHARDS));
  return [...byCycle].flatMap(([cycle, counts]) => {
    const add = Object.fromEntries([...counts].filter(([, amount]) => amount !== 0));
    if (Object.keys(add).length === 0) return [];
    return [update(reviewTable(), { pk: progressPartition(cycle), sk: shard }, { set: { itemType: 'progress' }, add })];
  });
}

const counterValue = z.number().int().optional();

/** Only the non-zero counts, as a recount reports them (a status no submission has is absent). */
function nonZero<Name extends string>(names: readonly Name[], total: (name: Name) => number): Partial<Record<Name, number>> {
  const counts: Partial<Record<Name, number>> = {};
  for (const name of names) if (total(name) !== 0) counts[name] = total(name);
  return counts;
}

const progressQuery = (cycle: string) => ({
  TableName: reviewTable(),
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': progressPartition(cycle) },
  ConsistentRead: true,
});

/** A cycle's progress: one Query of its counter shards, summed. */
export async function readProgress(cycle: string): Promise<CycleProgress> {
  const shards = await queryAll(progressQuery(cycle));
  const total = (counter: string) => shards.reduce((sum, shard) => sum + (counterValue.parse(shard[counter]) ?? 0), 0);
  return {
    submissions: total('submissions'),
    byStatus: nonZero(SUBMISSION_STATUSES, (status) => total(statusCounter(status))),
    decided: total('decided'),
    undecided: total('undecided'),
    results: nonZero(CYCLE_RESULTS, (result) => total(resultCounter(result))),
  };
}

/** Whether a cycle has any counters yet (a cycle opened before they existed has none until it is recounted). */
export async function hasProgressCounters(cycle: string): Promise<boolean> {
  return (await queryPage({ ...progressQuery(cycle), Limit: 1 })).items.length > 0;
}

/**
 * Seeds the counters of a cycle opened before they existed with a recount of it, in an item of
 * its own beside the shards (the read sums them all). `false` when it was seeded already.
 */
export async function seedProgress(cycle: string, progress: CycleProgress): Promise<boolean> {
  const counts = {
    submissions: progress.submissions,
    decided: progress.decided,
    undecided: progress.undecided,
    ...Object.fromEntries(SUBMISSION_STATUSES.map((status) => [statusCounter(status), progress.byStatus[status] ?? 0])),
    ...Object.fromEntries(CYCLE_RESULTS.map((result) => [resultCounter(result), progress.results[result] ?? 0])),
  };
  try {
    await dynamo().send(new PutCommand(create(reviewTable(), { pk: progressPartition(cycle), sk: 'recount', itemType: 'progress', ...counts }).Put));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
