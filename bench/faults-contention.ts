import * as z from 'zod';
import { callApi } from '../infra/local/api-client.ts';
import { sleep } from '../infra/local/processes.ts';
import { CRITERION_IDS } from '../shared/domain/criteria.ts';
import { cycleContaining } from '../shared/domain/cycle.ts';

/**
 * Reviewers deciding at once, through the API with their tokens, on a real cycle (the one the load
 * filled, collected and screened by the state machines), with the platform's fault injection on:
 * decisions on different submissions must all succeed (a transaction conflict or throttling never
 * surfaces as a 409), and two reviewers deciding one submission on the same version give exactly
 * one winner, the other refused with the catalog's code.
 */

export interface ContentionResult {
  cycle: string;
  /** Submissions the cycle collected. */
  collected: number;
  /** Cycle start → open for decisions (collect, screen, every decision task waiting). */
  openSeconds: number;
  distinct: { decisions: number; succeeded: number; statuses: Record<string, number>; seconds: number };
  contested: {
    pairs: number;
    oneWinner: number;
    bothWon: number;
    noWinner: number;
    /** Status and error code of each loser. */
    losers: Record<string, number>;
    seconds: number;
  };
  /** Read back after both: submissions with exactly one decision, revision 1, by the reviewer who was told it won. */
  consistent: number;
  checked: number;
}

const REVIEWERS = ['reviewer@example.org', 'reviewer2@example.org'] as const;
const OPEN_TIMEOUT_MS = 300_000;

const listingSchema = z.object({
  submissions: z.array(
    z.looseObject({
      reference: z.string(),
      status: z.string(),
      version: z.number().int(),
      decision: z.looseObject({ decidedBy: z.string(), revision: z.number().int() }).nullable(),
    }),
  ),
  nextCursor: z.string().nullable().optional(),
});
type Listed = z.infer<typeof listingSchema>['submissions'][number];
const errorSchema = z.object({ error: z.object({ code: z.string() }) });

const decision = (rationale: string) => ({
  outcome: 'eligible',
  criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass'])),
  area: 'digital-governance',
  ambition: 'substantial',
  rationale,
});

export async function measureContention(apiUrl: string, count = 100): Promise<ContentionResult> {
  const tokenFor = async (email: string) => {
    const reply = await callApi<{ token: string }>(apiUrl, '/local/auth/token', { method: 'POST', json: { email } });
    if (reply.status !== 200) throw new Error(`dev sign-in for ${email} answered ${reply.status}: ${reply.text}`);
    return reply.body.token;
  };
  const admin = await tokenFor('admin@example.org');
  const reviewers = await Promise.all(REVIEWERS.map(tokenFor));

  const cycle = cycleContaining(new Date(), 'UTC');
  const started = Date.now();
  const start = await callApi(apiUrl, '/v1/review/cycles', { method: 'POST', json: { cycle }, token: admin });
  if (start.status !== 202 && start.status !== 200) throw new Error(`starting cycle ${cycle} answered ${start.status}: ${start.text}`);
  for (;;) {
    const reply = await callApi<{ cycle?: { status?: string } }>(apiUrl, `/v1/review/cycles/${cycle}`, { token: admin });
    if (reply.body?.cycle?.status === 'open') break;
    if (Date.now() - started > OPEN_TIMEOUT_MS) throw new Error(`cycle ${cycle} did not open within ${OPEN_TIMEOUT_MS / 1000} s: ${reply.text}`);
    await sleep(250);
  }
  const openSeconds = (Date.now() - started) / 1000;

  const list = async (): Promise<Listed[]> => {
    const all: Listed[] = [];
    let cursor: string | null | undefined;
    do {
      const reply = await callApi(apiUrl, `/v1/review/cycles/${cycle}/submissions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
      if (reply.status !== 200) throw new Error(`listing cycle ${cycle} answered ${reply.status}: ${reply.text}`);
      const page = listingSchema.parse(reply.body);
      all.push(...page.submissions);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  const collected = await list();
  const open = collected.filter((submission) => submission.status === 'in-review' && !submission.decision);
  if (open.length < 3 * count) throw new Error(`cycle ${cycle} has ${open.length} submissions open for decisions; ${3 * count} are needed`);
  const distinctTargets = open.slice(0, count);
  const contestedTargets = open.slice(count, 2 * count);

  const decide = (submission: Listed, reviewer: number, rationale: string) =>
    callApi(apiUrl, `/v1/review/submissions/${submission.reference}/decision`, {
      method: 'POST',
      json: decision(rationale),
      token: reviewers[reviewer]!,
      headers: { 'if-match': `"${submission.version}"` },
      timeoutMs: 120_000,
    });
  const tally = (record: Record<string, number>, key: string) => {
    record[key] = (record[key] ?? 0) + 1;
  };

  const distinctStarted = Date.now();
  const distinctReplies = await Promise.all(distinctTargets.map((submission, index) => decide(submission, index % 2, 'Decided alongside 99 others.')));
  const distinct = { decisions: count, succeeded: 0, statuses: {} as Record<string, number>, seconds: (Date.now() - distinctStarted) / 1000 };
  for (const reply of distinctReplies) {
    tally(distinct.statuses, String(reply.status));
    if (reply.status === 200) distinct.succeeded++;
  }

  const contestedStarted = Date.now();
  const pairs = await Promise.all(contestedTargets.map((submission) => Promise.all(REVIEWERS.map((_, reviewer) => decide(submission, reviewer, 'Decided by two reviewers at once.')))));
  const contested = { pairs: count, oneWinner: 0, bothWon: 0, noWinner: 0, losers: {} as Record<string, number>, seconds: (Date.now() - contestedStarted) / 1000 };
  const winners = new Map<string, string>();
  pairs.forEach((replies, index) => {
    const won = replies.map((reply, reviewer) => [reply, reviewer] as const).filter(([reply]) => reply.status === 200);
    if (won.length === 1) {
      contested.oneWinner++;
      winners.set(contestedTargets[index]!.reference, REVIEWERS[won[0]![1]]!);
    } else if (won.length === 2) contested.bothWon++;
    else contested.noWinner++;
    for (const reply of replies.filter((reply) => reply.status !== 200)) {
      const code = errorSchema.safeParse(reply.body);
      tally(contested.losers, `${reply.status} ${code.success ? code.data.error.code : reply.text.slice(0, 80)}`);
    }
  });
  distinctTargets.forEach((submission, index) => winners.set(submission.reference, REVIEWERS[index % 2]!));

  const after = new Map((await list()).map((submission) => [submission.reference, submission]));
  const consistent = [...winners].filter(([reference, reviewer]) => {
    const decided = after.get(reference)?.decision;
    return decided?.revision === 1 && decided.decidedBy === reviewer;
  }).length;

  return { cycle, collected: collected.length, openSeconds, distinct, contested, consistent, checked: winners.size };
}
