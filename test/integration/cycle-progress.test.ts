import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import type { SubmissionRequest } from '../../shared/domain/schemas.ts';
import { screeningSchema } from '../../shared/domain/screening.ts';
import { answerQuestion } from '../../shared/intake/answer-question.ts';
import { submitCommitment } from '../../shared/intake/submit-commitment.ts';
import { withdrawSubmission } from '../../shared/intake/submitter-view.ts';
import { collectPage } from '../../shared/review/collect.ts';
import { openCycle } from '../../shared/review/cycles.ts';
import { carryOver, recordDecision } from '../../shared/review/decisions.ts';
import { releasePage } from '../../shared/review/release.ts';
import { dynamo } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { migrateStoredData } from '../../shared/store/migrations.ts';
import { readProgress } from '../../shared/store/progress-counters.ts';
import {
  collectSubmission,
  getCycle,
  getSubmissions,
  holdReleaseToken,
  markReleasing,
  queuedBefore,
  recountProgress,
} from '../../shared/store/review-store.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';
import { validSubmission } from '../support/fixtures.ts';
import { useOwnTables } from '../support/in-process.ts';

/**
 * Cycle progress comes from counters written in the transactions that move submissions. These
 * tests drive a real cycle through the review's own functions on tables of this file's own, and
 * check after every step that the counters equal a recount of the submissions themselves.
 */

const thisMonth = new Date().toISOString().slice(0, 7);
const nextMonth = (() => {
  const [year, month] = thisMonth.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
})();

/**
 * Decisions at once: on 64 counter shards, some dozen pairs of them update the same shard together
 * (`npm run faults` decides 100 at once on the whole platform).
 */
const CONCURRENT = 40;

async function submit(title: string, receivedAt = new Date()) {
  const request = { ...validSubmission({ title }), submitter: { name: 'Amina Odhiambo', email: `progress-${randomUUID().slice(0, 8)}@example.org`, position: 'Analyst' } };
  const { receipt } = await submitCommitment(request as SubmissionRequest, { now: receivedAt });
  return { reference: receipt.reference, token: receipt.statusToken };
}

const decide = (reference: string, outcome: 'eligible' | 'not-eligible' | 'needs-info', rationale = 'Meets the criteria as written.') =>
  recordDecision(
    reference,
    {
      outcome,
      criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, outcome === 'not-eligible' ? 'fail' : 'pass'])) as never,
      area: 'digital-governance',
      ambition: 'substantial',
      rationale,
      ...(outcome === 'needs-info' ? { question: 'Which agencies does the register cover?' } : {}),
    },
    'reviewer@example.org',
    undefined,
  );

/** A screening as collect stores it (what it says does not matter to the counts). */
const screening = screeningSchema.parse({
  screenedAt: new Date().toISOString(),
  criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, { verdict: 'pass', reason: 'Screened by the test.' }])),
});

async function collectAll(cycle: string) {
  while ((await collectPage(cycle)).more);
}

async function expectCountsExact(cycle: string) {
  const counted = await readProgress(cycle);
  expect(counted).toEqual(await recountProgress(cycle));
  return counted;
}

// One set of tables for the file: reference numbers are drawn from blocks this process keeps per
// month, which must come from one counter. Each test leaves the review queue empty for the next.
beforeAll(async () => {
  await useOwnTables(`progress-${randomUUID().slice(0, 6)}-`);
});

