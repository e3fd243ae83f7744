import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENV } from '../shared/config/constants.ts';
import { resetConfig } from '../shared/config/env.ts';
import { SWEEP_AFTER_MINUTES, sweepPendingMail, type SweepReport } from '../shared/mail/sweeper.ts';
import { LOCAL_REGION, localCredentialsEnvironment, tableEnvironment } from '../infra/local/dynamodb.ts';
import { enableLocalFaults, INJECTED_FAULTS_FILE, type LocalFaults } from '../infra/local/fault-injection.ts';
import { LOCAL_MAIL_ENVIRONMENT } from '../infra/local/local-environment.ts';
import { measureContention, type ContentionResult } from './faults-contention.ts';
import { postSubmissions, type LoadResult } from './faults-load.ts';
import { choosePorts, startPlatformProcess, startSes, type PlatformProcess } from './faults-platform.ts';
import { storeReader, waitForOutbox, type IntakeVerdict, type MailVerdict } from './faults-verify.ts';
import { round } from './stats.ts';

/**
 * `npm run faults`: the fault suite. 1,000 submissions posted to the platform as people run it
 * while AWS's failures are injected at the SDK boundary and the platform is killed (SIGKILL) and
 * started again mid-load; then reviewers deciding at once. Checks the guarantees against what
 * DynamoDB and the SES emulator hold, and writes RELIABILITY.md. Numbers come from here only.
 *
 * FAULTS_SUBMISSIONS (1000) and FAULTS_SEED (2026) change the run.
 */

const SUBMISSIONS = Number(process.env.FAULTS_SUBMISSIONS ?? 1000);
const SEED = Number(process.env.FAULTS_SEED ?? 2026);
const CONCURRENCY = 16;
/** One submitter in 20 has an address SES refuses for good. */
const REJECT_EVERY = 20;
const REJECT_PATTERN = '^reject-';
/** The platform is killed once this share of the submissions has been acknowledged. */
const KILL_AFTER_SHARE = 0.4;
const CONTENDED_DECISIONS = 100;

const FAULTS: LocalFaults = {
  seed: SEED,
  dynamo: { throttle: 0.05, conflict: 0.05 },
  ses: { throttle: 0.1, rejectPattern: REJECT_PATTERN },
};

interface FaultCounts {
  byKind: Record<string, number>;
  total: number;
}

/** Faults the platform (and the sweep here) injected between two instants, by the error thrown. */
function injectedBetween(dataDir: string, from: number, to: number): FaultCounts {
  const file = path.join(dataDir, INJECTED_FAULTS_FILE);
  const counts: FaultCounts = { byKind: {}, total: 0 };
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const { at, fault } = JSON.parse(line) as { at: string; fault: string };
    const instant = Date.parse(at);
    if (instant < from || instant >= to) continue;
    counts.byKind[fault] = (counts.byKind[fault] ?? 0) + 1;
    counts.total++;
  }
  return counts;
}

/**
 * The sweeper as its schedule runs it, from this process against the platform's tables and SES,
 * meeting the same faults — with its clock moved past the age at which it takes pending mail over,
 * instead of waiting for that in real time.
 */
async function sweepLater(platform: PlatformProcess, sesUrl: string, apiPort: number, dataDir: string): Promise<SweepReport> {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    ...localCredentialsEnvironment(),
    ...tableEnvironment(),
    ...LOCAL_MAIL_ENVIRONMENT,
    [ENV.dynamodbEndpoint]: platform.dynamoEndpoint,
    [ENV.sesEndpoint]: sesUrl,
    [ENV.publicBaseUrl]: `http://localhost:${apiPort}`,
  });
  resetConfig();
  enableLocalFaults(JSON.stringify({ ...FAULTS, seed: SEED + 2 }), dataDir);
  return sweepPendingMail(new Date(Date.now() + (SWEEP_AFTER_MINUTES + 1) * 60_000));
}

interface Run {
  date: string;
  /** The whole run, platform starts included. */
  seconds: number;
  machine: string;
  load: LoadResult;
  killedAt: number;
  restartSeconds: number;
  drain: { seconds: number; pending: number };
  sweep: SweepReport;
  pendingAfterSweep: number;
  deadLetters: number;
  intake: IntakeVerdict;
  mail: MailVerdict;
  loadFaults: FaultCounts;
  drainFaults: FaultCounts;
  contention: ContentionResult;
  contentionFaults: FaultCounts;
  mailAfterContention: MailVerdict;
}

