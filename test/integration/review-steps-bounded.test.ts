import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR } from '../../shared/config/constants.ts';
import { addresses, resetConfig } from '../../shared/config/env.ts';
import { AREA_IDS } from '../../shared/domain/areas.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import type { DecisionRequest } from '../../shared/domain/schemas.ts';
import { submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { newStatusToken } from '../../shared/domain/status-token.ts';
import { formatReference } from '../../shared/domain/submission.ts';
import { submissionItem } from '../../shared/intake/submit-commitment.ts';
import { withdrawSubmission } from '../../shared/intake/submitter-view.ts';
import { EMAIL_EXAMPLE_LIMIT } from '../../shared/mail/review-templates.ts';
import { publishPublicData } from '../../shared/publication/publish.ts';
import { directoryStore } from '../../shared/publication/public-file-store.ts';
import type { PocFollowUp } from '../../shared/registry/poc.ts';
import { collectPage } from '../../shared/review/collect.ts';
import { mapConcurrently } from '../../shared/review/concurrency.ts';
import { putAll } from '../../shared/store/batch-writes.ts';
import { recordDecision } from '../../shared/review/decisions.ts';
import { notifyReviewers, sendReminders } from '../../shared/review/notify.ts';
import { releasePage, sendSummary } from '../../shared/review/release.ts';
import { dynamo } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { migrateStoredData } from '../../shared/store/migrations.ts';
import { readCycleCounts, seedStepCounts } from '../../shared/store/progress-counters.ts';
import { loadMembers } from '../../shared/store/registry.ts';
import { createCycle, getCycle, getDecision, holdReleaseToken, markReleasing, recountCycle } from '../../shared/store/review-store.ts';
import { getSubmission } from '../../shared/store/submissions.ts';
import { reviewTable, submissionsTable } from '../../shared/store/tables-runtime.ts';
import { validSubmission } from '../support/fixtures.ts';
import { useOwnTables } from '../support/in-process.ts';

/**
 * The review's steps after collection — NotifyReviewers, SendReminders, SendSummary — read the
 * cycle's counters and a bounded page, never the whole cycle: the number of DynamoDB requests each
 * makes is the same for a cycle twice as large, and the emails' counts equal a full recount. Runs
 * the real collect, decision, withdrawal and release functions on tables of this file's own, with
 * a request meter on the SDK client the steps share.
 */

// The steps used to read the cycle 100 submissions a page: one page at this size, two at twice it, so
// reading the cycle again shows as more requests for the larger cycle.
const SIZE = 60;
const SIZE_LIMIT = 16 * 1024;
const AREAS = AREA_IDS.slice(0, 6);
const DEADLINE = '2099-12-31T00:00:00.000Z';
let publicDataDir: string;

/** Requests by command since the last `measure`, counted where every command leaves the client. */
const requests = new Map<string, number>();

async function measure<T>(step: () => Promise<T>): Promise<{ result: T; total: number; byCommand: Record<string, number> }> {
  requests.clear();
  const result = await step();
  const byCommand = Object.fromEntries(requests);
  return { result, total: [...requests.values()].reduce((sum, count) => sum + count, 0), byCommand };
}

beforeAll(async () => {
  await useOwnTables(`bounded-${randomUUID().slice(0, 6)}-`);
  // Publication writes its exports here, not into the shared platform's data directory.
  publicDataDir = mkdtempSync(path.join(os.tmpdir(), 'bounded-public-'));
  process.env.PUBLIC_DATA_DIR = publicDataDir;
  resetConfig();
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      requests.set(command, (requests.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'reviewStepsRequestMeter' },
  );
}, 60_000);

afterAll(() => {
  dynamo().middlewareStack.remove('reviewStepsRequestMeter');
  rmSync(publicDataDir, { recursive: true, force: true });
});

const nextMonthStart = (month: string) => {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number, 1)).toISOString();
};

interface Seeded {
  reference: string;
  token: string;
  pocInformed: boolean;
}

