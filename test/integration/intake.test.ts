import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSettledMail } from '../../shared/domain/mail-state.ts';
import { outboxItemSchema } from '../../shared/mail/outbox.ts';
import { validStory, validSubmission } from '../support/fixtures.ts';
import { api, apiJson, inbox, tokenFor, waitFor } from '../support/platform.ts';
import { itemsMentioning } from '../support/tables.ts';

/** A submitter address no other test uses, so mail and items can be attributed to this test. */
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.org`;

interface Receipt {
  reference: string;
  statusToken: string;
  status: string;
  statusUrl: string;
}

interface ErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

function submissionFrom(email: string, overrides: Record<string, unknown> = {}) {
  const base = validSubmission(overrides);
  return { ...base, submitter: { ...(base.submitter as object), email } };
}

async function submit(body: unknown, headers: Record<string, string> = {}) {
  return apiJson<Receipt & ErrorBody>('/v1/submissions', { method: 'POST', json: body, headers });
}

/**
 * Nothing stored means nothing owed: the mailer sends only outbox items, and a refused request wrote
 * none before it was answered, so an empty table leaves the mailer nothing it could send later.
 */
async function expectNothingStoredFor(email: string) {
  expect(await itemsMentioning(email)).toEqual([]);
  expect(await inbox({ to: email })).toEqual([]);
}

/** Waits until every email owed to `email` has left the outbox, so the inbox holds all it ever will. */
async function outboxSettledFor(email: string) {
  await waitFor(async () => {
    const mails = (await itemsMentioning(email)).filter((item) => item.itemType === 'mail');
    return mails.length > 0 && mails.every((mail) => isSettledMail(outboxItemSchema.parse(mail).state));
  });
}

describe('reference data', () => {
  it('lists the ten areas in three languages', async () => {
    const { status, body } = await apiJson<{ areas: { id: string; name: Record<string, string> }[] }>('/v1/areas');
    expect(status).toBe(200);
    expect(body.areas).toHaveLength(10);
    expect(body.areas.find((area) => area.id === 'justice')?.name).toEqual({ en: 'Justice', fr: 'Justice', es: 'Justicia' });
  });

  it('lists members without any contact detail', async () => {
    const response = await api('/v1/members');
    const text = await response.text();
    expect(response.status).toBe(200);
    const { members } = JSON.parse(text) as { members: { id: string; kind: string; region: string }[] };
    expect(members.length).toBeGreaterThan(100);
    expect(members.find((member) => member.id === 'kenya')).toMatchObject({ kind: 'national', region: 'africa-middle-east' });
    expect(text).not.toContain('@');
    expect(text).not.toContain('contacts');
  });

  it('serves its OpenAPI document and a health check', async () => {
    const openapi = await apiJson<{ openapi: string; paths: Record<string, unknown> }>('/v1/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/v1/submissions');
    expect((await apiJson<{ status: string }>('/v1/health')).body.status).toBe('ok');
  });
});

describe('POST /v1/submissions', () => {
  it('accepts a commitment, answers with a receipt, and mails the submitter and the POC once each', async () => {
    const email = uniqueEmail('receipt');
    const title = 'Registre <b>ouvert</b> & "algorithmes" — 公開';
    const { status, body, headers } = await submit(submissionFrom(email, { language: 'fr', title }));
    expect(status).toBe(201);
    expect(body.reference).toMatch(/^OGC-\d{4}-\d{2}-\d{4,}$/);
    expect(body.status).toBe('awaiting-review');
    expect(body.statusToken.length).toBeGreaterThanOrEqual(43);
    expect(headers.get('location')).toBe(`/v1/submissions/${body.reference}`);

    const [receipt] = await waitFor(async () => {
      const mails = await inbox({ to: email });
      return mails.length > 0 ? mails : undefined;
    });
    expect(receipt!.subject).toContain(body.reference);
    expect(receipt!.subject).not.toContain('Registre');
    expect(receipt!.body.text).toContain('Soumission reçue');
    expect(receipt!.body.text).toContain(title);
    expect(receipt!.body.html).toContain('Registre &lt;b&gt;ouvert&lt;/b&gt; &amp; &quot;algorithmes&quot; — 公開');
    expect(receipt!.body.html).not.toContain('<b>ouvert</b>');
    expect(receipt!.body.text).toContain(body.statusToken);

    const pocMails = await waitFor(async () => {
      const mails = (await inbox({ to: 'poc.kenya@example.org' })).filter((mail) => mail.subject.includes(body.reference));
      return mails.length > 0 ? mails : undefined;
    });
    expect(pocMails).toHaveLength(1);
    expect(pocMails[0]!.body.text).toContain('No action is required');
    expect(pocMails[0]!.body.text).not.toContain(body.statusToken);

    // Exactly once each: once the outbox has nothing pending, nothing more can come.
    await outboxSettledFor(email);
    expect(await inbox({ to: email })).toHaveLength(1);
  });

  it('informs the national POC of a local non-member jurisdiction', async () => {
    const email = uniqueEmail('locality');
    const { status, body } = await submit(
      submissionFrom(email, { member: { type: 'local-non-member', memberId: 'ghana', jurisdiction: 'Ho Municipal Assembly' }, government: { level: 'local', branch: 'executive' } }),
    );
    expect(status).toBe(201);
    const mails = await waitFor(async () => {
      const found = (await inbox({ to: 'poc.ghana@example.org' })).filter((mail) => mail.subject.includes(body.reference));
      return found.length > 0 ? found : undefined;
    });
    expect(mails[0]!.body.text).toContain('Ho Municipal Assembly, Ghana');
  });

  it('asks the POC of an action-plan commitment to confirm its designation (in the POC\'s language) instead of informing them', async () => {
    const email = uniqueEmail('action-plan');
    const { status, body } = await submit(
      submissionFrom(email, { channel: 'action-plan', member: { type: 'national', memberId: 'chile' }, actionPlan: { id: 'CL-2025', commitmentId: 'CL0012', designatedByMsf: true } }),
    );
    expect(status).toBe(201);
    expect(body.status).toBe('awaiting-confirmation');
    const mails = await waitFor(async () => {
      const found = (await inbox({ to: 'poc.chile@example.org' })).filter((mail) => mail.subject.includes(body.reference));
      return found.length > 0 ? found : undefined;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('confirme la designación');
    expect(mails[0]!.body.text).toContain(`/designation/${body.reference}#sig=`);
    expect(mails[0]!.body.text).not.toContain(body.statusToken);
  });

  it('returns the same receipt for a retry with the same Idempotency-Key, and refuses the key for another body', async () => {
    const email = uniqueEmail('idempotent');
    const key = `retry-${randomUUID()}`;
    const first = await submit(submissionFrom(email), { 'idempotency-key': key });
    // Key order and whitespace do not make a different request.
    const retried = await apiJson<Receipt>('/v1/submissions', {
      method: 'POST',
      headers: { 'idempotency-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(submissionFrom(email), null, 2),
    });
    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);

    const changed = await submit(submissionFrom(email, { title: 'Another reform altogether' }), { 'idempotency-key': key });
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('idempotency_key_reused');

    await outboxSettledFor(email);
    expect(await inbox({ to: email })).toHaveLength(1);
    expect((await itemsMentioning(email)).filter((item) => item.itemType === 'submission')).toHaveLength(1);
  });

  it('serves concurrent retries with one key from one submission', async () => {
    const email = uniqueEmail('race');
    const key = `race-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(submissionFrom(email), { 'idempotency-key': key })));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.reference)).size).toBe(1);
    expect((await itemsMentioning(email)).filter((item) => item.itemType === 'submission')).toHaveLength(1);
  });

  it('gives 20 concurrent submissions 20 distinct references', async () => {
    const email = uniqueEmail('concurrent');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => submit(submissionFrom(email, { title: `Concurrent reform ${index}` }))));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.reference)).size).toBe(20);
    await waitFor(async () => (await inbox({ to: email })).length === 20, 20_000);
  });
});

describe('bad input stores nothing and sends nothing', () => {
  const cases: [string, (email: string) => RequestInit & { headers?: Record<string, string> }, number, string, string[]?][] = [
    ['invalid JSON', () => ({ body: '{"channel": "standalone",', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json'],
    ['a wrong content type', (email) => ({ body: JSON.stringify(submissionFrom(email)), headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type'],
    ['an oversize body', (email) => ({ body: JSON.stringify(submissionFrom(email, { description: 'x'.repeat(70 * 1024) })), headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large'],
    ['an unknown field', (email) => ({ body: JSON.stringify({ ...submissionFrom(email), isAdmin: true }), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['isAdmin']],
    ['CR/LF in a one-line field', (email) => ({ body: JSON.stringify(submissionFrom(email, { title: 'Reform\r\nBcc: victim@example.org' })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['title']],
    ['a prototype-pollution key', (email) => ({ body: JSON.stringify(submissionFrom(email)).replace('{', '{"__proto__":{"isAdmin":true},'), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['__proto__']],
    ['wrong types', (email) => ({ body: JSON.stringify(submissionFrom(email, { coCreated: 'yes', milestones: 'soon' })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['coCreated', 'milestones']],
    ['overlong text', (email) => ({ body: JSON.stringify(submissionFrom(email, { title: 't'.repeat(301) })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['title']],
    ['a non-http link', (email) => ({ body: JSON.stringify(submissionFrom(email, { links: ['javascript:alert(1)'] })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['links.0']],
    ['a member that does not exist', (email) => ({ body: JSON.stringify(submissionFrom(email, { member: { type: 'national', memberId: 'atlantis' } })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['member.memberId']],
    ['a local member named as national', (email) => ({ body: JSON.stringify(submissionFrom(email, { member: { type: 'national', memberId: 'kenya--makueni' } })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['member.memberId']],
    ['an action plan missing', (email) => ({ body: JSON.stringify(submissionFrom(email, { channel: 'action-plan' })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['actionPlan']],
    ['an end before the start', (email) => ({ body: JSON.stringify(submissionFrom(email, { startDate: '2027-01-01', endDate: '2026-01-01' })), headers: { 'content-type': 'application/json' } }), 400, 'validation_failed', ['endDate']],
    ['a malformed Idempotency-Key', (email) => ({ body: JSON.stringify(submissionFrom(email)), headers: { 'content-type': 'application/json', 'idempotency-key': 'short' } }), 400, 'validation_failed', ['headers.Idempotency-Key']],
  ];

  it.each(cases)('refuses %s', async (_label, request, status, code, paths) => {
    const email = uniqueEmail('bad');
    const response = await api('/v1/submissions', { method: 'POST', ...request(email) });
    expect(response.status).toBe(status);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    if (paths) expect(body.error.fields?.map((field) => field.path).sort()).toEqual([...paths].sort());
    await expectNothingStoredFor(email);
  });

  it('answers field errors in the submitter language', async () => {
    const email = uniqueEmail('spanish');
    const { status, body } = await submit(submissionFrom(email, { language: 'es', startDate: '2027-01-01', endDate: '2026-01-01' }));
    expect(status).toBe(400);
    expect(body.error.message).toBe('Algunas respuestas deben corregirse; revise cada campo');
    expect(body.error.fields).toEqual([{ path: 'endDate', message: 'La fecha de finalización debe ser posterior a la fecha de inicio' }]);
  });
});

describe('the submitter status link', () => {
  it('shows status with the token, hides it without, and lets the submitter withdraw once', async () => {
    const email = uniqueEmail('status');
    const { body: receipt } = await submit(submissionFrom(email));
    // The link opens the status page; the token rides in the fragment, which no server sees.
    const url = new URL(receipt.statusUrl);
    expect(url.pathname).toBe(`/status/${receipt.reference}`);
    expect(url.hash).toBe(`#token=${receipt.statusToken}`);

    const view = await apiJson<{ reference: string; status: string; title: string }>(`/v1/submissions/${receipt.reference}?token=${receipt.statusToken}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ reference: receipt.reference, status: 'awaiting-review', title: 'Publish an open register of public algorithms' });
    // Its own submission comes back to prefill a correction; the item's internals never do.
    expect(JSON.stringify(view.body)).not.toMatch(/tokenHash|statusKey|decisionTaskToken/);

    const wrongToken = await apiJson<ErrorBody>(`/v1/submissions/${receipt.reference}?token=${'A'.repeat(43)}`);
    expect(wrongToken.status).toBe(404);
    const noToken = await apiJson<ErrorBody>(`/v1/submissions/${receipt.reference}`);
    expect(noToken.status).toBe(400);
    expect(noToken.body.error.fields?.[0]?.path).toBe('headers.X-Status-Token');

    const withdrawn = await apiJson<{ status: string }>(`/v1/submissions/${receipt.reference}/withdraw?token=${receipt.statusToken}`, { method: 'POST' });
    expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn' } });
    const again = await apiJson<ErrorBody>(`/v1/submissions/${receipt.reference}/withdraw?token=${receipt.statusToken}`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });
});

describe('POST /v1/stories', () => {
  it('stores a story and thanks its author in their language', async () => {
    const email = uniqueEmail('story');
    const { status, body } = await apiJson<{ id: string; status: string }>('/v1/stories', {
      method: 'POST',
      json: { ...validStory(), author: { name: 'Awa <i>Diop</i>', email, organisation: 'Réseau' } },
    });
    expect(status).toBe(201);
    expect(body.status).toBe('submitted');
    const [thanks] = await waitFor(async () => {
      const mails = await inbox({ to: email });
      return mails.length > 0 ? mails : undefined;
    });
    expect(thanks!.subject).toContain('merci pour votre récit');
    expect(thanks!.body.html).toContain('Awa &lt;i&gt;Diop&lt;/i&gt;');
  });

  it('makes one story of a retried post with the same Idempotency-Key, and refuses the key for another story', async () => {
    const email = uniqueEmail('story-retry');
    const key = `story-${randomUUID()}`;
    const post = (title: string) =>
      apiJson<{ id: string; status: string }>('/v1/stories', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        json: { ...validStory(), title, author: { name: 'Awa Diop', email } },
      });
    const [first, retried] = await Promise.all([post('Budget hearings in every district'), post('Budget hearings in every district')]);
    expect([first.status, retried.status]).toEqual([201, 201]);
    expect(retried.body).toEqual(first.body);
    const changed = await post('Another story altogether');
    expect(changed.status).toBe(422);
    await waitFor(async () => (await inbox({ to: email })).length === 1);
  });

  it('refuses a story without an author email and stores nothing', async () => {
    const email = uniqueEmail('story-bad');
    const { status, body } = await apiJson<ErrorBody>('/v1/stories', {
      method: 'POST',
      json: { ...validStory(), author: { name: email } },
    });
    expect(status).toBe(400);
    expect(body.error.fields?.map((field) => field.path)).toEqual(['author.email']);
    await expectNothingStoredFor(email);
  });
});

describe('story moderation', () => {
  it('queues a story for reviewers, publishes it once, and lists it publicly without the email', async () => {
    const email = uniqueEmail('moderated');
    const title = `Open budgets in every district ${randomUUID().slice(0, 6)}`;
    const shared = await apiJson<{ id: string }>('/v1/stories', { method: 'POST', json: { ...validStory({ language: 'en', title }), author: { name: 'Lina', email } } });
    const reviewer = await tokenFor('reviewer@example.org');

    expect((await api('/v1/review/stories')).status).toBe(401);
    const queue = await apiJson<{ stories: { id: string; request: { title: string } }[] }>('/v1/review/stories?limit=200', { token: reviewer });
    expect(queue.status).toBe(200);
    expect(queue.body.stories.find((story) => story.id === shared.body.id)?.request.title).toBe(title);

    const published = await apiJson<{ status: string }>(`/v1/review/stories/${shared.body.id}/moderation`, { method: 'POST', token: reviewer, json: { decision: 'publish' } });
    expect(published).toMatchObject({ status: 200, body: { status: 'published' } });
    const again = await apiJson<ErrorBody>(`/v1/review/stories/${shared.body.id}/moderation`, { method: 'POST', token: reviewer, json: { decision: 'decline' } });
    expect(again.status).toBe(409);

    const listed = await api('/v1/stories?limit=200');
    const text = await listed.text();
    const { stories } = JSON.parse(text) as { stories: { id: string; title: string; author: { name: string } }[] };
    expect(stories.find((story) => story.id === shared.body.id)).toMatchObject({ title, author: { name: 'Lina' } });
    expect(text).not.toContain(email);
    const after = await apiJson<{ stories: { id: string }[] }>('/v1/review/stories?limit=200', { token: reviewer });
    expect(after.body.stories.some((story) => story.id === shared.body.id)).toBe(false);
  });
});
