import * as z from 'zod';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ATTR, INDEX } from '../config/constants.ts';
import { AREA_IDS } from '../domain/areas.ts';
import { CRITERION_IDS, type CriterionId } from '../domain/criteria.ts';
import { STATUS_AFTER_RELEASE, type Decision } from '../domain/decision.ts';
import type { ReleasedOutcome } from '../domain/outcome.ts';
import type { Reform } from '../domain/reform.ts';
import { AMBITIONS, OUTCOMES } from '../domain/schemas.ts';
import { screeningSubjectSchema, type Screening } from '../domain/screening.ts';
import { queueKey } from '../domain/submission.ts';
import { outboxItem, type Mail } from '../mail/outbox.ts';
import { auditPut, type AuditEntry } from './audit.ts';
import { dynamo } from './clients.ts';
import { check, create, isConditionFailure, replace, update } from './expressions.ts';
import { CYCLES_PARTITION, keys, referenceOfKey } from './keys.ts';
import { countProgress, CYCLE_RESULTS, type CycleCounts, type CycleProgress } from './progress-counters.ts';
import { joinQueue, oldestInQueue, queuePartition } from './queues.ts';
import { reformItem } from './public-lists.ts';
import { batchGet, decodeCursor, queryAll, queryPage } from './reads.ts';
import { submissionItemSchema, transact, transactNamed, type SubmissionItem } from './submissions.ts';
import { reviewTable, submissionsTable } from './tables-runtime.ts';

/**
 * Review data: cycles, decisions, per-cycle results and duplicate markers (review table), and the
 * review's transitions of submissions (submissions table). Every transition is one transaction
 * whose conditions name the state it starts from, with its audit entry (and any email it owes)
 * inside; a transition whose state has moved on reports `false` and changes nothing.
 */

const SYSTEM = 'system';

/**
 * A transition's transaction. A conflict with another transaction at the same moment has been
 * retried by the client (see transaction-retry.ts); what comes back is a failed condition — the
 * item moved on: read again — or a real failure, which is thrown.
 */
const transition = transact;

async function updateIf(write: ReturnType<typeof update>): Promise<boolean> {
  try {
    await dynamo().send(new UpdateCommand(write.Update));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Puts an outbox item unless it is already owed (a replay owes nothing twice). */
export async function oweMail(table: string, ownerPk: string, mail: Mail, at: string): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand(create(table, outboxItem(ownerPk, mail, at)).Put));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// ---------------------------------------------------------------- cycles

/** collecting → open (decisions being taken, sign-off awaited) → releasing (signed off) → released. */
export const CYCLE_STATUSES = ['collecting', 'open', 'releasing', 'released'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const cycleSummarySchema = z.object({
  eligible: z.number().int(),
  notEligible: z.number().int(),
  needsInfo: z.number().int(),
  carriedOver: z.number().int(),
  withdrawn: z.number().int(),
  retagged: z.number().int(),
  promising: z.number().int(),
});
export type CycleSummary = z.infer<typeof cycleSummarySchema>;

export const cycleItemSchema = z.object({
  cycle: z.string(),
  status: z.enum(CYCLE_STATUSES),
  timeZone: z.string(),
  /** Submissions queued before this instant (the month's end in `timeZone`) belong to the cycle. */
  collectBefore: z.string(),
  openedAt: z.string(),
  deadline: z.string(),
  /** Callback token of the run's sign-off task: a bearer credential, never served. */
  releaseTaskToken: z.string().optional(),
  releaseRequestedBy: z.string().optional(),
  releaseRequestedAt: z.string().optional(),
  releasedAt: z.string().optional(),
  summary: cycleSummarySchema.optional(),
});
export type CycleItem = z.infer<typeof cycleItemSchema>;

/** Creates the cycle with its audit entry; `false` when it already exists. */
export async function createCycle(cycle: Pick<CycleItem, 'cycle' | 'timeZone' | 'collectBefore' | 'openedAt' | 'deadline'>): Promise<boolean> {
  const item = { ...keys.cycle(cycle.cycle), itemType: 'cycle', status: 'collecting' satisfies CycleStatus, ...cycle };
  const result = await transition([
    create(reviewTable(), item),
    auditPut(cycle.cycle, { actor: SYSTEM, action: 'cycle-opened', after: { status: 'collecting', deadline: cycle.deadline } }, cycle.openedAt),
  ]);
  return result.ok;
}

export async function getCycle(cycle: string): Promise<CycleItem | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: reviewTable(), Key: keys.cycle(cycle), ConsistentRead: true }));
  return Item ? cycleItemSchema.parse(Item) : undefined;
}

