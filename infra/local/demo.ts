import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { areaName } from '../../shared/domain/areas.ts';
import { cycleContaining } from '../../shared/domain/cycle.ts';
import { requestFingerprint } from '../../shared/domain/idempotency.ts';
import type { Language } from '../../shared/domain/language.ts';
import type { PublicMember } from '../../shared/domain/members.ts';
import { PAGE_PATHS, pageUrls } from '../../shared/domain/page-urls.ts';
import type { Reform } from '../../shared/domain/reform.ts';
import type { SubmissionRequest } from '../../shared/domain/schemas.ts';
import { normalizeTitle } from '../../shared/domain/screening.ts';
import { reformItem } from '../../shared/store/public-lists.ts';
import { SUBMISSIONS_TABLE } from '../../shared/store/tables.ts';
import {
  DemoDataError,
  loadDemoStories,
  loadDemoSubmissions,
  loadPublishedReforms,
  memberOfTrackerRow,
  type DemoStory,
  type DemoSubmission,
  type TrackerRow,
} from './demo-data/demo-data.ts';
import { localDynamoClient, localTableName } from './dynamodb.ts';
import { DEV_USERS } from './jwt-issuer.ts';
import { callApi, type ApiReply, type ApiRequest } from './api-client.ts';

/**
 * `npm run demo` — run while `npm start` runs in another terminal. It leaves the local platform
 * in a state where a newcomer sees the whole flow:
 *
 *   1. published Challenge reforms from an earlier cycle (OGP's public tracker rows), written
 *      straight into DynamoDB Local — history that predates the platform — then the counters and
 *      exports published again (`POST /v1/admin/public-data`), as a release would;
 *   2. a dozen new commitments in English, French and Spanish, and two inspiration stories,
 *      posted through the public API;
 *   3. this month's review cycle, started as admin and opened, with the sample decisions;
 *   4. a summary of what was created and where to look (inbox, console, public endpoints).
 *
 * The data is in `demo-data/` (JSON files checked against the API's request schemas); this file
 * only drives it. Everything but step 1 goes through the HTTP API, as the site and the review
 * console would. Re-running it is harmless: nothing is created twice, decisions already made are
 * left alone, and a cycle that was already started, or released, is reported as it is.
 *
 * Environment: OGC_API_URL (http://localhost:3000), OGC_DYNAMODB_URL (http://127.0.0.1:8000),
 * OGC_INBOX_URL (http://127.0.0.1:8005), REVIEW_TIME_ZONE (UTC) — match the ports `npm start` uses.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const startedAt = Date.now();
const trimSlash = (url: string) => url.replace(/\/+$/, '');
const API_URL = trimSlash(process.env.OGC_API_URL || 'http://localhost:3000');
const DYNAMODB_URL = trimSlash(process.env.OGC_DYNAMODB_URL || 'http://127.0.0.1:8000');
const INBOX_URL = trimSlash(process.env.OGC_INBOX_URL || 'http://127.0.0.1:8005');
const TIME_ZONE = process.env.REVIEW_TIME_ZONE || 'UTC';

const REVIEWER = 'reviewer@example.org';
const ADMIN = 'admin@example.org';

/** The earlier cycle OGP's tracker rows are presented as published in. */
const HISTORY_CYCLE = '2025-06';
const HISTORY_PUBLISHED_AT = '2025-07-15T10:00:00.000Z';

// ------------------------------------------------------------------------------- small helpers

class DemoError extends Error {
  override readonly name = 'DemoError';
}