/** `count` submissions received during `month`, stored as intake stores them, each with the POC follow-up `followUp` gives it. */
async function seedSubmissions(month: string, count: number, followUp: (index: number) => PocFollowUp): Promise<Seeded[]> {
  const members = [...(await loadMembers()).values()].filter((member) => member.kind === 'national');
  const start = Date.parse(`${month}-01T00:00:00.000Z`);
  const seeded = Array.from({ length: count }, (_, index) => {
    const member = members[index % members.length]!;
    const request = submissionRequestSchema.parse(
      validSubmission({ title: `Open register of public algorithms no. ${index}`, area: AREAS[index % AREAS.length], member: { type: 'national', memberId: member.id } }),
    );
    const token = newStatusToken();
    const reference = formatReference(month, index + 1);
    const pocFollowUp = followUp(index);
    return { reference, token, pocInformed: pocFollowUp.pocInformed, item: submissionItem(request, member, reference, token, new Date(start + index * 60_000), pocFollowUp) };
  });
  await putAll(submissionsTable(), seeded.map(({ item }) => item));
  return seeded.map(({ reference, token, pocInformed }) => ({ reference, token, pocInformed }));
}

const allPass = Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass']));
const decisionFor = (index: number): DecisionRequest =>
  (index % 4 === 2
    ? { outcome: 'not-eligible', criteria: { ...allPass, [CRITERION_IDS[0]!]: 'fail' }, area: AREAS[(index + 1) % AREAS.length], ambition: 'modest', rationale: 'Outside the Challenge.' }
    : { outcome: 'eligible', criteria: allPass, area: AREAS[index % AREAS.length], ambition: 'substantial', rationale: 'Ambitious and co-created.' }) as DecisionRequest;

/** The outbox item a cycle's step owed under `purpose`, if any. */
async function owed(purpose: string) {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: reviewTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :purpose)',
      ExpressionAttributeValues: { ':pk': keys.cycle('').pk, ':purpose': `MAIL#${purpose}#` },
    }),
  );
  expect(Items.length).toBeLessThanOrEqual(1);
  const item = Items[0];
  return item ? { item, bytes: Buffer.byteLength(JSON.stringify(item), 'utf8'), data: item.data as Record<string, any> } : undefined;
}

interface StepCost {
  notify: number;
  reminders: number;
  summary: number;
}

/**
 * A cycle of `size` new submissions (and whatever the previous cycle carried over) from collection
 * to release: a quarter decided eligible, a quarter not eligible, every 25th withdrawn in review,
 * the rest carried over at release — one of which is then withdrawn, which the summary must not
 * count. Checks every email's counts against a recount and returns each step's requests.
 */