/** Every cycle, newest first. The partition also owns the cycles' emails, whose keys start `MAIL#`. */
export async function listCycles(): Promise<CycleItem[]> {
  const items = await queryAll({
    TableName: reviewTable(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :century)',
    ExpressionAttributeValues: { ':pk': CYCLES_PARTITION, ':century': '20' },
    ScanIndexForward: false,
  });
  return items.map((item) => cycleItemSchema.parse(item));
}

/** The sign-off wait holds the cycle: its token replaces `previousToken` (none when absent). */
export function holdReleaseToken(cycle: string, token: string, previousToken: string | undefined): Promise<boolean> {
  return updateIf(
    update(reviewTable(), keys.cycle(cycle), {
      set: { status: 'open', releaseTaskToken: token },
      expect: { status: ['collecting', 'open'], releaseTaskToken: previousToken ?? null },
    }),
  );
}

/** The admin's sign-off: open → releasing, for the token the run is waiting on. */
export async function markReleasing(cycle: CycleItem, token: string, actor: string, at: string): Promise<boolean> {
  const result = await transition([
    update(reviewTable(), keys.cycle(cycle.cycle), {
      set: { status: 'releasing', releaseRequestedBy: actor, releaseRequestedAt: at },
      expect: { status: 'open', releaseTaskToken: token },
    }),
    auditPut(cycle.cycle, { actor, action: 'release-signed-off', before: { status: 'open' }, after: { status: 'releasing' } }, at),
  ]);
  return result.ok;
}

/** Undoes a sign-off the run could not receive (its wait had already ended), so it can be given again. */
export async function undoReleasing(cycle: string, token: string, actor: string, at: string): Promise<boolean> {
  const result = await transition([
    update(reviewTable(), keys.cycle(cycle), {
      set: { status: 'open' },
      remove: ['releaseRequestedBy', 'releaseRequestedAt'],
      expect: { status: 'releasing', releaseTaskToken: token },
    }),
    auditPut(cycle, { actor, action: 'release-not-received', before: { status: 'releasing' }, after: { status: 'open' } }, at),
  ]);
  return result.ok;
}

/** releasing → released, with the summary counts and the summary email, once. */
export async function markReleased(cycle: string, summary: CycleSummary, mail: Mail, at: string): Promise<boolean> {
  const owner = keys.cycle(cycle);
  const result = await transition([
    update(reviewTable(), owner, { set: { status: 'released', releasedAt: at, summary }, expect: { status: 'releasing' } }),
    create(reviewTable(), outboxItem(owner.pk, mail, at)),
    auditPut(cycle, { actor: SYSTEM, action: 'cycle-released', before: { status: 'releasing' }, after: { status: 'released', summary } }, at),
  ]);
  return result.ok;
}

// ---------------------------------------------------------------- submissions of the review

/** What the review reads of the stored intake request: screening's subject, who to write to, what to publish. */
export const storedRequestSchema = screeningSubjectSchema.extend({
  submitter: z.object({ name: z.string(), email: z.string() }),
  leadInstitution: z.object({ name: z.string(), isPublic: z.boolean() }),
});
export type StoredRequest = z.infer<typeof storedRequestSchema>;

export const requestOf = (submission: SubmissionItem): StoredRequest => storedRequestSchema.parse(submission.request);

/** In review in this cycle: the one state in which a submission can be decided, released or carried over. */
export const waitsInCycle = (submission: SubmissionItem, cycle: string) => submission.status === 'in-review' && submission.cycle === cycle;

/**
 * One page of the review queue that belongs to a cycle: awaiting review and queued before the
 * cycle's end (later arrivals wait for the next cycle), oldest first. Collected items leave the
 * queue, so the next page is again the first one and needs no cursor.
 */
