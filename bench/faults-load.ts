import { randomUUID } from 'node:crypto';
import { sleep } from '../infra/local/processes.ts';
import { LANGUAGES } from '../shared/domain/language.ts';
import { validSubmission } from '../test/support/fixtures.ts';

/**
 * The load of the fault suite: submissions posted the way the site's form posts them — one
 * Idempotency-Key per filled form, and a request that got no answer (the connection refused or
 * cut, a timeout) or a 5xx sent again with the same key until it is answered. Only a 201 is an
 * acknowledgement: that is what the submitter was told, so that is what must never be lost.
 */

export interface Acknowledged {
  reference: string;
  title: string;
  email: string;
  idempotencyKey: string;
}

export interface LoadResult {
  posted: number;
  acknowledged: Acknowledged[];
  /** Requests sent in all, retries included. */
  requests: number;
  /** Requests that got no answer at all (connection refused or cut, timeout). */
  noAnswer: number;
  /** 5xx answers (each retried with the same key). */
  serverErrors: number;
  /** 201s after a retry. */
  acknowledgedAfterRetry: number;
  /** Of those, receipts replayed from an attempt that had been stored without its answer arriving (`Idempotent-Replayed`). */
  replayed: number;
  /** Forms abandoned after `giveUpAfterMs` without an answer, or refused with a 4xx (neither was acknowledged). */
  abandoned: { title: string; reason: string }[];
  seconds: number;
}

export interface LoadOptions {
  apiUrl: () => string;
  count: number;
  concurrency: number;
  /** Every n-th submitter's address matches the rejected pattern (`reject-…`). */
  rejectEvery: number;
  /** A label unique to the run, in every title and address. */
  runId: string;
  /** Called after each acknowledgement with the number so far. */
  onAcknowledged?: (count: number) => void;
  giveUpAfterMs?: number;
}

const REQUEST_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 2_000;

export const submitterAddress = (runId: string, index: number, rejectEvery: number) =>
  `${index % rejectEvery === rejectEvery - 1 ? 'reject' : 'faults'}-${runId}-${index}@example.org`;

export async function postSubmissions(options: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const result: Omit<LoadResult, 'seconds'> = { posted: options.count, acknowledged: [], requests: 0, noAnswer: 0, serverErrors: 0, acknowledgedAfterRetry: 0, replayed: 0, abandoned: [] };
  // Longer than any restart of the platform on a busy machine: a form given up is not an acknowledgement lost, but it is a figure lost.
  const giveUpAfterMs = options.giveUpAfterMs ?? 900_000;

  async function postOne(index: number): Promise<void> {
    const email = submitterAddress(options.runId, index, options.rejectEvery);
    const title = `Fault suite ${options.runId} commitment no. ${index}`;
    const base = validSubmission({ title, language: LANGUAGES[index % LANGUAGES.length] });
    const body = JSON.stringify({ ...base, submitter: { ...(base.submitter as object), email } });
    const idempotencyKey = randomUUID();
    const firstTry = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        if (Date.now() - firstTry > giveUpAfterMs) {
          result.abandoned.push({ title, reason: 'no answer' });
          return;
        }
        await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt));
      }
      result.requests++;
      let response: Response;
      try {
        response = await fetch(`${options.apiUrl()}/v1/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch {
        result.noAnswer++;
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.status >= 500) {
        result.serverErrors++;
        continue;
      }
      if (response.status !== 201) {
        result.abandoned.push({ title, reason: `${response.status}: ${text.slice(0, 200)}` });
        return;
      }
      const receipt = JSON.parse(text) as { reference: string };
      if (attempt > 0) result.acknowledgedAfterRetry++;
      if (response.headers.get('idempotent-replayed') === 'true') result.replayed++;
      result.acknowledged.push({ reference: receipt.reference, title, email, idempotencyKey });
      options.onAcknowledged?.(result.acknowledged.length);
      return;
    }
  }

  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.count) await postOne(next++);
    }),
  );
  return { ...result, seconds: (Date.now() - started) / 1000 };
}