const log = (line = '') => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** A step heading, with the time since the start: where a slow run spends its time shows at a glance. */
const step = (title: string) => log(`\n▸ ${title}   [${seconds(Date.now() - startedAt)}]`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;


/** One request to the platform's API; the body is parsed when it is JSON. */
function call<T>(method: 'GET' | 'POST', route: string, options: Omit<ApiRequest, 'method'> = {}): Promise<ApiReply<T>> {
  return callApi<T>(API_URL, route, { ...options, method });
}

/** The API's error shape, squeezed into one line for a message. */
function describeReply(reply: ApiReply<unknown>): string {
  const error = (reply.body as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } } | null)?.error;
  if (!error) return `HTTP ${reply.status} ${reply.text.slice(0, 300)}`;
  const fields = (error.fields ?? []).map((field) => `${field.path}: ${field.message}`).join('; ');
  return `HTTP ${reply.status} ${error.code ?? ''}: ${error.message ?? ''}${fields ? ` (${fields})` : ''}`;
}

function expectStatus<T>(reply: ApiReply<T>, accepted: number[], what: string): ApiReply<T> {
  if (!accepted.includes(reply.status)) throw new DemoError(`${what} failed: ${describeReply(reply)}`);
  return reply;
}

/** Fetch failures that mean "nothing listens there" (as opposed to a slow or failing server). */
function isUnreachable(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code !== undefined && ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(code);
}

const isTimeout = (error: unknown) => (error as Error).name === 'TimeoutError';

/** Polls `probe` until it gives a value, or gives up after `timeoutMs` with `what` in the message. */
async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoError(`Timed out after ${seconds(timeoutMs)} waiting for ${what}`);
    await sleep(400);
  }
}


// ------------------------------------------------------------------------------- 0. the platform

/**
 * Fails fast when nothing listens at the API URL. A platform that is still starting accepts
 * connections but answers once it is ready, so a slow answer is waited for (with a note).
 */
async function checkPlatform(): Promise<void> {
  const note = setTimeout(() => log(`  ${API_URL} is still starting; waiting for it…`), 2000);
  try {
    const reply = await call<{ status?: string }>('GET', '/v1/health', { timeoutMs: 120_000 });
    if (reply.status !== 200) throw new DemoError(`The platform at ${API_URL} is not healthy: ${describeReply(reply)}`);
  } catch (error) {
    if (error instanceof DemoError) throw error;
    if (isUnreachable(error)) throw new DemoError(`Nothing answers at ${API_URL}: start the platform first: npm start\n(or set OGC_API_URL to where it runs)`);
    if (isTimeout(error)) throw new DemoError(`${API_URL} accepts connections but did not answer within 2 minutes: is the platform stuck starting? Look at its terminal.`);
    throw error;
  } finally {
    clearTimeout(note);
  }
}

/** A token from the local platform's dev sign-in (the stand-in for Cognito). */
async function devToken(email: string): Promise<string> {
  const reply = await call<{ token?: string }>('POST', '/local/auth/token', { json: { email } });
  if (reply.status === 404) throw new DemoError(`${API_URL} has no dev sign-in (/local/auth/token): the demo runs against the local platform (npm start) only.`);
  expectStatus(reply, [200], `Signing in as ${email}`);
  if (!reply.body.token) throw new DemoError(`The dev sign-in answered without a token for ${email}`);
  return reply.body.token;
}

async function loadMembers(): Promise<PublicMember[]> {
  const reply = expectStatus(await call<{ members: PublicMember[] }>('GET', '/v1/members'), [200], 'Reading the member registry');
  return reply.body.members;
}

// ------------------------------------------------------------------------------- 1. history

type HistoryResult =
  | { skipped: string }
  | { written: string[]; existing: string[]; unmatched: string[]; references: string[] };

/** References in the earlier cycle, by position in the file: the same row gets the same reference on every run. */
const historyReference = (index: number) => `OGC-${HISTORY_CYCLE}-${String(index + 1).padStart(4, '0')}`;

/**
 * The one step that bypasses the API: reforms OGP published before this platform existed have no
 * submission to release, so their public items are written as release would write them
 * (`reformItem()`), each only if absent.
 */