export async function queuedBefore(collectBefore: string, limit: number): Promise<{ references: string[]; more: boolean }> {
  const { entries, more } = await oldestInQueue(submissionsTable(), 'awaiting-review', collectBefore, limit);
  return { references: entries.map((entry) => referenceOfKey.parse(entry.pk)), more };
}

const BY_CYCLE_KEY = [ATTR.pk, ATTR.sk, ATTR.cycle, ATTR.reference];

/** One page of a cycle's submissions by reference; the cursor resumes it. */
export async function cycleReferences(cycle: string, limit: number, cursor?: string): Promise<{ references: string[]; cursor?: string }> {
  const page = await queryPage({
    TableName: submissionsTable(),
    IndexName: INDEX.byCycle,
    KeyConditionExpression: '#cycle = :cycle',
    ExpressionAttributeNames: { '#cycle': ATTR.cycle, '#reference': ATTR.reference },
    ExpressionAttributeValues: { ':cycle': cycle },
    ProjectionExpression: '#reference',
    Limit: limit,
    ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, BY_CYCLE_KEY, { [ATTR.cycle]: cycle }) } : {}),
  });
  return { references: page.items.map((item) => z.string().parse(item.reference)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** Every submission of a cycle, a page at a time (as the cycle index lists them). */
export async function* cycleSubmissions(cycle: string, pageSize = 100): AsyncGenerator<SubmissionItem[]> {
  let cursor: string | undefined;
  do {
    const page = await cycleReferences(cycle, pageSize, cursor);
    yield await getSubmissions(page.references);
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Submissions by reference, read from the table itself (consistently) rather than from an index:
 * decisions about a submission must see its current state, which an index may trail.
 */
export async function getSubmissions(references: readonly string[]): Promise<SubmissionItem[]> {
  const items = await batchGet(submissionsTable(), references.map(keys.submission));
  const byReference = new Map(items.map((item) => submissionItemSchema.parse(item)).map((item) => [item.reference, item]));
  return references.flatMap((reference) => byReference.get(reference) ?? []);
}

/**
 * awaiting-review → in-review in `cycle`, with its screening, out of the queue. A carry-over or an
 * answered question leaves the cycle it was in (its `cycle` changes), and the counts of both say so;
 * so does the marker of a submission whose member's POC could not be informed (see `uninformedMarker`).
 */
export async function collectSubmission(submission: SubmissionItem, cycle: string, screening: Screening, at: string): Promise<boolean> {
  const uninformed = submission.pocInformed === false;
  const leaves = submission.cycle !== undefined && submission.cycle !== cycle ? submission.cycle : undefined;
  const result = await transition([
    update(submissionsTable(), keys.submission(submission.reference), {
      set: { status: 'in-review', cycle, screening, updatedAt: at },
      add: { version: 1 },
      remove: ['decisionTaskToken', ATTR.queue],
      expect: { status: 'awaiting-review', version: submission.version },
    }),
    ...countProgress(submission.reference, [
      ...(submission.cycle
        ? [{ cycle: submission.cycle, change: { submissions: -1, from: 'awaiting-review' as const, ...(uninformed ? { pocUninformed: -1 } : {}) } }]
        : []),
      { cycle, change: { submissions: 1, to: 'in-review', undecided: 1, ...(uninformed ? { pocUninformed: 1 } : {}) } },
    ]),
    ...(uninformed ? [{ Put: { TableName: reviewTable(), Item: uninformedMarker(submission, cycle) } }] : []),
    ...(uninformed && leaves ? [{ Delete: { TableName: reviewTable(), Key: uninformedMarkerKey(leaves, submission.reference) } }] : []),
    auditPut(
      submission.reference,
      {
        actor: SYSTEM,
        action: 'collected',
        before: { status: 'awaiting-review' },
        after: { status: 'in-review', cycle },
        detail: { screening: verdictsOf(screening), ...(screening.duplicateOf ? { duplicateOf: screening.duplicateOf } : {}) },
      },
      at,
    ),
  ]);
  return result.ok;
}

/**
 * A submission of the cycle whose member's POC intake could not inform: a small item under the
 * cycle's own partition, written and removed with the counts, so the Support Unit's follow-up
 * reads a count and a few of these, never the cycle. Cycles collected before the markers existed
 * have none (their follow-up was owed when they opened); the migration seeds their count.
 */
const uninformedMarkerKey = (cycle: string, reference: string) => ({ pk: `UNINFORMED#${cycle}`, sk: reference });

function uninformedMarker(submission: SubmissionItem, cycle: string) {
  return {
    ...uninformedMarkerKey(cycle, submission.reference),
    itemType: 'poc-uninformed',
    reference: submission.reference,
    title: requestOf(submission).title,
    memberName: submission.member.name,
  };
}

const uninformedMarkerSchema = z.object({ reference: z.string(), title: z.string(), memberName: z.string() });
export type UninformedSubmission = z.infer<typeof uninformedMarkerSchema>;

/** The first `limit` submissions of the cycle (by reference) whose member's POC could not be informed. */
export async function uninformedExamples(cycle: string, limit: number): Promise<UninformedSubmission[]> {
  const page = await queryPage({
    TableName: reviewTable(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': uninformedMarkerKey(cycle, '').pk },
    Limit: limit,
  });
  return page.items.map((item) => uninformedMarkerSchema.parse(item));
}

const verdictsOf = (screening: Screening) =>
  Object.fromEntries(CRITERION_IDS.map((id) => [id, screening.criteria[id].verdict])) as Record<CriterionId, string>;

/** Stores the open decision task's token, if the submission still waits in this cycle. */
export function storeDecisionToken(reference: string, cycle: string, token: string): Promise<boolean> {
  return updateIf(
    update(submissionsTable(), keys.submission(reference), { set: { decisionTaskToken: token }, expect: { status: 'in-review', cycle } }),
  );
}

/**
 * in-review → awaiting-review, undecided only. The queue key is left as it was, so the submission
 * keeps its place and comes first in the next cycle.
 */
export async function carryOverSubmission(submission: SubmissionItem, cycle: string, reason: string, at: string): Promise<boolean> {
  const result = await transition([
    update(submissionsTable(), keys.submission(submission.reference), {
      set: { status: 'awaiting-review', [ATTR.queue]: queuePartition('awaiting-review', submission.reference), updatedAt: at },
      add: { version: 1 },
      remove: ['decisionTaskToken'],
      expect: { status: 'in-review', cycle, version: submission.version },
    }),
    check(reviewTable(), keys.decision(submission.reference, cycle), { pk: null }),
    auditPut(
      submission.reference,
      { actor: SYSTEM, action: 'carried-over', before: { status: 'in-review', cycle }, after: { status: 'awaiting-review' }, detail: { reason } },
      at,
    ),
    create(reviewTable(), resultItem({ cycle, reference: submission.reference, result: 'carried-over', area: submission.area, originalArea: submission.area, promising: false, at })),
    ...countProgress(submission.reference, [{ cycle, change: { from: 'in-review', to: 'awaiting-review', undecided: -1, result: 'carried-over' } }]),
  ]);
  return result.ok;
}

export interface Release {
  submission: SubmissionItem;
  decision: Decision;
  outcome: ReleasedOutcome;
  /** The public tracker row, for an eligible decision. */
  reform?: Reform;
  mail: Mail;
  /** Hash of the status token the outcome email links with, accepted from now on like the receipt's. */
  outcomeTokenHash: string;
  releasedBy: string;
  at: string;
}

/** in-review → published | not-eligible | needs-info, with its reform, outcome email and result, at once. */
export async function releaseSubmission(release: Release): Promise<boolean> {
  const { submission, decision, outcome, at } = release;
  const status = STATUS_AFTER_RELEASE[decision.outcome];
  const owner = keys.submission(submission.reference);
  const result = await transition([
    update(submissionsTable(), owner, {
      set: { status, statusKey: queueKey(at, submission.reference), outcome, question: decision.question, updatedAt: at },
      add: { version: 1, outcomeTokenHashes: new Set([release.outcomeTokenHash]) },
      remove: ['decisionTaskToken'],
      expect: { status: 'in-review', cycle: decision.cycle, version: submission.version },
    }),
    create(submissionsTable(), outboxItem(owner.pk, release.mail, at)),
    auditPut(
      submission.reference,
      {
        actor: SYSTEM,
        action: 'released',
        before: { status: 'in-review' },
        after: { status, outcome: decision.outcome, area: decision.area },
        detail: { cycle: decision.cycle, signedOffBy: release.releasedBy },
      },
      at,
    ),
    create(
      reviewTable(),
      resultItem({
        cycle: decision.cycle,
        reference: submission.reference,
        result: decision.outcome,
        area: decision.area,
        originalArea: decision.originalArea,
        promising: decision.promising,
        at,
      }),
    ),
    ...(release.reform ? [create(submissionsTable(), reformItem(release.reform))] : []),
    ...countProgress(submission.reference, [{ cycle: decision.cycle, change: { from: 'in-review', to: status, decided: -1, result: decision.outcome } }]),
  ]);
  return result.ok;
}

/** needs-info → awaiting-review with the answer, queued at the time of answering (so: the next cycle). */
export async function recordAnswer(submission: SubmissionItem, answer: string, mail: Mail, at: string): Promise<boolean> {
  const owner = keys.submission(submission.reference);
  const result = await transition([
    update(submissionsTable(), owner, {
      set: { status: 'awaiting-review', ...joinQueue('awaiting-review', at, submission.reference), answer, answeredAt: at, updatedAt: at },
      add: { version: 1 },
      expect: { status: 'needs-info', version: submission.version },
    }),
    // The answer goes into the trail too: the next question and answer replace it on the submission.
    auditPut(
      submission.reference,
      { actor: 'submitter', action: 'answered', before: { status: 'needs-info', question: submission.question }, after: { status: 'awaiting-review', answer } },
      at,
    ),
    create(submissionsTable(), outboxItem(owner.pk, mail, at)),
    ...(submission.cycle ? countProgress(submission.reference, [{ cycle: submission.cycle, change: { from: 'needs-info', to: 'awaiting-review' } }]) : []),
  ]);
  return result.ok;
}

/**
 * The submitter's withdrawal, from any status that allows it: out of any queue, and out of its
 * cycle's open counts. Whether an in-review submission was decided is read first; the version
 * condition makes that exact, since every decision bumps the version.
 */
export async function withdrawStoredSubmission(submission: SubmissionItem, at: string): Promise<boolean> {
  const { reference, status, cycle } = submission;
  const decided = status === 'in-review' && cycle !== undefined && (await getDecision(reference, cycle)) !== undefined;
  const result = await transition([
    update(submissionsTable(), keys.submission(reference), {
      set: { status: 'withdrawn', statusKey: queueKey(at, reference), updatedAt: at },
      add: { version: 1 },
      remove: [ATTR.queue],
      expect: { status, version: submission.version },
    }),
    auditPut(reference, { actor: 'submitter', action: 'withdrawn', before: { status }, after: { status: 'withdrawn' } }, at),
    ...(cycle
      ? countProgress(reference, [
          { cycle, change: { from: status, to: 'withdrawn', ...(status === 'in-review' ? (decided ? { decided: -1 } : { undecided: -1 }) : {}) } },
        ])
      : []),
  ]);
  return result.ok;
}

// ---------------------------------------------------------------- decisions

const verdictsSchema = z.object(
  Object.fromEntries(CRITERION_IDS.map((id) => [id, z.enum(['pass', 'fail'])])) as Record<CriterionId, z.ZodEnum<{ pass: 'pass'; fail: 'fail' }>>,
);

export const decisionItemSchema = z.object({
  reference: z.string(),
  cycle: z.string(),
  outcome: z.enum(OUTCOMES),
  criteria: verdictsSchema,
  area: z.enum(AREA_IDS),
  ambition: z.enum(AMBITIONS),
  rationale: z.string(),
  question: z.string().optional(),
  originalArea: z.enum(AREA_IDS),
  promising: z.boolean(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  revision: z.number().int(),
  criteriaVersion: z.number().int().optional(),
}) satisfies z.ZodType<Decision>;

export async function getDecision(reference: string, cycle: string): Promise<Decision | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: reviewTable(), Key: keys.decision(reference, cycle), ConsistentRead: true }));
  return Item ? decisionItemSchema.parse(Item) : undefined;
}

export async function getDecisions(references: readonly string[], cycle: string): Promise<Map<string, Decision>> {
  const items = await batchGet(reviewTable(), references.map((reference) => keys.decision(reference, cycle)));
  return new Map(items.map((item) => decisionItemSchema.parse(item)).map((decision) => [decision.reference, decision]));
}

export type SaveDecisionResult = 'saved' | 'submission-changed' | 'decision-changed' | 'cycle-closed';

/**
 * A decision or its revision, in one transaction with the submission's version bump (so two
 * reviewers who read the same version cannot both win) and the audit entries: the decision with
 * before/after, and a re-tag when the area moves.
 *
 * The transaction touches only this submission's items. The cycle's status is read beforehand
 * rather than condition-checked inside it: a check on the cycle item would make every decision of
 * the cycle conflict with every other one, and with the sign-off, on DynamoDB. A decision written
 * in the instant of the sign-off is no harm: the release reads each decision as it releases its
 * submission, conditional on the submission's version, so it publishes the latest one.
 */
export async function saveDecision(input: { submission: SubmissionItem; previous?: Decision; decision: Decision }): Promise<SaveDecisionResult> {
  const { submission, previous, decision } = input;
  const cycleItem = await getCycle(decision.cycle);
  if (!cycleItem || !DECIDING_STATUSES.includes(cycleItem.status)) return 'cycle-closed';
  const auditView = ({ outcome, criteria, area, ambition, rationale, question }: Decision) => ({ outcome, criteria, area, ambition, rationale, question });
  const areaBefore = previous?.area ?? decision.originalArea;
  const entries: AuditEntry[] = [
    {
      actor: decision.decidedBy,
      action: previous ? 'decision-revised' : 'decision-recorded',
      ...(previous ? { before: auditView(previous) } : {}),
      after: auditView(decision),
      detail: { cycle: decision.cycle, revision: decision.revision, criteriaVersion: decision.criteriaVersion },
    },
    ...(decision.area !== areaBefore
      ? [{ actor: decision.decidedBy, action: 're-tagged', before: { area: areaBefore }, after: { area: decision.area }, detail: { cycle: decision.cycle } }]
      : []),
  ];
  const result = await transactNamed(
    {
      submission: update(submissionsTable(), keys.submission(submission.reference), {
        // The decision as the console's table shows it, so listing a cycle reads no decision item.
        set: { updatedAt: decision.decidedAt, decisionState: { cycle: decision.cycle, outcome: decision.outcome, area: decision.area, promising: decision.promising, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt } },
        add: { version: 1 },
        expect: { status: 'in-review', cycle: decision.cycle, version: submission.version },
      }),
      decision: replace(reviewTable(), { ...keys.decision(decision.reference, decision.cycle), itemType: 'decision', ...decision }, previous ? { revision: previous.revision } : { pk: null }),
    },
    [
      ...entries.map((entry) => auditPut(submission.reference, entry, decision.decidedAt)),
      // The first decision moves the submission from undecided to decided; a revision changes no count.
      ...(previous ? [] : countProgress(submission.reference, [{ cycle: decision.cycle, change: { decided: 1, undecided: -1 } }])),
    ],
  );
  if (result.ok) return 'saved';
  if (result.failed.includes('decision')) return 'decision-changed';
  return 'submission-changed';
}

/** Cycle statuses in which reviewers decide. */
const DECIDING_STATUSES: readonly CycleStatus[] = ['collecting', 'open'];

// ---------------------------------------------------------------- per-cycle results

/**
 * How each submission left a cycle, written in the transaction that moved it. Summaries read these
 * rather than the cycle index, which forgets a carried-over submission as soon as the next cycle
 * collects it.
 */
export { CYCLE_RESULTS };

export const cycleResultSchema = z.object({
  cycle: z.string(),
  reference: z.string(),
  result: z.enum(CYCLE_RESULTS),
  area: z.enum(AREA_IDS),
  originalArea: z.enum(AREA_IDS),
  promising: z.boolean(),
  at: z.string(),
});
export type CycleResult = z.infer<typeof cycleResultSchema>;

const resultKey = (cycle: string, reference: string) => ({ pk: `RESULTS#${cycle}`, sk: reference });

function resultItem(result: CycleResult) {
  return { ...resultKey(result.cycle, result.reference), itemType: 'cycle-result', ...result };
}

/** A cycle's results, a page of DynamoDB's (up to 1 MB, some thousands of results) at a time: readers keep what they need of each. */
export async function* cycleResultPages(cycle: string): AsyncGenerator<CycleResult[]> {
  let cursor: string | undefined;
  do {
    const page = await queryPage({
      TableName: reviewTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': resultKey(cycle, '').pk },
      ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, [ATTR.pk, ATTR.sk], { [ATTR.pk]: resultKey(cycle, '').pk }) } : {}),
    });
    yield page.items.map((item) => cycleResultSchema.parse(item));
    cursor = page.cursor;
  } while (cursor);
}