function failures(run: Run): string[] {
  const failed: string[] = [];
  const { intake, mail, contention } = run;
  if (intake.lost.length > 0) failed.push(`${intake.lost.length} acknowledged submissions lost (${intake.lost.slice(0, 5).join(', ')})`);
  if (intake.altered.length > 0) failed.push(`${intake.altered.length} acknowledged submissions stored with other data (${intake.altered.slice(0, 5).join(', ')})`);
  if (intake.storedTwice > 0) failed.push(`${intake.storedTwice} forms stored twice`);
  for (const [label, verdict, before] of [
    ['after the load', mail, 0],
    ['during the contention scenario', run.mailAfterContention, mail.duplicates],
  ] as const) {
    if (verdict.duplicates > before) failed.push(`${label}: ${verdict.duplicates - before} emails sent more than once (e.g. ${verdict.duplicateExamples.join('; ')})`);
    if (verdict.sentButMissing > 0) failed.push(`${label}: ${verdict.sentButMissing} outbox items marked sent with no message in the inbox`);
    if (verdict.failedWithoutReason > 0) failed.push(`${label}: ${verdict.failedWithoutReason} outbox items failed without a reason`);
    if (verdict.deliveredToRejected > 0) failed.push(`${label}: ${verdict.deliveredToRejected} emails delivered to addresses SES refuses`);
  }
  if (run.pendingAfterSweep > 0) failed.push(`${run.pendingAfterSweep} outbox items still pending after the sweep`);
  if (contention.distinct.succeeded !== contention.distinct.decisions) failed.push(`${contention.distinct.decisions - contention.distinct.succeeded} of ${contention.distinct.decisions} decisions on different submissions failed (${JSON.stringify(contention.distinct.statuses)})`);
  if (contention.contested.oneWinner !== contention.contested.pairs) failed.push(`${contention.contested.pairs - contention.contested.oneWinner} contested pairs without exactly one winner (both won: ${contention.contested.bothWon}, none: ${contention.contested.noWinner})`);
  if (contention.consistent !== contention.checked) failed.push(`${contention.checked - contention.consistent} decided submissions do not read back as decided once, by the reviewer told they won`);
  return failed;
}

const count = (value: number) => value.toLocaleString('en');
const kinds = (counts: FaultCounts) =>
  Object.entries(counts.byKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, value]) => `${kind} ${count(value)}`)
    .join(', ') || 'none';
const held = (ok: boolean) => (ok ? 'held' : '**FAILED**');