async function seedPublishedReforms(rows: readonly TrackerRow[], members: readonly PublicMember[]): Promise<HistoryResult> {
  const tableName = localTableName(SUBMISSIONS_TABLE);
  const client = DynamoDBDocumentClient.from(localDynamoClient(DYNAMODB_URL));
  const result = { written: [] as string[], existing: [] as string[], unmatched: [] as string[], references: [] as string[] };
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      return {
        skipped: `could not reach table ${tableName} at ${DYNAMODB_URL} (${(error as Error).name}: ${(error as Error).message}). Set OGC_DYNAMODB_URL to the DynamoDB Local the platform runs (DYNAMODB_PORT).`,
      };
    }
    for (const [index, row] of rows.entries()) {
      const member = memberOfTrackerRow(row, members);
      if (!member) {
        result.unmatched.push(row.countryOrLocal);
        continue;
      }
      const reform: Reform = {
        reference: historyReference(index),
        countryOrLocal: row.countryOrLocal,
        levelOfGovernment: row.levelOfGovernment,
        leadInstitution: row.leadInstitution,
        titleOfReform: row.titleOfReform,
        challengeArea: row.challengeArea,
        region: member.region,
        memberId: member.id,
        country: member.country,
        cycle: HISTORY_CYCLE,
        publishedAt: HISTORY_PUBLISHED_AT,
      };
      result.references.push(reform.reference);
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: reformItem(reform), ConditionExpression: 'attribute_not_exists(pk)' }));
        result.written.push(reform.reference);
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        result.existing.push(reform.reference);
      }
    }
  } finally {
    client.destroy();
  }
  return result;
}

// ------------------------------------------------------------------------------- 2. intake

interface StaffSubmission {
  reference: string;
  status: string;
  cycle?: string;
  version: number;
  decided: boolean;
  duplicateOf: string | null;
  request: { title: string; submitter: { email: string } };
  screening: { criteria: Record<string, { verdict: string; reason: string }> } | null;
}

interface CycleView {
  cycle: string;
  status: 'collecting' | 'open' | 'releasing' | 'released';
  deadline: string;
  openedAt: string;
  releasedAt?: string;
  summary?: { eligible: number; notEligible: number; needsInfo: number; carriedOver: number; withdrawn: number };
}

const submissionKey = (email: string, title: string) => `${email.trim().toLowerCase()}\n${normalizeTitle(title)}`;