describe('cycle progress from counters', () => {
  it('equals a full recount through collect, decisions, revisions, withdrawals, carry-over, release and the next cycle', async () => {
    const published = await submit('Open data on public works');
    const refused = await submit('A portal for road budgets');
    const questioned = await submit('Beneficial ownership of road contractors');
    const revised = await submit('Open contracting for bridges');
    const decidedThenWithdrawn = await submit('Citizen audits of school buildings');
    const undecidedWithdrawn = await submit('Public hearings on water tariffs');
    const timedOut = await submit('Open registers of land titles');
    const carriedAtRelease = await submit('Lobbying register for the assembly');
    const neverCollected = await submit('Asset declarations of judges');
    // Withdrawn before any cycle collects it: no cycle counts it.
    await withdrawSubmission(neverCollected.reference, neverCollected.token);

    await openCycle({ cycle: thisMonth });
    const stale = await getSubmissions((await queuedBefore((await getCycle(thisMonth))!.collectBefore, 100)).references);
    await collectAll(thisMonth);
    // A page collected again (a retried invocation after its writes landed) moves nothing and counts nothing.
    expect(await collectPage(thisMonth)).toEqual({ more: false, collected: 0 });
    for (const submission of stale) expect(await collectSubmission(submission, thisMonth, screening, new Date().toISOString())).toBe(false);
    expect(await expectCountsExact(thisMonth)).toEqual({ submissions: 8, byStatus: { 'in-review': 8 }, decided: 0, undecided: 8, results: {} });

    await decide(published.reference, 'eligible');
    await decide(refused.reference, 'not-eligible');
    await decide(questioned.reference, 'needs-info');
    await decide(revised.reference, 'eligible');
    await decide(revised.reference, 'not-eligible', 'On reflection, the reform was adopted before the period.');
    await decide(decidedThenWithdrawn.reference, 'eligible');
    expect(await expectCountsExact(thisMonth)).toMatchObject({ decided: 5, undecided: 3 });

    await withdrawSubmission(decidedThenWithdrawn.reference, decidedThenWithdrawn.token);
    await withdrawSubmission(undecidedWithdrawn.reference, undecidedWithdrawn.token);
    expect(await expectCountsExact(thisMonth)).toEqual({ submissions: 8, byStatus: { 'in-review': 6, withdrawn: 2 }, decided: 4, undecided: 2, results: {} });

    // The deadline passes for one undecided submission; carrying it over twice counts it once.
    expect((await carryOver(thisMonth, timedOut.reference)).carriedOver).toBe(true);
    expect((await carryOver(thisMonth, timedOut.reference)).carriedOver).toBe(false);
    await expectCountsExact(thisMonth);

    // The sign-off and the release: the other undecided one carries over.
    const item = (await getCycle(thisMonth))!;
    expect(await holdReleaseToken(thisMonth, 'sign-off-token', item.releaseTaskToken)).toBe(true);
    expect(await markReleasing({ ...item, status: 'open' }, 'sign-off-token', 'admin@example.org', new Date().toISOString())).toBe(true);
    let cursor: string | undefined;
    do cursor = (await releasePage(thisMonth, cursor)).cursor;
    while (cursor);
    // A release page run again releases nothing twice.
    await releasePage(thisMonth, undefined);
    expect(await expectCountsExact(thisMonth)).toEqual({
      submissions: 8,
      byStatus: { published: 1, 'not-eligible': 2, 'needs-info': 1, 'awaiting-review': 2, withdrawn: 2 },
      decided: 0,
      undecided: 0,
      results: { eligible: 1, 'not-eligible': 2, 'needs-info': 1, 'carried-over': 2 },
    });

    // The question is answered; one carried-over submission is withdrawn while it waits.
    await answerQuestion(questioned.reference, questioned.token, 'The twelve ministries listed in the annex.');
    await withdrawSubmission(carriedAtRelease.reference, carriedAtRelease.token);
    expect(await expectCountsExact(thisMonth)).toMatchObject({ byStatus: { published: 1, 'not-eligible': 2, 'awaiting-review': 2, withdrawn: 3 } });

    // The next cycle collects what waits: the carry-over and the answered question leave this cycle for it.
    await openCycle({ cycle: nextMonth });
    await collectAll(nextMonth);
    expect(await expectCountsExact(thisMonth)).toEqual({
      submissions: 6,
      byStatus: { published: 1, 'not-eligible': 2, withdrawn: 3 },
      decided: 0,
      undecided: 0,
      results: { eligible: 1, 'not-eligible': 2, 'needs-info': 1, 'carried-over': 2 },
    });
    expect(await expectCountsExact(nextMonth)).toEqual({ submissions: 2, byStatus: { 'in-review': 2 }, decided: 0, undecided: 2, results: {} });
  }, 120_000);

  it(`counts ${CONCURRENT} concurrent first decisions on ${CONCURRENT} submissions exactly`, async () => {
    const cycle = '2031-01';
    const submitted = await Promise.all(Array.from({ length: CONCURRENT }, (_, index) => submit(`Open contracting in district ${index + 1}`)));
    await openCycle({ cycle });
    // Two runs collecting at once (a duplicate invocation) still count each submission once.
    await Promise.all([collectAll(cycle), collectAll(cycle)]);
    expect(await expectCountsExact(cycle)).toMatchObject({ submissions: CONCURRENT, undecided: CONCURRENT, decided: 0 });

    await Promise.all(submitted.map(({ reference }) => decide(reference, 'eligible')));
    expect(await expectCountsExact(cycle)).toEqual({ submissions: CONCURRENT, byStatus: { 'in-review': CONCURRENT }, decided: CONCURRENT, undecided: 0, results: {} });
  }, 120_000);
});

describe('the sharded review queue', () => {
  it('gives the oldest submissions first, across every shard, page after page', async () => {
    const cycle = '2031-02';
    const start = Date.now() - 3_600_000;
    // Received in a shuffled order, a second apart.
    const order = Array.from({ length: 40 }, (_, index) => (index * 17) % 40);
    const submitted = await Promise.all(order.map((slot) => submit(`Budget transparency ${slot}`, new Date(start + slot * 1000)).then((receipt) => ({ ...receipt, slot }))));
    const oldestFirst = [...submitted].sort((a, b) => a.slot - b.slot).map(({ reference }) => reference);

    await openCycle({ cycle });
    const { collectBefore } = (await getCycle(cycle))!;
    const seen: string[] = [];
    for (;;) {
      const page = await queuedBefore(collectBefore, 7);
      expect(page.references.length).toBeLessThanOrEqual(7);
      seen.push(...page.references);
      for (const submission of await getSubmissions(page.references)) await collectSubmission(submission, cycle, screening, new Date().toISOString());
      if (!page.more) break;
    }
    expect(seen).toEqual(oldestFirst);
  }, 60_000);

  it('brings data stored under the old status keys into the queue shards and counts its cycles, once', async () => {
    const cycle = '2031-03';
    const { reference } = await submit('Open procurement in the counties');
    // As the old layout stored it: a status and its queue key, no queue shard.
    const { Item } = await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: keys.submission(reference), ConsistentRead: true }));
    const { queue: _queue, ...legacy } = Item!;
    await dynamo().send(new PutCommand({ TableName: submissionsTable(), Item: legacy }));
    await openCycle({ cycle });
    const { collectBefore } = (await getCycle(cycle))!;
    expect((await queuedBefore(collectBefore, 10)).references).toEqual([]);

    expect(await migrateStoredData()).toEqual({ queued: 1, recountedCycles: [cycle] });
    expect(await migrateStoredData()).toBeUndefined();
    expect((await queuedBefore(collectBefore, 10)).references).toEqual([reference]);
    await collectAll(cycle);
    expect(await expectCountsExact(cycle)).toMatchObject({ submissions: 1, undecided: 1 });
  }, 60_000);
});