async function runCycle(cycle: string, size: number): Promise<StepCost> {
  const seeded = await seedSubmissions(cycle, size, (index) => ({ status: 'awaiting-review', pocInformed: index % 3 !== 0, mails: [] }));
  const now = new Date();
  await createCycle({ cycle, timeZone: 'UTC', collectBefore: nextMonthStart(cycle), openedAt: now.toISOString(), deadline: DEADLINE });
  while ((await collectPage(cycle, now)).more);

  const decided = seeded.flatMap((entry, index) => (index % 4 === 1 || index % 4 === 2 ? [{ reference: entry.reference, decision: decisionFor(index) }] : []));
  await mapConcurrently(decided, 8, ({ reference, decision }) => recordDecision(reference, decision, 'reviewer@example.org', undefined));
  const withdrawnInReview = seeded.filter((_, index) => index % 25 === 3);
  for (const { reference, token } of withdrawnInReview) await withdrawSubmission(reference, token);

  // NotifyReviewers
  const notify = await measure(() => notifyReviewers(cycle, DEADLINE));
  const counted = await recountCycle(cycle);
  expect(notify.result.toReview).toBe(counted.progress.byStatus['in-review']);
  const digest = await owed(`digest-${cycle}`);
  expect(digest?.data.toReview).toBe(counted.progress.byStatus['in-review']);
  const followUp = await owed(`poc-follow-up-${cycle}`);
  const uninformed = seeded.filter((entry) => !entry.pocInformed).map((entry) => entry.reference);
  expect(counted.pocUninformed).toBeGreaterThanOrEqual(uninformed.length);
  expect(followUp?.data.uninformedCount).toBe(counted.pocUninformed);
  expect(followUp?.data.uninformed).toHaveLength(EMAIL_EXAMPLE_LIMIT);
  for (const example of followUp!.data.uninformed) expect(await getSubmission(example.reference)).toMatchObject({ cycle, pocInformed: false });
  expect(followUp!.bytes).toBeLessThan(SIZE_LIMIT);

  // SendReminders
  const reminders = await measure(() => sendReminders(cycle, DEADLINE));
  expect(reminders.result.undecided).toBe(counted.progress.undecided);
  const reminder = await owed(`reminder-${cycle}`);
  expect(reminder?.data.undecided).toBe(counted.progress.undecided);
  expect(reminder?.data.references).toHaveLength(EMAIL_EXAMPLE_LIMIT);
  for (const reference of reminder!.data.references as string[]) {
    expect(await getSubmission(reference, true)).toMatchObject({ status: 'in-review', cycle });
    expect(await getDecision(reference, cycle)).toBeUndefined();
  }
  // A retried step owes nothing twice.
  await sendReminders(cycle, DEADLINE);
  expect(await owed(`reminder-${cycle}`)).toEqual(reminder);

  // The admin's sign-off, and the release page after page.
  expect(await holdReleaseToken(cycle, 'sign-off-token', undefined)).toBe(true);
  expect(await markReleasing((await getCycle(cycle))!, 'sign-off-token', 'admin@example.org', new Date().toISOString())).toBe(true);
  let cursor: string | undefined;
  do cursor = (await releasePage(cycle, cursor)).cursor;
  while (cursor);
  // Withdrawn after it carried over: it left the cycle with a result, so it is not one the summary counts as withdrawn.
  const carriedOver = seeded.find((_, index) => index % 4 === 3 && index % 25 !== 3)!;
  expect(await getSubmission(carriedOver.reference, true)).toMatchObject({ status: 'awaiting-review', cycle });
  await withdrawSubmission(carriedOver.reference, carriedOver.token);

  // SendSummary
  const summary = await measure(() => sendSummary(cycle));
  const settled = await recountCycle(cycle);
  expect(summary.result.summary).toMatchObject({
    eligible: settled.progress.results.eligible,
    notEligible: settled.progress.results['not-eligible'],
    needsInfo: settled.progress.results['needs-info'] ?? 0,
    carriedOver: settled.progress.results['carried-over'],
    withdrawn: withdrawnInReview.length,
  });
  expect(settled.withdrawnInReview).toBe(withdrawnInReview.length);
  const summaryMail = await owed(`summary-${cycle}`);
  expect(summaryMail?.data).toMatchObject({ eligible: settled.progress.results.eligible, withdrawn: withdrawnInReview.length });
  expect(summaryMail!.bytes).toBeLessThan(SIZE_LIMIT);

  // Every counter, the steps' own included, still equals the recount.
  expect(await readCycleCounts(cycle)).toEqual(settled);
  return { notify: notify.total, reminders: reminders.total, summary: summary.total };
}