/** Every page of one cycle's submissions, as reviewers see them. */
async function cycleSubmissions(cycle: string, token: string): Promise<StaffSubmission[]> {
  const all: StaffSubmission[] = [];
  let cursor: string | undefined;
  do {
    const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply = expectStatus(
      await call<{ submissions: StaffSubmission[]; nextCursor?: string }>('GET', `/v1/review/cycles/${cycle}/submissions?${query}`, { token }),
      [200],
      `Listing the submissions of cycle ${cycle}`,
    );
    all.push(...reply.body.submissions);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return all;
}

/**
 * Demo submissions already in some review cycle, by submitter and title. The Idempotency-Key
 * only replays for a day; this is what keeps a re-run a week later from posting them again.
 */
async function submissionsAlreadyUnderReview(token: string): Promise<Map<string, string>> {
  const reply = expectStatus(await call<{ cycles: CycleView[] }>('GET', '/v1/review/cycles', { token }), [200], 'Listing review cycles');
  const found = new Map<string, string>();
  for (const { cycle } of reply.body.cycles) {
    for (const submission of await cycleSubmissions(cycle, token)) {
      found.set(submissionKey(submission.request.submitter.email, submission.request.title), submission.reference);
    }
  }
  return found;
}

interface Posted {
  demo: DemoSubmission;
  reference: string;
  how: 'created' | 'replayed' | 'already under review';
}

/**
 * The key is the demo id plus a fingerprint of the request: the same request replays its first
 * receipt, and a request edited in this file is a new submission rather than a 422 for reusing a key.
 */
const idempotencyKey = (demo: DemoSubmission) => `ogc-demo-${demo.id}-${requestFingerprint(demo.request).slice(0, 16)}`;

/** Posted one at a time, in order: the near-duplicate must arrive after its original. */
async function postCommitments(commitments: readonly DemoSubmission[], reviewerToken: string): Promise<Posted[]> {
  const existing = await submissionsAlreadyUnderReview(reviewerToken);
  const posted: Posted[] = [];
  for (const demo of commitments) {
    const known = existing.get(submissionKey(demo.request.submitter.email, demo.request.title));
    if (known) {
      posted.push({ demo, reference: known, how: 'already under review' });
      continue;
    }
    const reply = expectStatus(
      await call<{ reference: string }>('POST', '/v1/submissions', { json: demo.request, headers: { 'idempotency-key': idempotencyKey(demo) } }),
      [201],
      `Submitting "${demo.request.title}"`,
    );
    posted.push({ demo, reference: reply.body.reference, how: reply.headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'created' });
  }
  return posted;
}

const storyKey = (story: { title: string; place: string }) => `${normalizeTitle(story.title)}\n${normalizeTitle(story.place)}`;

interface KnownStory {
  id: string;
  state: 'published' | 'awaiting moderation';
}

interface StoryPage {
  stories: { id: string; title?: string; place?: string; request?: { title: string; place: string } }[];
  nextCursor?: string;
}

/** Every page of a story list; the moderation queue nests the story under `request`, the public list does not. */
async function listStories(route: string, token: string | undefined, state: KnownStory['state'], into: Map<string, KnownStory>): Promise<void> {
  let cursor: string | undefined;
  do {
    const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply = expectStatus(await call<StoryPage>('GET', `${route}?${query}`, token ? { token } : {}), [200], `Listing ${route}`);
    for (const story of reply.body.stories) {
      const shown = story.request ?? { title: story.title ?? '', place: story.place ?? '' };
      into.set(storyKey(shown), { id: story.id, state });
    }
    cursor = reply.body.nextCursor;
  } while (cursor);
}

/**
 * Stories awaiting moderation and published ones, by title and place: stories take no
 * Idempotency-Key, so this is what keeps a re-run from sharing them twice.
 */
async function knownStories(reviewerToken: string): Promise<Map<string, KnownStory>> {
  const known = new Map<string, KnownStory>();
  await listStories('/v1/review/stories', reviewerToken, 'awaiting moderation', known);
  await listStories('/v1/stories', undefined, 'published', known);
  return known;
}

interface Shared {
  demo: DemoStory;
  id: string;
  state: KnownStory['state'];
  /** Shared by this run (not found from an earlier one). */
  created: boolean;
}

async function shareStories(stories: readonly DemoStory[], reviewerToken: string): Promise<Shared[]> {
  const known = await knownStories(reviewerToken);
  const shared: Shared[] = [];
  for (const demo of stories) {
    let story = known.get(storyKey(demo.request));
    let created = false;
    if (!story) {
      const reply = expectStatus(await call<{ id: string }>('POST', '/v1/stories', { json: demo.request }), [201], `Sharing the story "${demo.request.title}"`);
      story = { id: reply.body.id, state: 'awaiting moderation' };
      created = true;
    }
    if (demo.publish && story.state === 'awaiting moderation') {
      const note = 'Published by the demo: a first-hand account of participatory budgeting.';
      const reply = await call('POST', `/v1/review/stories/${story.id}/moderation`, { json: { decision: 'publish', note }, token: reviewerToken });
      if (reply.status === 200) story = { ...story, state: 'published' };
      else if (reply.status !== 409) expectStatus(reply, [200], `Publishing the story "${demo.request.title}"`);
    }
    shared.push({ demo, id: story.id, state: story.state, created });
  }
  return shared;
}

// ------------------------------------------------------------------------------- 3. review

interface Progress {
  cycle: CycleView;
  progress: { submissions: number; decided: number; undecided: number; byStatus: Record<string, number> };
}

async function startCycle(cycle: string, adminToken: string): Promise<boolean> {
  const reply = expectStatus(await call<{ started: boolean }>('POST', '/v1/review/cycles', { json: { cycle }, token: adminToken }), [200, 202], `Starting cycle ${cycle}`);
  return reply.status === 202;
}

/** The run collects and screens the month's submissions, starts a decision task for each, then opens. */
async function waitUntilOpen(cycle: string, reviewerToken: string): Promise<Progress> {
  return waitFor(
    async () => {
      const reply = await call<Progress>('GET', `/v1/review/cycles/${cycle}`, { token: reviewerToken });
      if (reply.status === 404) return undefined; // the run has not created the cycle yet
      expectStatus(reply, [200], `Reading cycle ${cycle}`);
      return reply.body.cycle.status === 'collecting' ? undefined : reply.body;
    },
    90_000,
    `cycle ${cycle} to open (look at the platform's terminal for an error in the review run)`,
  );
}

interface Decided {
  reference: string;
  outcome: string;
  how: 'recorded' | 'already decided' | 'not open for decisions';
}

/** Records the sample decisions once: a submission already decided (by the demo or by hand) is left alone. */
async function recordSampleDecisions(cycle: string, posted: readonly Posted[], reviewerToken: string): Promise<Decided[]> {
  const inCycle = new Map((await cycleSubmissions(cycle, reviewerToken)).map((submission) => [submission.reference, submission]));
  const decided: Decided[] = [];
  for (const { demo, reference } of posted) {
    const decision = demo.decision;
    if (!decision) continue;
    const submission = inCycle.get(reference);
    if (!submission || submission.status !== 'in-review') {
      decided.push({ reference, outcome: decision.outcome, how: submission?.decided ? 'already decided' : 'not open for decisions' });
      continue;
    }
    if (submission.decided) {
      decided.push({ reference, outcome: decision.outcome, how: 'already decided' });
      continue;
    }
    const reply = await call('POST', `/v1/review/submissions/${reference}/decision`, {
      json: decision,
      token: reviewerToken,
      // Conditioned on the version just read, as the console does: a decision made meanwhile wins.
      headers: { 'if-match': `"${submission.version}"` },
    });
    if (reply.status === 409) {
      decided.push({ reference, outcome: decision.outcome, how: 'already decided' });
      continue;
    }
    expectStatus(reply, [200], `Deciding ${reference}`);
    decided.push({ reference, outcome: decision.outcome, how: 'recorded' });
  }
  return decided;
}

// ------------------------------------------------------------------------------- 4. summary

interface InboxEmail {
  destination: { to: string[] };
  subject: string;
}

interface MailCounts {
  receipts: Record<Language, number>;
  pocNotices: number;
  digest: boolean;
  storyThanks: number;
  total: number;
}

async function readInbox(): Promise<InboxEmail[] | undefined> {
  try {
    const response = await fetch(`${INBOX_URL}/store`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return undefined;
    return ((await response.json()) as { emails: InboxEmail[] }).emails;
  } catch {
    return undefined;
  }
}

function countMails(emails: readonly InboxEmail[], posted: readonly Posted[], stories: readonly Shared[], cycle: string): MailCounts {
  const to = (email: InboxEmail, address: string) => email.destination.to.some((recipient) => recipient.toLowerCase() === address.toLowerCase());
  const counts: MailCounts = { receipts: { en: 0, fr: 0, es: 0 }, pocNotices: 0, digest: false, storyThanks: 0, total: emails.length };
  for (const { demo, reference } of posted) {
    const about = emails.filter((email) => email.subject.includes(reference));
    if (about.some((email) => to(email, demo.request.submitter.email))) counts.receipts[demo.request.language] += 1;
    if (about.some((email) => !to(email, demo.request.submitter.email))) counts.pocNotices += 1;
  }
  counts.digest = emails.some((email) => email.subject.includes(`cycle ${cycle} is open`));
  counts.storyThanks = stories.filter((story) => emails.some((email) => to(email, story.demo.request.author.email))).length;
  return counts;
}

/**
 * Mail leaves through the outbox and the stream mailer, a moment after the API answers: wait for
 * what this run caused (receipts of new submissions, the digest of a cycle it opened), no longer.
 */
async function settledInbox(posted: readonly Posted[], stories: readonly Shared[], cycle: string, expectDigest: boolean): Promise<MailCounts | undefined> {
  const fresh = posted.filter((item) => item.how === 'created');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const emails = await readInbox();
    if (!emails) return undefined;
    const counts = countMails(emails, posted, stories, cycle);
    const receipts = counts.receipts.en + counts.receipts.fr + counts.receipts.es;
    const waiting = receipts < fresh.length || (expectDigest && !counts.digest);
    if (!waiting || Date.now() > deadline) return counts;
    await sleep(500);
  }
}

/** Where a submission sits, as the public lists will show it. */
function placeOf(request: SubmissionRequest, members: ReadonlyMap<string, PublicMember>): string {
  const member = members.get(request.member.memberId);
  if (!member) return request.member.memberId;
  return request.member.type === 'local-non-member' ? `${request.member.jurisdiction}, ${member.country}` : member.name;
}

/** What the automatic screening found that a reviewer should notice first: a failed criterion, a duplicate. */
function screeningNotes(submission: StaffSubmission | undefined): string[] {
  if (!submission?.screening) return [];
  const failed = Object.entries(submission.screening.criteria)
    .filter(([, result]) => result.verdict === 'fail')
    .map(([criterion, result]) => `screening: ${criterion} fails — ${result.reason}`);
  return [...failed, ...(submission.duplicateOf ? [`screening: possible duplicate of ${submission.duplicateOf}`] : [])];
}

function printSummary(input: {
  history: HistoryResult;
  members: ReadonlyMap<string, PublicMember>;
  inCycle: ReadonlyMap<string, StaffSubmission>;
  posted: readonly Posted[];
  stories: readonly Shared[];
  cycle: string;
  startedNow: boolean;
  progress: Progress;
  decided: readonly Decided[];
  stats: { participatingCountries: number; participatingLocalities: number; challengeCommitments: { total: number } } | undefined;
  mail: MailCounts | undefined;
}): void {
  const { history, members, inCycle, posted, stories, cycle, progress, decided, stats, mail } = input;
  const api = API_URL;
  const pages = pageUrls(API_URL);
  const byReference = new Map(posted.map((item) => [item.reference, item]));

  log('\n' + '─'.repeat(78));
  log(`Open Gov Challenge — demo ready in ${seconds(Date.now() - startedAt)}`);
  log('─'.repeat(78));

  log('\nPublished reforms from an earlier cycle (OGP tracker rows, written to DynamoDB Local)');
  if ('skipped' in history) log(`  skipped: ${history.skipped}`);
  else {
    const range = history.references.length > 0 ? `${history.references[0]} … ${history.references.at(-1)}` : 'none';
    log(`  ${range}: ${history.written.length} written, ${history.existing.length} already there (cycle ${HISTORY_CYCLE})`);
    if (history.unmatched.length > 0) log(`  not in the member registry, left out: ${history.unmatched.join(', ')}`);
  }

  log('\nNew commitments (POST /v1/submissions)');
  for (const { demo, reference, how } of posted) {
    const request = demo.request;
    const label = [placeOf(request, members), areaName(request.area, 'en'), ...(how === 'created' ? [] : [how])].join(' · ');
    log(`  ${reference}  ${request.language}  ${label}`);
    log(`      ${request.title}`);
    for (const note of [...(demo.shows ? [demo.shows] : []), ...screeningNotes(inCycle.get(reference))]) log(`      ↳ ${note}`);
  }

  log('\nInspiration stories (POST /v1/stories; never scored or counted)');
  for (const { demo, state, created } of stories) {
    log(`  [${state}]${created ? '' : ' (already there)'} ${demo.request.title} — ${demo.request.place} (${demo.request.language})`);
  }

  const { cycle: view, progress: counts } = progress;
  log(`\nReview cycle ${cycle}: ${view.status}${input.startedNow ? ' (started by this run)' : ''} — deadline ${view.deadline}`);
  const released = view.summary;
  if (released) {
    log(
      `  released ${view.releasedAt ?? ''}: ${released.eligible} eligible, ${released.notEligible} not eligible, ${released.needsInfo} needs info, ` +
        `${released.carriedOver} carried over to the next cycle, ${released.withdrawn} withdrawn`,
    );
  } else {
    log(`  ${plural(counts.submissions, 'submission')}: ${counts.decided} decided, ${counts.undecided} undecided`);
  }
  for (const { reference, outcome, how } of decided) {
    const title = byReference.get(reference)?.demo.request.title ?? '';
    log(`  ${reference} → ${outcome} (${how === 'recorded' ? `recorded as ${REVIEWER}` : how})  ${title}`);
  }

  log('\nWhere to look');
  if (mail) {
    const receipts = mail.receipts.en + mail.receipts.fr + mail.receipts.es;
    log(`  Mail inbox     ${INBOX_URL}`);
    log(
      `                 ${receipts} receipts (en ${mail.receipts.en}, fr ${mail.receipts.fr}, es ${mail.receipts.es}) with private status links, ` +
        `${mail.pocNotices} POC notices, ${mail.digest ? "the reviewers' digest" : "no reviewers' digest"}, ${mail.storyThanks} story thank-yous`,
    );
    if (receipts < posted.length) log("                 (the emulator keeps mail in memory: what was sent before the platform's last restart is gone)");
  } else {
    log(`  Mail inbox     ${INBOX_URL}   (not reachable from here: set OGC_INBOX_URL to the platform's SES_PORT)`);
  }
  log(`  Public site    ${pages.tracker()}   (the tracker; stories at ${api}${PAGE_PATHS.stories})`);
  log(`  Review console ${pages.consoleCycle(cycle)}`);
  log(`                 dev users: ${DEV_USERS.map((user) => `${user.email} (${user.groups.join(', ')})`).join(', ')}`);
  log(`  Public API     ${api}/v1/reforms   ${api}/v1/reforms.csv   ${api}/v1/reforms.json   ${api}/v1/stats   ${api}/v1/stories`);
  if (stats) {
    log(
      `                 now: ${plural(stats.challengeCommitments.total, 'published Challenge reform')}, ` +
        `${plural(stats.participatingCountries, 'country', 'countries')}, ${plural(stats.participatingLocalities, 'locality', 'localities')}`,
    );
  }
  log(`  API index      ${api}/local/   (OpenAPI: ${api}/v1/openapi.json)`);

  log('\nNext');
  if (view.status === 'open') {
    log(`  1. Open the console, sign in as ${REVIEWER} and decide the undecided submissions of ${cycle}`);
    log('     (each shows its automatic screening; the near-duplicate is flagged; you may re-tag the area).');
    log(`  2. Sign in as ${ADMIN} and press "Sign off and release…" on cycle ${cycle}.`);
    log('     Outcome emails then reach each submitter in their language, the Support Unit gets the summary,');
    log(`     and eligible submissions appear on the tracker, ${pages.tracker()}, and in its counters.`);
  } else {
    log(`  Cycle ${cycle} is ${view.status}: outcomes go to the inbox, eligible reforms to the tracker, ${pages.tracker()};`);
    log('  carried-over submissions wait for the next cycle.');
  }
  const waiting = stories.find((story) => story.state !== 'published');
  if (waiting) {
    log(`  Moderate the story still waiting: ${api}${PAGE_PATHS.consoleStories} (as ${REVIEWER}).`);
  }
  log('\nRunning `npm run demo` again is harmless: nothing is created twice.');
}

// ------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  log(`Open Gov Challenge demo → ${API_URL}`);
  // Read (and check) the data before touching the platform: a broken file stops the demo at once.
  const data = { publishedReforms: loadPublishedReforms(), submissions: loadDemoSubmissions(), stories: loadDemoStories() };
  await checkPlatform();
  const [adminToken, reviewerToken, memberList] = await Promise.all([devToken(ADMIN), devToken(REVIEWER), loadMembers()]);
  const members = new Map(memberList.map((member) => [member.id, member]));

  step('1/4 Published reforms from an earlier cycle');
  const history = await seedPublishedReforms(data.publishedReforms, memberList);
  log('skipped' in history ? `  skipped: ${history.skipped}` : `  ${history.written.length} written, ${history.existing.length} already there`);
  if (!('skipped' in history)) {
    // Written beside the release: the counters and the exports are published again, as a release would.
    const published = expectStatus(await call<{ reforms: number }>('POST', '/v1/admin/public-data', { token: adminToken }), [200], 'Publishing the counters and exports');
    log(`  counters and CSV/JSON exports published: ${plural(published.body.reforms, 'reform')}`);
  }

  step('2/4 Commitments and stories through the public API');
  const posted = await postCommitments(data.submissions, reviewerToken);
  log(`  ${posted.filter((item) => item.how === 'created').length} created, ${posted.filter((item) => item.how !== 'created').length} already there`);
  const stories = await shareStories(data.stories, reviewerToken);
  log(`  ${plural(stories.length, 'story', 'stories')}: ${stories.map((story) => `${story.state}${story.created ? '' : ' (already there)'}`).join(', ')}`);

  const cycle = cycleContaining(new Date(), TIME_ZONE);
  step(`3/4 Review cycle ${cycle}`);
  const startedNow = await startCycle(cycle, adminToken);
  log(`  ${startedNow ? 'started: waiting for the run to collect, screen and open it…' : 'already started'}`);
  let progress = await waitUntilOpen(cycle, reviewerToken);
  let decided: Decided[] = [];
  if (progress.cycle.status === 'open') {
    decided = await recordSampleDecisions(cycle, posted, reviewerToken);
    progress = expectStatus(await call<Progress>('GET', `/v1/review/cycles/${cycle}`, { token: reviewerToken }), [200], `Reading cycle ${cycle}`).body;
  }
  log(`  ${progress.cycle.status}: ${progress.progress.decided} decided, ${progress.progress.undecided} undecided`);

  step('4/4 Checking the inbox and the screening');
  // The digest goes out once, when the cycle first opens: not when a start resumes it after a restart.
  const openedByThisRun = Date.parse(progress.cycle.openedAt) >= startedAt - 1000;
  const mail = await settledInbox(posted, stories, cycle, openedByThisRun);
  log(mail ? `  ${plural(mail.total, 'email')} in the inbox` : `  the inbox at ${INBOX_URL} does not answer`);
  const inCycle = new Map((await cycleSubmissions(cycle, reviewerToken)).map((submission) => [submission.reference, submission]));
  const statsReply = await call<{ participatingCountries: number; participatingLocalities: number; challengeCommitments: { total: number } }>('GET', '/v1/stats');

  printSummary({ history, members, inCycle, posted, stories, cycle, startedNow, progress, decided, stats: statsReply.status === 200 ? statsReply.body : undefined, mail });
}

try {
  await main();
} catch (error) {
  if (error instanceof DemoError || error instanceof DemoDataError) {
    console.error(`\n${error.message}`);
  } else {
    console.error('\nThe demo stopped on an unexpected error:');
    console.error(error);
  }
  process.exit(1);
}
