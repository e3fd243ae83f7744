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

/**
 * What the review's steps read beside the progress, so that none of them reads the cycle:
 * - `withdrawnInReview`: submissions withdrawn while in review in the cycle. They leave it with no
 *   result (results are written only when a submission leaves `in-review` by carry-over or
 *   release), so this is the summary's "withdrawn": a later withdrawal of a carried-over or
 *   questioned submission is not one.
 * - `pocUninformed`: submissions of the cycle whose member's point of contact intake could not
 *   inform (`pocInformed: false`); each has a marker item (see `collectSubmission`) from which the
 *   Support Unit's follow-up takes its examples.
 */
export interface CycleCounts {
  progress: CycleProgress;
  withdrawnInReview: number;
  pocUninformed: number;
}

/** A transition's difference to one cycle's counts. */
export interface ProgressChange {
  submissions?: number;
  decided?: number;
  undecided?: number;
  pocUninformed?: number;
  /** The submission's status in the cycle before and after (either absent when it joins or leaves the cycle). */
  from?: SubmissionStatus;
  to?: SubmissionStatus;
  result?: CycleResultName;
}

const statusCounter = (status: SubmissionStatus) => `status:${status}`;
const resultCounter = (result: CycleResultName) => `result:${result}`;

const WITHDRAWN_IN_REVIEW = 'withdrawnInReview';
const POC_UNINFORMED = 'pocUninformed';

const progressPartition = (cycle: string) => `PROGRESS#${cycle}`;

function amounts(change: ProgressChange): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (counter: string, amount: number | undefined) => {
    if (amount) counts.set(counter, (counts.get(counter) ?? 0) + amount);
  };
  add('submissions', change.submissions);
  add('decided', change.decided);
  add('undecided', change.undecided);
  add(POC_UNINFORMED, change.pocUninformed);
  // Only a withdrawal from review leaves the cycle with no result; from any later status it has one.
  if (change.from === 'in-review' && change.to === 'withdrawn') add(WITHDRAWN_IN_REVIEW, 1);
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

/** A cycle's counts: one Query of its counter shards, summed. */
export async function readCycleCounts(cycle: string): Promise<CycleCounts> {
  const shards = await queryAll(progressQuery(cycle));
  const total = (counter: string) => shards.reduce((sum, shard) => sum + (counterValue.parse(shard[counter]) ?? 0), 0);
  return {
    progress: {
      submissions: total('submissions'),
      byStatus: nonZero(SUBMISSION_STATUSES, (status) => total(statusCounter(status))),
      decided: total('decided'),
      undecided: total('undecided'),
      results: nonZero(CYCLE_RESULTS, (result) => total(resultCounter(result))),
    },
    withdrawnInReview: total(WITHDRAWN_IN_REVIEW),
    pocUninformed: total(POC_UNINFORMED),
  };
}

/** A cycle's progress, as the console shows it. */
export async function readProgress(cycle: string): Promise<CycleProgress> {
  return (await readCycleCounts(cycle)).progress;
}

/** Whether a cycle has any counters yet (a cycle opened before they existed has none until it is recounted). */
export async function hasProgressCounters(cycle: string): Promise<boolean> {
  return (await queryPage({ ...progressQuery(cycle), Limit: 1 })).items.length > 0;
}

/** Puts counts in an item of their own beside the shards (the read sums them all); `false` when it exists already. */
async function seedCounts(cycle: string, sk: string, counts: Record<string, number>): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand(create(reviewTable(), { pk: progressPartition(cycle), sk, itemType: 'progress', ...counts }).Put));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Seeds the counters of a cycle opened before they existed with a recount of its progress. `false` when it was seeded already. */
export function seedProgress(cycle: string, progress: CycleProgress): Promise<boolean> {
  return seedCounts(cycle, 'recount', {
    submissions: progress.submissions,
    decided: progress.decided,
    undecided: progress.undecided,
    ...Object.fromEntries(SUBMISSION_STATUSES.map((status) => [statusCounter(status), progress.byStatus[status] ?? 0])),
    ...Object.fromEntries(CYCLE_RESULTS.map((result) => [resultCounter(result), progress.results[result] ?? 0])),
  });
}

/**
 * Adds to a cycle's step counts (`withdrawnInReview`, `pocUninformed`) what they miss: those of a
 * cycle whose counters existed before these two were counted. `false` when it was added already.
 */
export function seedStepCounts(cycle: string, missing: Omit<CycleCounts, 'progress'>): Promise<boolean> {
  return seedCounts(cycle, 'recount-steps', { [WITHDRAWN_IN_REVIEW]: missing.withdrawnInReview, [POC_UNINFORMED]: missing.pocUninformed });
}
