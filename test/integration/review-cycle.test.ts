import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/config/constants.ts';
import { cycleContaining } from '../../shared/domain/cycle.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { KEY_FILE_NAME, LOCAL_CLIENT_ID } from '../../infra/local/jwt-issuer.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { validSubmission } from '../support/fixtures.ts';
import { startOwnPlatform } from '../support/own-platform.ts';
import { waitFor, type InboxEmail } from '../support/platform.ts';
import { callApi, type ApiReply, type ApiRequest } from '../../infra/local/api-client.ts';

/**
 * A whole monthly review on the local platform, through the HTTP API and the real state machines:
 * submissions → start (twice) → screening → decisions of every outcome, a re-tag, a revision and a
 * race → the deadline carries the undecided one over → release → outcome emails in en/fr/es →
 * reforms, counters, exports → audit trails → an answer to the needs-info question.
 *
 * It runs its own platform: collecting a cycle takes every submission awaiting review, which on
 * the shared platform would sweep up other files' submissions; and it moves the Step Functions
 * clock forward to the reminder and the deadline instead of waiting for them.
 */
const DEADLINE_SECONDS = 3600;
const REMINDER_LEAD_SECONDS = 600;
const REVIEWERS = 'reviewers@example.org';
const SUPPORT_UNIT = 'support-unit@example.org';

let platform: Platform;
let dataDir: string;
let signingKey: CryptoKey;
let kid: string;