describe('the review steps after collection', () => {
  const costs: StepCost[] = [];

  it(`read counters and a bounded page for a cycle of ${SIZE}`, async () => {
    costs.push(await runCycle('2030-01', SIZE));
  }, 180_000);

  it(`make the same requests for a cycle of ${2 * SIZE}, with its predecessor's carry-overs`, async () => {
    costs.push(await runCycle('2030-02', 2 * SIZE));
    // The previous cycle's counts still hold once its carry-overs moved on (their markers with them).
    expect(await readCycleCounts('2030-01')).toEqual(await recountCycle('2030-01'));
    const [small, large] = costs as [StepCost, StepCost];
    expect(large).toEqual(small);
    // Small constants: the counters, a page of markers, the queue's shards, a page of rows or results, the writes.
    expect(small.notify).toBeLessThanOrEqual(25);
    expect(small.reminders).toBeLessThanOrEqual(6);
    expect(small.summary).toBeLessThanOrEqual(10);
    console.info(`DynamoDB requests per step at ${SIZE} and ${2 * SIZE} submissions: ${JSON.stringify(costs)}`);
  }, 240_000);

  it('get the step counts a cycle counted before them misses from the migration, once', async () => {
    const cycle = '2030-01';
    const exact = await recountCycle(cycle);
    expect(exact.withdrawnInReview).toBeGreaterThan(0);
    expect(exact.pocUninformed).toBeGreaterThan(0);
    // As counters kept before these two were counted: the same items without them.
    const { Items: shards = [] } = await dynamo().send(
      new QueryCommand({ TableName: reviewTable(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PROGRESS#${cycle}` } }),
    );
    for (const shard of shards) {
      await dynamo().send(new UpdateCommand({ TableName: reviewTable(), Key: { pk: shard.pk, sk: shard.sk }, UpdateExpression: 'REMOVE withdrawnInReview, pocUninformed' }));
    }
    expect(await readCycleCounts(cycle)).toMatchObject({ withdrawnInReview: 0, pocUninformed: 0 });

    expect((await migrateStoredData())?.recountedCycles).toEqual([cycle]);
    expect(await readCycleCounts(cycle)).toEqual(exact);
    expect(await migrateStoredData()).toBeUndefined();
  }, 60_000);

  it('owe a small POC follow-up for hundreds of uninformed submissions and unconfirmed designations', async () => {
    const cycle = '2031-07';
    // Their whole lists would be some 60 KB: four times the bound.
    const uninformed = 600;
    const unconfirmed = 200;
    // Markers as collection leaves them, with their count, and action-plan commitments whose member has no POC to ask.
    await putAll(
      reviewTable(),
      Array.from({ length: uninformed }, (_, index) => {
        const reference = formatReference(cycle, index + 1);
        return { pk: `UNINFORMED#${cycle}`, sk: reference, itemType: 'poc-uninformed', reference, title: `Open budgets of the districts no. ${index}`, memberName: 'Silentia' };
      }),
    );
    expect(await seedStepCounts(cycle, { withdrawnInReview: 0, pocUninformed: uninformed })).toBe(true);
    const waiting = await seedSubmissions('2031-06', unconfirmed, () => ({
      status: 'awaiting-confirmation',
      pocInformed: false,
      designation: { requestedAt: '2031-06-01T00:00:00.000Z', remindersSent: 0 },
      mails: [],
    }));
    await createCycle({ cycle, timeZone: 'UTC', collectBefore: nextMonthStart(cycle), openedAt: new Date().toISOString(), deadline: DEADLINE });

    const notify = await measure(() => notifyReviewers(cycle, DEADLINE));
    expect(notify.total).toBeLessThanOrEqual(costs[0]!.notify + 1);
    const followUp = await owed(`poc-follow-up-${cycle}`);
    expect(followUp?.data).toMatchObject({ uninformedCount: uninformed, unconfirmedCount: unconfirmed });
    expect(followUp?.data.uninformed).toHaveLength(EMAIL_EXAMPLE_LIMIT);
    // The oldest unconfirmed first, as the console's designations page lists them.
    expect(followUp?.data.unconfirmed.map((entry: { reference: string }) => entry.reference)).toEqual(waiting.slice(0, EMAIL_EXAMPLE_LIMIT).map((entry) => entry.reference));
    expect(followUp!.bytes).toBeLessThan(SIZE_LIMIT);
    expect(followUp?.item.to).toBe(addresses().SUPPORT_UNIT_EMAIL);
  }, 120_000);

  it('reads a released cycle’s references only when the public list misses some of its reforms', async () => {
    const cycle = '2030-01';
    const published = (await readCycleCounts(cycle)).progress.results.eligible!;
    // One of the cycle's reforms as the index shows it in the instant after the release wrote it: not listed yet.
    // The second submission of each cycle is decided eligible (see `decisionFor`).
    const late = formatReference(cycle, 2);
    const { Item } = await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: keys.reform(late), ConsistentRead: true }));
    const { [ATTR.publicList]: _list, [ATTR.publicKey]: _key, ...unlisted } = Item!;
    await dynamo().send(new PutCommand({ TableName: submissionsTable(), Item: unlisted }));
    const targets = { files: directoryStore(publicDataDir) };
    let pagesRead = 0;
    async function* references() {
      pagesRead++;
      yield [late];
    }

    // As many listed as the caller expects: nothing more is read (and the late one is missed).
    const listed = await publishPublicData({ targets, releasedCycle: { cycle, reforms: published - 1, references } });
    expect(pagesRead).toBe(0);
    const withLate = await publishPublicData({ targets, releasedCycle: { cycle, reforms: published, references } });
    expect(pagesRead).toBe(1);
    expect(withLate.reforms).toBe(listed.reforms + 1);
  }, 60_000);
});
