import { callApi, type ApiReply } from '../../infra/local/api-client.ts';
import type { ProvidedPlatform } from '../global-setup.ts';
import { service } from './services.ts';

/**
 * Helpers for integration tests, against the platform started by test/global-setup.ts.
 * Tests share that platform (and its inbox): use distinct data per test, never clear shared state.
 */

export function platform(): ProvidedPlatform {
  return service('platform');
}

export interface ApiInit extends RequestInit {
  /** Sent as the JSON body (sets content-type). */
  json?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

/** fetch against the API: `api('/v1/areas')`, `api('/v1/submissions', { method: 'POST', json: body })`. */
export async function api(path: string, init: ApiInit = {}): Promise<Response> {
  const { json, token, headers, ...rest } = init;
  const merged = new Headers(headers);
  if (json !== undefined) merged.set('content-type', 'application/json');
  if (token) merged.set('authorization', `Bearer ${token}`);
  return fetch(`${platform().apiUrl}${path}`, {
    ...rest,
    headers: merged,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

/** `api` plus the parsed JSON body (null when the body is empty or not JSON). */
export function apiJson<T = unknown>(path: string, init: ApiInit = {}): Promise<ApiReply<T>> {
  const { json, token, headers, method, body } = init;
  return callApi<T>(platform().apiUrl, path, {
    ...(method ? { method } : {}),
    ...(json !== undefined ? { json } : {}),
    ...(token ? { token } : {}),
    ...(headers ? { headers } : {}),
    ...(body !== undefined && body !== null ? { body } : {}),
  });
}

const tokens = new Map<string, Promise<string>>();

/** A bearer token for a dev user (reviewer@, admin@, reviewer2@example.org) from the dev sign-in. */
export function tokenFor(email: string): Promise<string> {
  let token = tokens.get(email);
  if (!token) {
    token = (async () => {
      const response = await fetch(`${platform().apiUrl}/local/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      if (!response.ok) throw new Error(`dev sign-in for ${email} answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    })();
    tokens.set(email, token);
    token.catch(() => tokens.delete(email));
  }
  return token;
}

export interface InboxEmail {
  messageId: string;
  from: string;
  replyTo?: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  /** Epoch seconds. */
  at: number;
}

/** Mail the SES emulator received (`GET /store`), optionally only to one recipient and/or since an epoch second. */
export async function inbox(filter: { to?: string; since?: number } = {}): Promise<InboxEmail[]> {
  const query = filter.since !== undefined ? `?since=${Math.floor(filter.since)}` : '';
  const response = await fetch(`${platform().sesUrl}/store${query}`);
  if (!response.ok) throw new Error(`SES emulator /store answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: InboxEmail[] };
  if (!filter.to) return emails;
  const to = filter.to.toLowerCase();
  return emails.filter((email) =>
    [...email.destination.to, ...email.destination.cc, ...email.destination.bcc].some((address) => address.toLowerCase().includes(to)),
  );
}

/** What `waitFor` waits for, and how long. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Names the condition in the error when it is not met (`the reminder`). */
  what?: string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Polls `probe` until it returns a truthy value (which is returned), or fails after the timeout
 * with the last error or value seen. Asynchronous effects (mail, workflow steps) are awaited this
 * way. `waitFor(probe, 15_000)` or `waitFor(probe, { timeoutMs: 15_000, what: 'the reminder' })`.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, timeout: number | WaitOptions = 10_000, intervalMs = 100): Promise<Truthy<T>> {
  const options = typeof timeout === 'number' ? { timeoutMs: timeout, intervalMs } : timeout;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`waitFor: ${options.what ?? 'the condition'} not there within ${timeoutMs} ms (last: ${detail})`, { cause: last });
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