function report(run: Run, failed: string[]): string {
  const { load, intake, mail, contention } = run;
  const injectedTotal = run.loadFaults.total + run.drainFaults.total;
  return [
    '# Reliability',
    '',
    `Measured by \`npm run faults\` (\`bench/faults.ts\`) on ${run.date}: ${run.machine}; the run took ${round(run.seconds / 60, 1)} minutes.`,
    'Every figure here comes from that script; no test times anything.',
    '',
    failed.length === 0 ? '**Every guarantee held.**' : `**${failed.length} guarantee(s) did not hold:**\n\n${failed.map((line) => `- ${line}`).join('\n')}`,
    '',
    '## What is injected, and how',
    '',
    'The platform runs as people run it — `infra/local/start.ts` in a process of its own, with a data',
    'directory — and `LOCAL_FAULTS` set. The platform (and nothing on AWS) then adds a middleware at the',
    'end of the handlers\' DynamoDB and SES clients (`infra/local/fault-injection.ts`), below the SDK\'s',
    'retries and the platform\'s own, so the code meets each fault exactly as it would meet it from AWS.',
    'The faults are drawn from a seeded generator: a run with the same seed draws the same sequence.',
    '',
    '```json',
    JSON.stringify(FAULTS),
    '```',
    '',
    '| fault | where | share |',
    '|---|---|---|',
    `| \`ThrottlingException\` / \`ProvisionedThroughputExceededException\` (alternately) | every DynamoDB call | ${FAULTS.dynamo.throttle * 100} % |`,
    `| \`TransactionCanceledException\` with a \`TransactionConflict\` reason | every \`TransactWriteItems\` | ${FAULTS.dynamo.conflict * 100} % |`,
    `| \`TooManyRequestsException\` (SES over its sending rate) | every \`SendEmail\` | ${FAULTS.ses.throttle * 100} % |`,
    `| \`MessageRejected\` (refused for good) | every \`SendEmail\` to \`reject-…@example.org\` | 1 submitter in ${REJECT_EVERY} |`,
    `| SIGKILL of the platform, then a start on the same data | once ${count(run.killedAt)} submissions had been acknowledged | — |`,
    '',
    `## 1. ${count(load.posted)} submissions under faults and a crash`,
    '',
    `${CONCURRENCY} clients post \`POST /v1/submissions\` as the site's form does: one \`Idempotency-Key\` per form, and a`,
    'request that got no answer (connection refused or cut) or a 5xx is sent again with the same key. The',
    'SES emulator runs outside the platform, so its inbox survives the crash and every message can be counted.',
    'Then the stream mailer drains the outbox, and the sweeper runs as its schedule would',
    `${SWEEP_AFTER_MINUTES + 1} minutes later (its clock moved forward). Everything is checked against DynamoDB`,
    "and the emulator's store directly.",
    '',
    '| measure | result | required | |',
    '|---|---|---|---|',
    `| acknowledged (201) | ${count(load.acknowledged.length)} of ${count(load.posted)}${load.abandoned.length > 0 ? ` (given up by the client: ${load.abandoned.map((form) => form.reason).join('; ')}; of those stored anyway: ${count(intake.storedUnacknowledged)})` : ''} | | |`,
    `| acknowledged submissions lost / stored with other data | ${count(intake.lost.length)} / ${count(intake.altered.length)} | 0 | ${held(intake.lost.length + intake.altered.length === 0)} |`,
    `| forms stored twice | ${count(intake.storedTwice)} | 0 | ${held(intake.storedTwice === 0)} |`,
    `| emails owed (outbox items) | ${count(mail.owed)} | | |`,
    `| sent, each exactly once (its message in the inbox) | ${count(mail.sent)} | | ${held(mail.sentButMissing === 0)} |`,
    `| marked failed, with the reason | ${count(mail.failed)} (${Object.entries(mail.failedBy).map(([reason, value]) => `${reason} ${count(value)}`).join(', ') || 'none'}) | the refused ones | ${held(mail.failedWithoutReason === 0 && mail.deliveredToRejected === 0)} |`,
    `| of the failed: sends the SIGKILL interrupted (not sent again) / of which SES had delivered | ${count(mail.interrupted)} / ${count(mail.interruptedDelivered)} | | |`,
    `| emails sent more than once | ${count(mail.duplicates)} | 0 | ${held(mail.duplicates === 0)} |`,
    `| outbox items pending after the stream / after the sweep | ${count(run.drain.pending)} / ${count(run.pendingAfterSweep)} | — / 0 | ${held(run.pendingAfterSweep === 0)} |`,
    '',
    '| figure | value |',
    '|---|---|',
    `| load: posting every form, the crash and restart included | ${round(load.seconds, 1)} s (${round(load.acknowledged.length / load.seconds, 1)} acknowledged/s; ${round(load.acknowledged.length / (load.seconds - run.restartSeconds), 1)}/s while the platform was up) |`,
    `| platform down (SIGKILL → answering again) | ${round(run.restartSeconds, 1)} s |`,
    `| requests sent (retries included) / with no answer / 5xx | ${count(load.requests)} / ${count(load.noAnswer)} / ${count(load.serverErrors)} |`,
    `| acknowledged after a retry / of which the receipt replayed (stored before the crash, answer lost) | ${count(load.acknowledgedAfterRetry)} / ${count(load.replayed)} |`,
    `| time to drain the outbox after the load (stream mailer) | ${round(run.drain.seconds, 1)} s |`,
    `| stream records given up as dead letters | ${count(run.deadLetters)} |`,
    `| sweep: pending items found / sent / still pending / interrupted sends marked failed | ${count(run.sweep.found)} / ${count(run.sweep.sent)} / ${count(run.sweep.stillPending)} / ${count(run.sweep.interrupted)} |`,
    `| faults injected during the load | ${count(run.loadFaults.total)}: ${kinds(run.loadFaults)} |`,
    `| faults injected while draining and sweeping | ${count(run.drainFaults.total)}: ${kinds(run.drainFaults)} |`,
    `| faults injected in all (scenario 1) | ${count(injectedTotal)} |`,
    '',
    '## 2. Reviewers deciding at once',
    '',
    `The ${count(contention.collected)} submissions are collected into cycle ${contention.cycle} by the state machines (faults still on);`,
    'then, through the API with the dev reviewers\' tokens and the `version` of the cycle list as `If-Match`:',
    `${CONTENDED_DECISIONS} decisions on ${CONTENDED_DECISIONS} different submissions at once, and ${CONTENDED_DECISIONS} contested pairs — two reviewers deciding`,
    'the same submission on the same version at once, all pairs together.',
    '',
    '| measure | result | required | |',
    '|---|---|---|---|',
    `| decisions on different submissions that succeeded | ${count(contention.distinct.succeeded)} of ${count(contention.distinct.decisions)} (${Object.entries(contention.distinct.statuses).map(([status, value]) => `${status}: ${value}`).join(', ')}) | all, no 409 | ${held(contention.distinct.succeeded === contention.distinct.decisions)} |`,
    `| contested pairs with exactly one winner | ${count(contention.contested.oneWinner)} of ${count(contention.contested.pairs)} (both won: ${contention.contested.bothWon}, none: ${contention.contested.noWinner}) | all | ${held(contention.contested.oneWinner === contention.contested.pairs)} |`,
    `| the losers' answers | ${Object.entries(contention.contested.losers).map(([answer, value]) => `${answer} ×${value}`).join(', ') || 'none'} | 409 \`conflict\` | |`,
    `| read back: one decision, revision 1, by the reviewer told they won | ${count(contention.consistent)} of ${count(contention.checked)} | all | ${held(contention.consistent === contention.checked)} |`,
    `| emails after this scenario: sent more than once / pending | ${count(run.mailAfterContention.duplicates)} / ${count(run.mailAfterContention.pending)} | 0 / — | ${held(run.mailAfterContention.duplicates === 0)} |`,
    '',
    '| figure | value |',
    '|---|---|',
    `| cycle start → open for decisions (collect, screen, ${count(contention.collected)} decision tasks waiting) | ${round(contention.openSeconds, 1)} s |`,
    `| ${CONTENDED_DECISIONS} distinct decisions, all at once | ${round(contention.distinct.seconds, 2)} s |`,
    `| ${CONTENDED_DECISIONS} contested pairs, all at once | ${round(contention.contested.seconds, 2)} s |`,
    `| faults injected during this scenario | ${count(run.contentionFaults.total)}: ${kinds(run.contentionFaults)} |`,
    '',
    '## What each guarantee rests on',
    '',
    '- **No acknowledged submission is lost, none is stored twice.** The submission, its idempotency record and',
    '  every email it owes are one `TransactWriteItems` (`shared/intake/submit-commitment.ts`): the 201 is sent',
    '  only after it committed, and until then nothing of it exists. A form sent again with the same',
    '  `Idempotency-Key` finds the record and gets the same receipt (the replayed receipts above are requests whose',
    '  answer the crash swallowed); two attempts racing on one key meet on the record\'s condition.',
    '- **Throttling and conflicts never surface.** The SDK retries throttling with backoff (`maxAttempts` 5 for',
    '  DynamoDB, 4 for SES); transaction conflicts, which the SDK does not retry, are retried with full-jitter',
    '  backoff by `shared/store/transaction-retry.ts`, around the SDK\'s retries. A cancellation with a failed',
    '  condition is an answer (another reviewer won) and comes back at once as 409 `conflict`.',
    '- **Every owed email is sent, or failed with a reason.** The transactional outbox: the table\'s stream drives',
    '  the mailer, which reads each item\'s current state before sending (a redelivered record is skipped once',
    '  sent), marks a permanent SES refusal `failed` with SES\'s reason without holding the shard, and leaves',
    '  transient failures to the stream\'s retries. The local stream reader keeps its position under the data',
    '  directory, so a restart resumes where it stopped.',
    '- **No email is sent twice.** SES has no idempotency key, so the mailer claims an item (`sending`) before',
    '  calling SES. A redelivered record whose item is still `sending` belongs to a mailer that stopped mid-send:',
    '  the item is marked `failed` as `InterruptedSend` instead of being sent again, so an email whose fate the',
    '  crash made unknown is recorded as such (the table above counts how many SES had in fact delivered).',
    `- **Nothing stays pending.** The sweeper (the mailer on a schedule) re-drives items pending for more than ${SWEEP_AFTER_MINUTES}`,
    '  minutes — stream records lost, expired or given up as dead letters — through the same delivery.',
    '- **Decisions on different submissions never collide.** A decision\'s transaction touches only its own',
    '  submission\'s items, conditional on the version the reviewer read; nothing every decision shares is written.',
    '',
    'Run it with `npm run faults` (`FAULTS_SUBMISSIONS` and `FAULTS_SEED` change the run). It exits with status 1',
    'when a guarantee does not hold.',
    '',
  ].join('\n');
}