/**
 * A cycle's counts taken the long way, from its submissions, their decisions and its results: what
 * the counters must always equal. It seeds the counters of a cycle opened before they existed.
 * It reads the whole cycle: for tests and the one-off migration, never for a step of the review.
 */
export async function recountCycle(cycle: string): Promise<CycleCounts> {
  const progress: CycleProgress = { submissions: 0, byStatus: {}, decided: 0, undecided: 0, results: {} };
  const withdrawn: string[] = [];
  let pocUninformed = 0;
  for await (const page of cycleSubmissions(cycle)) {
    progress.submissions += page.length;
    for (const { status } of page) progress.byStatus[status] = (progress.byStatus[status] ?? 0) + 1;
    const waiting = page.filter((submission) => waitsInCycle(submission, cycle)).map((submission) => submission.reference);
    const decisions = await getDecisions(waiting, cycle);
    progress.decided += decisions.size;
    progress.undecided += waiting.length - decisions.size;
    withdrawn.push(...page.filter((submission) => submission.status === 'withdrawn').map((submission) => submission.reference));
    pocUninformed += page.filter((submission) => submission.pocInformed === false).length;
  }
  const settled = new Set<string>();
  for await (const page of cycleResultPages(cycle)) {
    for (const { reference, result } of page) {
      progress.results[result] = (progress.results[result] ?? 0) + 1;
      settled.add(reference);
    }
  }
  return { progress, withdrawnInReview: withdrawn.filter((reference) => !settled.has(reference)).length, pocUninformed };
}

