import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ApiReply, type ApiRequest } from '../../infra/local/api-client.ts';
import { addresses } from '../../shared/config/env.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { hashToken } from '../../shared/domain/status-token.ts';
import { getSubmission } from '../../shared/store/submissions.ts';
import { validSubmission } from '../support/fixtures.ts';
import { waitFor } from '../support/platform.ts';
import { useOwnPlatform } from '../support/own-platform.ts';

/**
 * Every link in the emails of a whole cycle opens a page, and the outcome email's status link works
 * although only hashes of status tokens are stored. Its own platform: a cycle collects every
 * submission awaiting review.
 */
const platform = useOwnPlatform();
const cycle = new Date().toISOString().slice(0, 7);

interface Email {
  subject: string;
  destination: { to: string[] };
  body: { text: string; html: string };
}

beforeAll(() => {
  for (const [name, value] of Object.entries(platform().environment)) process.env[name] = value;
});

function call<T = any>(method: string, route: string, options: Omit<ApiRequest, 'method'> = {}): Promise<ApiReply<T>> {
  return callApi<T>(platform().apiUrl, route, { ...options, method });
}

async function emailsTo(address: string): Promise<Email[]> {
  const { emails } = (await (await fetch(`${platform().sesUrl}/store`)).json()) as { emails: Email[] };
  return emails.filter((email) => email.destination.to.some((to) => to.toLowerCase().includes(address.toLowerCase())));
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));

/** The page address and its token from a status link (`/status/OGC-…#token=…`). */
function statusLink(url: string, reference: string) {
  const parsed = new URL(url);
  expect(parsed.origin + parsed.pathname).toBe(addresses().PUBLIC_BASE_URL.replace(/\/$/, '') + PAGE_PATHS.status(reference));
  expect(parsed.search).toBe('');
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token');
  expect(token).toBeTruthy();
  return token!;
}

async function submit(language: 'en' | 'fr' | 'es', title: string) {
  const email = `links-${randomUUID().slice(0, 8)}@example.org`;
  const base = validSubmission({ title, language });
  const reply = await call<{ reference: string; statusToken: string }>('POST', '/v1/submissions', { json: { ...base, submitter: { ...(base.submitter as object), email } } });
  expect(reply.status, reply.text).toBe(201);
  return { ...reply.body, email };
}

const decisionFor = (outcome: 'eligible' | 'needs-info') => ({
  outcome,
  criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass'])),
  area: 'digital-governance',
  ambition: 'substantial',
  rationale: 'Reviewed.',
  ...(outcome === 'needs-info' ? { question: 'Which agency owns the register?' } : {}),
});

describe('links in emails', () => {
  it('open pages, never the API, and the outcome’s status link opens the submission', async () => {
    const published = await submit('fr', 'Registre ouvert des algorithmes publics');
    const asked = await submit('es', 'Presupuesto abierto municipal');

    // The receipt links to the status page, its token in the fragment.
    const receipt = await waitFor(async () => (await emailsTo(published.email))[0], 15_000);
    const receiptLink = hrefs(receipt.body.html).find((href) => href.includes('/status/'))!;
    expect(statusLink(receiptLink, published.reference)).toBe(published.statusToken);
    expect(receipt.body.html).toContain('<html lang="fr"');

    const admin = await platform().tokenFor('admin@example.org');
    const reviewer = await platform().tokenFor('reviewer@example.org');
    expect((await call('POST', '/v1/review/cycles', { token: admin, json: { cycle } })).status).toBe(202);
    await waitFor(async () => (await call('GET', `/v1/review/cycles/${cycle}`, { token: admin })).body?.cycle?.status === 'open', 30_000);
    for (const [submission, outcome] of [[published, 'eligible'], [asked, 'needs-info']] as const) {
      await waitFor(async () => {
        const reply = await call('POST', `/v1/review/submissions/${submission.reference}/decision`, { token: reviewer, json: decisionFor(outcome) });
        return reply.status === 200 ? reply : undefined;
      }, 30_000);
    }
    expect((await call('POST', `/v1/review/cycles/${cycle}/release`, { token: admin })).status).toBe(202);
    await waitFor(async () => (await call('GET', `/v1/review/cycles/${cycle}`, { token: admin })).body?.cycle?.status === 'released', 30_000);

    // Outcome emails: a status link with a token of its own that the API accepts, and — once published — the reform's page.
    for (const submission of [published, asked]) {
      const mail = await waitFor(async () => (await emailsTo(submission.email)).find((email) => /(l'examen de|revisión de) OGC-/.test(email.subject)), 15_000);
      const links = hrefs(mail.body.html);
      const token = statusLink(links.find((href) => href.includes('/status/'))!, submission.reference);
      expect(token).not.toBe(submission.statusToken);
      const view = await call<{ reference: string; status: string }>('GET', `/v1/submissions/${submission.reference}`, { headers: { 'x-status-token': token } });
      expect(view.status, view.text).toBe(200);
      expect(view.body.status).toBe(submission === published ? 'published' : 'needs-info');
      // The receipt's link keeps working too, and the table holds only the new token's hash.
      expect((await call('GET', `/v1/submissions/${submission.reference}`, { headers: { 'x-status-token': submission.statusToken } })).status).toBe(200);
      const stored = await getSubmission(submission.reference, true);
      expect([...(stored?.outcomeTokenHashes ?? [])]).toEqual([hashToken(token)]);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(mail.body.text).toContain(links.find((href) => href.includes('/status/'))!);
    }
    const publishedMail = (await emailsTo(published.email)).find((email) => email.subject.includes("l'examen de"))!;
    expect(hrefs(publishedMail.body.html)).toContain(`${addresses().PUBLIC_BASE_URL.replace(/\/$/, '')}${PAGE_PATHS.reform(published.reference)}`);

    // The Support Unit's emails open the console's pages.
    const reviewers = await waitFor(async () => (await emailsTo(addresses().REVIEWERS_EMAIL)).find((email) => email.subject.includes(`cycle ${cycle} is open`)), 15_000);
    expect(hrefs(reviewers.body.html)).toContain(`${addresses().PUBLIC_BASE_URL.replace(/\/$/, '')}${PAGE_PATHS.consoleCycle(cycle)}`);
    const summary = await waitFor(async () => (await emailsTo(addresses().SUPPORT_UNIT_EMAIL)).find((email) => email.subject.includes(`cycle ${cycle} released`)), 15_000);
    expect(hrefs(summary.body.html)).toContain(`${addresses().PUBLIC_BASE_URL.replace(/\/$/, '')}${PAGE_PATHS.consoleCycleSummary(cycle)}`);

    // No email of the whole flow links to the API.
    const { emails } = (await (await fetch(`${platform().sesUrl}/store`)).json()) as { emails: Email[] };
    expect(emails.length).toBeGreaterThanOrEqual(7);
    for (const email of emails) {
      for (const href of hrefs(email.body.html)) expect(new URL(href).pathname, email.subject).not.toMatch(/^\/v1\//);
    }
  });
});