async function main() {
  process.env.LOG_LEVEL = 'silent';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The machine may be shared: its load says how far the timings are from a quiet one's.
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the start`;
  console.log(`fault suite on ${machine}`);
  const started = Date.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ogc-faults-'));
  const runId = randomUUID().slice(0, 8);
  const ses = await startSes();
  const ports = await choosePorts();
  let platform = await startPlatformProcess({ dataDir, ports, sesUrl: ses.url, faults: FAULTS });
  try {
    console.log(`1/2 ${SUBMISSIONS} submissions under faults, with a SIGKILL mid-load…`);
    const killAt = Math.round(SUBMISSIONS * KILL_AFTER_SHARE);
    let crash: Promise<number> | undefined;
    const loadStarted = Date.now();
    const load = await postSubmissions({
      apiUrl: () => platform.apiUrl,
      count: SUBMISSIONS,
      concurrency: CONCURRENCY,
      rejectEvery: REJECT_EVERY,
      runId,
      onAcknowledged: (acknowledged) => {
        if (acknowledged !== killAt) return;
        crash = (async () => {
          const killed = Date.now();
          await platform.kill();
          console.log(`   killed after ${acknowledged} acknowledgements; starting again on the same data…`);
          platform = await startPlatformProcess({ dataDir, ports, sesUrl: ses.url, faults: { ...FAULTS, seed: SEED + 1 } });
          return (Date.now() - killed) / 1000;
        })();
      },
    });
    const loadEnded = Date.now();
    if (!crash) throw new Error(`the platform was never killed: only ${load.acknowledged.length} submissions were acknowledged`);
    const restartSeconds = await crash;

    console.log('   draining the outbox, then sweeping…');
    const reader = storeReader(platform.dynamoEndpoint);
    const drain = await waitForOutbox(reader);
    const sweep = await sweepLater(platform, ses.url, ports.api, dataDir);
    const pendingAfterSweep = await reader.pendingMail();
    const drained = Date.now();
    const intake = await reader.verifyIntake(load.acknowledged, runId);
    const rejectPattern = new RegExp(REJECT_PATTERN, 'i');
    const mail = await reader.verifyMail(ses.url, rejectPattern);
    const deadLetterFile = path.join(dataDir, 'mailer-dead-letters.jsonl');
    const deadLetters = existsSync(deadLetterFile) ? readFileSync(deadLetterFile, 'utf8').split('\n').filter(Boolean).length : 0;

    console.log(`2/2 ${CONTENDED_DECISIONS} concurrent decisions and ${CONTENDED_DECISIONS} contested pairs…`);
    const contention = await measureContention(platform.apiUrl, CONTENDED_DECISIONS);
    const contentionEnded = Date.now();
    await waitForOutbox(reader);
    const mailAfterContention = await reader.verifyMail(ses.url, rejectPattern);
    reader.destroy();

    const run: Run = {
      date: new Date().toISOString().slice(0, 10),
      seconds: (Date.now() - started) / 1000,
      machine,
      load,
      killedAt: killAt,
      restartSeconds,
      drain,
      sweep,
      pendingAfterSweep,
      deadLetters,
      intake,
      mail,
      loadFaults: injectedBetween(dataDir, loadStarted, loadEnded),
      drainFaults: injectedBetween(dataDir, loadEnded, drained),
      contention,
      contentionFaults: injectedBetween(dataDir, drained, contentionEnded),
      mailAfterContention,
    };
    const failed = failures(run);
    const markdown = report(run, failed);
    writeFileSync('RELIABILITY.md', markdown);
    console.log(markdown);
    const summary = failed.length === 0
      ? `Last run: ${count(load.acknowledged.length)} submissions acknowledged through ${count(run.loadFaults.total + run.drainFaults.total)} injected faults and a SIGKILL, 0 lost, ${count(mail.sent)} emails sent once each, ${count(mail.failed - mail.interrupted)} refused ones and ${count(mail.interrupted)} whose send the SIGKILL interrupted marked failed, 0 sent twice, 0 pending; ${CONTENDED_DECISIONS} concurrent decisions all recorded and ${CONTENDED_DECISIONS} contested pairs with one winner each.`
      : `Last run: ${failed.length} guarantee(s) did not hold — see RELIABILITY.md.`;
    const readme = readFileSync('README.md', 'utf8');
    writeFileSync('README.md', readme.replace(/<!-- faults:summary -->.*\n/, `<!-- faults:summary -->${summary}\n`));
    process.exitCode = failed.length === 0 ? 0 : 1;
  } finally {
    await platform.stop();
    await ses.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit();