beforeAll(async () => {
  // The platform signs dev tokens with the key it finds in its data directory; knowing that key
  // lets this test also mint a token with no staff role at all (no dev user has none).
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ogc-review-'));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  kid = await calculateJwkThumbprint(publicJwk);
  signingKey = privateKey;
  await writeFile(path.join(dataDir, KEY_FILE_NAME), JSON.stringify({ kid, privateJwk }), { mode: 0o600 });

  platform = await startOwnPlatform({
    dataDir,
    env: {
      [ENV.reviewDeadlineSeconds]: String(DEADLINE_SECONDS),
      [ENV.reminderLeadSeconds]: String(REMINDER_LEAD_SECONDS),
      [ENV.reviewersEmail]: REVIEWERS,
      [ENV.supportUnitEmail]: SUPPORT_UNIT,
    },
  });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- helpers

function call<T = any>(method: string, route: string, options: Omit<ApiRequest, 'method'> = {}): Promise<ApiReply<T>> {
  return callApi<T>(platform.apiUrl, route, { ...options, method });
}

/** Moves the Step Functions clock (timeouts, waits) to an instant, as if time had passed. */
function advanceWorkflowClockTo(instant: number): void {
  const clock = platform.stepFunctions.clock;
  clock.advance(Math.max(0, instant - clock.now()));
}

async function inboxOf(address: string): Promise<InboxEmail[]> {
  const response = await fetch(`${platform.sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: InboxEmail[] };
  return emails.filter((email) => email.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

async function tokenWithGroups(groups: string[]): Promise<string> {
  const env = platform.environment;
  return new SignJWT({ token_use: 'id', email: 'nobody@example.org', 'cognito:groups': groups })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(env[ENV.jwtIssuer]!)
    .setAudience(env[ENV.jwtAudience] ?? LOCAL_CLIENT_ID)
    .setSubject('00000000-0000-0000-0000-000000000000')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(signingKey);
}

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.org`;
const allPass = Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass']));

interface Submitted {
  reference: string;
  statusToken: string;
  email: string;
}

async function submit(label: string, overrides: Record<string, unknown>): Promise<Submitted> {
  const email = unique(label);
  const base = validSubmission(overrides);
  const reply = await call<{ reference: string; statusToken: string }>('POST', '/v1/submissions', {
    json: { ...base, submitter: { ...(base.submitter as object), email } },
  });
  expect(reply.status, reply.text).toBe(201);
  return { ...reply.body, email };
}

// ---------------------------------------------------------------- the auth matrix

describe('staff routes', () => {
  const sample = (route: (typeof ROUTES)[number]) =>
    route.path
      .replace('{cycle}', '2026-11')
      .replace('{reference}', 'OGC-2026-11-0001')
      .replace('{id}', 'story-00000000-0000-4000-8000-000000000000')
      .replace(/\{\w+\}/g, 'sample');
  const staffRoutes = ROUTES.filter((route) => route.auth !== 'public');

  it('answer 401 without a valid token, and 403 without the role', async () => {
    const noRole = await tokenWithGroups([]);
    const reviewer = await platform.tokenFor('reviewer@example.org');
    expect(staffRoutes.length).toBeGreaterThanOrEqual(10);
    for (const route of staffRoutes) {
      const label = `${route.method} ${route.path}`;
      const json = route.method === 'POST' ? {} : undefined;
      expect((await call(route.method, sample(route), { json })).status, label).toBe(401);
      expect((await call(route.method, sample(route), { json, token: 'not.a.jwt' })).status, label).toBe(401);
      expect((await call(route.method, sample(route), { json, token: await tokenWithGroups(['reviewer']).then((t) => `${t}x`) })).status, label).toBe(401);
      const forbidden = await call(route.method, sample(route), { json, token: noRole });
      expect(forbidden.status, label).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
      if (route.auth === 'admin') expect((await call(route.method, sample(route), { json, token: reviewer })).status, label).toBe(403);
    }
  });
});

// ---------------------------------------------------------------- a whole cycle

describe('a monthly review cycle', () => {
  it('runs from submissions to published reforms, with every outcome, a race, a carry-over and a full audit trail', async () => {
    const admin = await platform.tokenFor('admin@example.org');
    const reviewer = await platform.tokenFor('reviewer@example.org');
    const reviewer2 = await platform.tokenFor('reviewer2@example.org');
    const hostile = '<script>alert("x")</script> & co';

    // -- submissions: one per path through the review
    const retagged = await submit('retag', { title: 'Publish an open register of public algorithms', coCreated: true });
    const refused = await submit('refused', {
      language: 'fr',
      title: `Registre des lobbies ${hostile}`,
      area: 'anti-corruption',
      leadInstitution: { name: 'Fondation privée', isPublic: false },
    });
    const question = await submit('question', { language: 'es', title: 'Presupuestos abiertos', area: 'fiscal-openness', values: ['transparency'], coCreated: false });
    const duplicate = await submit('duplicate', { title: 'PUBLISH an open register of public algorithms!' });
    const undecided = await submit('undecided', { title: 'Open courts data', area: 'justice' });
    const withdrawn = await submit('withdrawn', { title: 'Open procurement portal', area: 'anti-corruption' });
    const locality = await submit('locality', {
      title: '+Open budgets for Kisumu',
      area: 'fiscal-openness',
      member: { type: 'local-non-member', memberId: 'kenya', jurisdiction: 'Kisumu' },
      government: { level: 'local', branch: 'executive' },
      leadInstitution: { name: 'County Government of Kisumu', isPublic: true },
    });
    const all = [retagged, refused, question, duplicate, undecided, withdrawn, locality];

    // -- start the cycle of this month by hand; a second start is harmless
    const cycle = cycleContaining(new Date(), 'UTC');
    const started = await call('POST', '/v1/review/cycles', { json: { cycle }, token: admin });
    expect(started.status, started.text).toBe(202);
    expect(started.body.started).toBe(true);
    const again = await call('POST', '/v1/review/cycles', { json: { cycle }, token: admin });
    expect(again.status, again.text).toBe(200);
    expect(again.body.started).toBe(false);
    expect((await call('POST', '/v1/review/cycles', { json: { cycle: '2099-01' }, token: admin })).status).toBe(400);

    // -- collected and screened; the cycle opens for decisions
    const opened = await waitFor(async () => {
      const reply = await call('GET', `/v1/review/cycles/${cycle}`, { token: reviewer });
      return reply.body?.cycle?.status === 'open' && reply.body;
    }, { timeoutMs: 30_000, what: 'the cycle to open' });
    expect(opened.cycle).not.toHaveProperty('releaseTaskToken');
    expect(opened.progress).toMatchObject({ submissions: 7, decided: 0, undecided: 7, byStatus: { 'in-review': 7 } });

    const listed = await call('GET', `/v1/review/cycles/${cycle}/submissions?limit=200`, { token: reviewer });
    expect(listed.status, listed.text).toBe(200);
    const byReference = new Map<string, any>(listed.body.submissions.map((submission: any) => [submission.reference, submission]));
    expect([...byReference.keys()].sort()).toEqual(all.map((submission) => submission.reference).sort());
    const screeningOf = (submitted: Submitted) => byReference.get(submitted.reference).screening.criteria;
    expect(screeningOf(retagged)['thematic-relevance'].verdict).toBe('needs-judgement');
    expect(screeningOf(retagged)['ongoing-or-planned'].verdict).toBe('pass');
    expect(screeningOf(refused)['public-ownership'].verdict).toBe('fail');
    expect(screeningOf(question)['open-government-values'].verdict).toBe('needs-judgement');
    expect(byReference.get(duplicate.reference).duplicateOf).toBe(retagged.reference);
    expect(byReference.get(retagged.reference).duplicateOf).toBeNull();
    // Staff see contact details; nobody sees tokens.
    expect(byReference.get(refused.reference).request.submitter.email).toBe(refused.email);
    expect(listed.text).not.toMatch(/decisionTaskToken|tokenHash/);

    // -- the digest reached the reviewers
    const digest = await waitFor(async () => (await inboxOf(REVIEWERS)).find((mail) => mail.subject.includes(`cycle ${cycle} is open`)), { timeoutMs: 15_000, what: 'the digest' });
    expect(digest.subject).toContain('7 submissions to review');

    // -- decisions
    const decide = (submitted: Submitted, body: Record<string, unknown>, token = reviewer, headers: Record<string, string> = {}) =>
      call('POST', `/v1/review/submissions/${submitted.reference}/decision`, { json: body, token, headers });
    const versionOf = (submitted: Submitted) => String(byReference.get(submitted.reference).version);
    const eligible = { outcome: 'eligible', criteria: allPass, ambition: 'substantial', rationale: 'Ambitious and co-created.' };

    const first = await decide(retagged, { ...eligible, area: 'public-participation' }, reviewer, { 'if-match': `"${versionOf(retagged)}"` });
    expect(first.status, first.text).toBe(200);
    expect(first.body.decision).toMatchObject({ outcome: 'eligible', area: 'public-participation', originalArea: 'digital-governance', promising: true, revision: 1 });
    expect(first.headers.get('etag')).toBe(`"${first.body.version}"`);
    // A decision made on the version read before the first one is refused.
    expect((await decide(retagged, { ...eligible, area: 'justice' }, reviewer2, { 'if-match': `"${versionOf(retagged)}"` })).status).toBe(409);
    const revised = await decide(retagged, { ...eligible, area: 'public-participation', rationale: 'Revised: substantial ambition confirmed.' }, reviewer, {
      'if-match': first.headers.get('etag')!,
    });
    expect(revised.status, revised.text).toBe(200);
    expect(revised.body.decision.revision).toBe(2);

    const refusal = await decide(refused, { outcome: 'not-eligible', criteria: { ...allPass, 'public-ownership': 'fail' }, area: 'anti-corruption', ambition: 'modest', rationale: 'Owned by a private foundation.' });
    expect(refusal.status, refusal.text).toBe(200);
    const asked = await decide(question, {
      outcome: 'needs-info',
      criteria: allPass,
      area: 'fiscal-openness',
      ambition: 'unclear',
      rationale: 'Ownership unclear.',
      question: 'Which agency <b>owns</b> the budget portal?',
    });
    expect(asked.status, asked.text).toBe(200);
    expect((await decide(locality, { ...eligible, area: 'fiscal-openness', ambition: 'modest' })).status).toBe(200);
    const invalid = await decide(locality, { ...eligible, area: 'fiscal-openness', outcome: 'not-eligible' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields).toEqual([{ path: 'criteria', message: expect.any(String) }]);

    // Two reviewers decide the same submission at the same moment: exactly one wins.
    const race = await Promise.all(
      [reviewer, reviewer2].map((token) =>
        decide(duplicate, { outcome: 'not-eligible', criteria: { ...allPass, 'thematic-relevance': 'fail' }, area: 'digital-governance', ambition: 'modest', rationale: 'Duplicate.' }, token, {
          'if-match': versionOf(duplicate),
        }),
      ),
    );
    expect(race.map((reply) => reply.status).sort()).toEqual([200, 409]);
    expect(race.find((reply) => reply.status === 409)!.body.error.code).toBe('conflict');

    // The submitter withdraws one while it is in review.
    expect((await call('POST', `/v1/submissions/${withdrawn.reference}/withdraw?token=${withdrawn.statusToken}`)).status).toBe(200);

    // -- the reminder lists what is undecided; at the deadline the undecided one carries over
    const deadline = Date.parse(opened.cycle.deadline);
    advanceWorkflowClockTo(deadline - REMINDER_LEAD_SECONDS * 1000);
    const reminder = await waitFor(async () => (await inboxOf(REVIEWERS)).find((mail) => mail.subject.includes('undecided')), { timeoutMs: 15_000, what: 'the reminder' });
    expect(reminder.body.text).toContain(undecided.reference);
    expect(reminder.body.text).not.toContain(retagged.reference);

    advanceWorkflowClockTo(deadline + 1000);
    await waitFor(async () => {
      const reply = await call('GET', `/v1/review/cycles/${cycle}/submissions?limit=200`, { token: reviewer });
      return reply.body.submissions.find((submission: any) => submission.reference === undecided.reference)?.status === 'awaiting-review';
    }, { timeoutMs: 15_000, what: 'the carry-over at the deadline' });
    expect((await decide(undecided, { ...eligible, area: 'justice' })).status).toBe(409);

    // -- release: the reviewer cannot, the admin can, once
    expect((await call('POST', `/v1/review/cycles/${cycle}/release`, { token: reviewer })).status).toBe(403);
    const release = await call('POST', `/v1/review/cycles/${cycle}/release`, { token: admin });
    expect(release.status, release.text).toBe(202);
    expect(release.body).toMatchObject({ status: 'releasing', releaseRequestedBy: 'admin@example.org' });
    expect((await call('POST', `/v1/review/cycles/${cycle}/release`, { token: admin })).status).toBe(409);

    const released = await waitFor(async () => {
      const reply = await call('GET', `/v1/review/cycles/${cycle}`, { token: reviewer });
      return reply.body.cycle.status === 'released' && reply.body;
    }, { timeoutMs: 30_000, what: 'the release' });
    expect(released.cycle.summary).toEqual({ eligible: 2, notEligible: 2, needsInfo: 1, carriedOver: 1, withdrawn: 1, retagged: 1, promising: 1 });
    expect((await decide(refused, { ...eligible, area: 'anti-corruption' })).status).toBe(409);

    // The run and every decision task ended cleanly (decided, carried over, or closed early).
    const machineArn = (name: string) => Object.entries(platform.stateMachines).find(([machine]) => machine.includes(name))![1];
    const executions = (name: string) => platform.stepFunctions.listExecutions({ stateMachineArn: machineArn(name) }).executions as { name: string; status: string }[];
    await waitFor(async () => executions('ReviewCycle').find((execution) => execution.name === `cycle-${cycle}`)?.status === 'SUCCEEDED', { timeoutMs: 15_000, what: 'the run to end' });
    const decisionRuns = executions('ReviewDecision');
    expect(decisionRuns.map((execution) => execution.name).sort()).toEqual(all.map((submission) => `${cycle}_${submission.reference}`).sort());
    expect(new Set(decisionRuns.map((execution) => execution.status))).toEqual(new Set(['SUCCEEDED']));

    // -- what each submitter sees
    const statusOf = async (submitted: Submitted) => (await call('GET', `/v1/submissions/${submitted.reference}?token=${submitted.statusToken}`)).body;
    expect(await statusOf(retagged)).toMatchObject({ status: 'published', outcome: { outcome: 'eligible', area: 'public-participation', cycle } });
    expect(await statusOf(refused)).toMatchObject({ status: 'not-eligible', outcome: { failedCriteria: ['public-ownership'] } });
    expect(await statusOf(question)).toMatchObject({ status: 'needs-info', question: 'Which agency <b>owns</b> the budget portal?' });
    expect(await statusOf(undecided)).toMatchObject({ status: 'awaiting-review' });
    expect(await statusOf(withdrawn)).toMatchObject({ status: 'withdrawn' });
    expect(JSON.stringify(await statusOf(retagged))).not.toContain('rationale');

    // -- outcome emails, each in the submitter's language, user text escaped, never in the subject
    const outcomeMail = (submitted: Submitted) =>
      waitFor(
        async () => (await inboxOf(submitted.email)).find((mail) => /(review of|l'examen de|revisión de) OGC-/.test(mail.subject)),
        { timeoutMs: 15_000, what: `the outcome for ${submitted.reference}` },
      );
    const [toRetagged, toRefused, toQuestion] = await Promise.all([outcomeMail(retagged), outcomeMail(refused), outcomeMail(question)]);
    expect(toRetagged.subject).toBe(`Open Gov Challenge: outcome of the review of ${retagged.reference}`);
    expect(toRetagged.body.text).toContain('Public Participation');
    expect(toRetagged.body.text).toContain('submitted under Digital Governance');
    expect(toRefused.subject).toBe(`Défi pour un gouvernement ouvert : résultat de l'examen de ${refused.reference}`);
    expect(toRefused.body.text).toContain('Appropriation publique');
    expect(toRefused.body.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(toRefused.body.html).not.toContain('<script>');
    expect(toRefused.body.text).not.toContain('Owned by a private foundation');
    expect(toQuestion.subject).toContain(`Desafío de Gobierno Abierto`);
    expect(toQuestion.body.html).toContain('Which agency &lt;b&gt;owns&lt;/b&gt; the budget portal?');
    for (const mail of [toRetagged, toRefused, toQuestion]) expect(mail.subject).not.toMatch(/script|algorithms|Presupuestos|Registre/);
    expect((await inboxOf(undecided.email)).map((mail) => mail.subject)).toEqual([expect.stringContaining('received')]);
    expect((await inboxOf(withdrawn.email)).length).toBe(1);

    const summary = await waitFor(async () => (await inboxOf(SUPPORT_UNIT)).find((mail) => mail.subject.includes(`cycle ${cycle} released`)), { timeoutMs: 15_000, what: 'the summary' });
    expect(summary.subject).toContain('2 eligible, 2 not eligible, 1 needs info, 1 carried over');
    expect(summary.body.text).toContain(`${retagged.reference}: Digital Governance → Public Participation`);
    expect(summary.body.text).toContain(undecided.reference);

    // -- publication: reforms, filters, pages, exports, counters — and no contact detail anywhere
    const reforms = await call('GET', '/v1/reforms');
    expect(reforms.status).toBe(200);
    expect(reforms.body.reforms.map((reform: any) => reform.reference).sort()).toEqual([retagged.reference, locality.reference].sort());
    expect(reforms.body.reforms.find((reform: any) => reform.reference === retagged.reference)).toMatchObject({
      countryOrLocal: 'Kenya',
      levelOfGovernment: 'National',
      leadInstitution: 'Office of the Data Protection Commissioner',
      challengeArea: 'public-participation',
      region: 'africa-middle-east',
    });
    for (const reply of [reforms, await call('GET', '/v1/reforms.json'), await call('GET', '/v1/reforms.csv'), await call('GET', '/v1/stats')]) {
      expect(reply.text).not.toContain('@');
    }
    expect((await call('GET', '/v1/reforms?area=public-participation')).body.reforms.map((reform: any) => reform.reference)).toEqual([retagged.reference]);
    expect((await call('GET', `/v1/reforms?level=${encodeURIComponent('Local (non-member)')}`)).body.reforms.map((reform: any) => reform.reference)).toEqual([locality.reference]);
    expect((await call('GET', '/v1/reforms?region=europe')).body.reforms).toEqual([]);
    const firstPage = await call('GET', '/v1/reforms?limit=1');
    expect(firstPage.body.reforms).toHaveLength(1);
    const secondPage = await call('GET', `/v1/reforms?limit=1&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body.reforms).toHaveLength(1);
    expect(secondPage.body.reforms[0].reference).not.toBe(firstPage.body.reforms[0].reference);
    expect((await call('GET', '/v1/reforms?cursor=forged')).status).toBe(400);

    const csv = await call('GET', '/v1/reforms.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('Country/Local,Level of Government,Lead Institution,Title of Reform,Challenge Area');
    expect(lines).toContain(`"Kisumu, Kenya",Local (non-member),County Government of Kisumu,'+Open budgets for Kisumu,Fiscal Openness`);
    expect((await call('GET', '/v1/reforms.json')).body.reforms).toHaveLength(2);

    const stats = await call('GET', '/v1/stats');
    expect(stats.body).toMatchObject({
      participatingCountries: 1,
      participatingLocalities: 1,
      challengeCommitments: { total: 2, byArea: { 'public-participation': 1, 'fiscal-openness': 1, 'digital-governance': 0 } },
    });

    // -- the audit trail tells the whole story
    const actions = async (submitted: Submitted) =>
      (await call('GET', `/v1/review/submissions/${submitted.reference}/audit`, { token: reviewer })).body.entries.map((entry: any) => entry.action);
    // The decision and its re-tag are one transaction, at one instant: their order within it is not defined.
    const retaggedTrail = await actions(retagged);
    expect(retaggedTrail[0]).toBe('collected');
    expect(retaggedTrail.slice(1, 3).sort()).toEqual(['decision-recorded', 're-tagged']);
    expect(retaggedTrail.slice(3)).toEqual(['decision-revised', 'released']);
    expect((await actions(duplicate)).filter((action: string) => action === 'decision-recorded')).toHaveLength(1);
    expect(await actions(undecided)).toEqual(['collected', 'carried-over']);
    expect(await actions(withdrawn)).toEqual(['collected', 'withdrawn']);
    const trail = (await call('GET', `/v1/review/submissions/${retagged.reference}/audit`, { token: reviewer })).body.entries;
    expect(trail.find((entry: any) => entry.action === 're-tagged')).toMatchObject({
      actor: 'reviewer@example.org',
      before: { area: 'digital-governance' },
      after: { area: 'public-participation' },
    });
    expect(trail.find((entry: any) => entry.action === 'decision-revised').before.rationale).toBe('Ambitious and co-created.');

    // -- the needs-info submitter answers; the submission waits for the next cycle
    const answer = await call('POST', `/v1/submissions/${question.reference}/answer?token=${question.statusToken}`, { json: { answer: 'The Ministry of Finance.' } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.status).toBe('awaiting-review');
    expect((await call('POST', `/v1/submissions/${question.reference}/answer?token=${question.statusToken}`, { json: { answer: 'Again.' } })).status).toBe(409);
    const acknowledgement = await waitFor(async () => (await inboxOf(question.email)).find((mail) => mail.subject.includes('recibimos su respuesta')), { timeoutMs: 15_000, what: 'the acknowledgement' });
    expect(acknowledgement.subject).toContain(question.reference);
    expect(await actions(question)).toEqual(['collected', 'decision-recorded', 'released', 'answered']);
  }, 240_000);
});