/** A cycle's progress counted the long way (see `recountCycle`). */
export async function recountProgress(cycle: string): Promise<CycleProgress> {
  return (await recountCycle(cycle)).progress;
}

// ---------------------------------------------------------------- duplicates

/**
 * Duplicate detection without a scan: every collected submission leaves a marker under its
 * duplicate key (member + normalised title), sorted by when it was received, so the earlier
 * submissions with the same key are one Query away.
 */
const duplicateMarkerKey = (duplicateKey: string, receivedAt: string, reference: string) => ({
  pk: `DUPLICATES#${duplicateKey}`,
  sk: queueKey(receivedAt, reference),
});

export async function registerDuplicateKey(submission: SubmissionItem, duplicateKey: string): Promise<void> {
  const marker = { ...duplicateMarkerKey(duplicateKey, submission.receivedAt, submission.reference), itemType: 'duplicate-marker', reference: submission.reference };
  try {
    await dynamo().send(new PutCommand(create(reviewTable(), marker).Put));
  } catch (error) {
    // Already registered when collected in an earlier cycle (or an earlier attempt of this page).
    if (!isConditionFailure(error)) throw error;
  }
}

/** The first submission received before this one under the same duplicate key, if any. */
export async function earliestDuplicate(submission: SubmissionItem, duplicateKey: string): Promise<string | undefined> {
  const own = duplicateMarkerKey(duplicateKey, submission.receivedAt, submission.reference);
  const page = await queryPage({
    TableName: reviewTable(),
    KeyConditionExpression: 'pk = :pk AND sk < :own',
    ExpressionAttributeValues: { ':pk': own.pk, ':own': own.sk },
    Limit: 1,
  });
  const first = page.items[0];
  return first ? z.string().parse(first.reference) : undefined;
}
