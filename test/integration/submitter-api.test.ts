import { randomUUID } from 'node:crypto';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENV } from '../../shared/config/constants.ts';
import type { Reform } from '../../shared/domain/reform.ts';
import { readAuditTrail } from '../../shared/store/audit.ts';
import { dynamo } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { getSubmission } from '../../shared/store/submissions.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';
import { reformItem } from '../../shared/store/public-lists.ts';
import { validSubmission } from '../support/fixtures.ts';
import { invoke, useOwnTables } from '../support/in-process.ts';
import { api, apiJson, inbox, platform, tokenFor, waitFor } from '../support/platform.ts';
import { documentClient, submissionsTableName } from '../support/tables.ts';

/**
 * The submitter's side of the API through the real handlers on the shared local platform: the
 * status page link, the token in a header, corrections before the review, and the public reform.
 */

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.org`;

interface Receipt {
  reference: string;
  statusToken: string;
  statusUrl: string;
}
interface ErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}
interface View {
  reference: string;
  status: string;
  title: string;
  version: number;
  editable: boolean;
  submission?: Record<string, unknown>;
}
interface AuditEntries {
  entries: { action: string; actor: string; before?: Record<string, unknown>; after?: Record<string, unknown>; detail?: Record<string, unknown> }[];
}

async function submitted(overrides: Record<string, unknown> = {}) {
  const email = uniqueEmail('submitter');
  const base = validSubmission(overrides);
  const body: Record<string, unknown> = { ...base, submitter: { ...(base.submitter as object), email } };
  const reply = await apiJson<Receipt>('/v1/submissions', { method: 'POST', json: body });
  expect(reply.status).toBe(201);
  return { ...reply.body, email, body };
}

const withToken = (token: string, headers: Record<string, string> = {}) => ({ 'x-status-token': token, ...headers });
const view = (receipt: Receipt) => apiJson<View & ErrorBody>(`/v1/submissions/${receipt.reference}`, { headers: withToken(receipt.statusToken) });
const correct = (receipt: Receipt, body: unknown, headers: Record<string, string>) =>
  apiJson<View & ErrorBody>(`/v1/submissions/${receipt.reference}`, { method: 'PUT', json: body, headers: withToken(receipt.statusToken, headers) });
const auditOf = async (reference: string) =>
  (await apiJson<AuditEntries>(`/v1/review/submissions/${reference}/audit`, { token: await tokenFor('reviewer@example.org') })).body.entries;

/** What the monthly collection does to a submission, written directly: the shared platform runs no cycle. */
async function markCollected(reference: string, status = 'in-review') {
  await documentClient().send(
    new UpdateCommand({
      TableName: submissionsTableName(),
      Key: keys.submission(reference),
      UpdateExpression: 'SET #status = :status, #cycle = :cycle, question = :question ADD version :one',
      ExpressionAttributeNames: { '#status': 'status', '#cycle': 'cycle' },
      ExpressionAttributeValues: { ':status': status, ':cycle': '2026-01', ':question': 'Which agency leads the register?', ':one': 1 },
    }),
  );
}

describe('the private status link', () => {
  it('is the status page, in the receipt and in its email', async () => {
    const receipt = await submitted();
    const base = platform().environment[ENV.publicBaseUrl]!.replace(/\/$/, '');
    expect(receipt.statusUrl).toBe(`${base}/status/${receipt.reference}#token=${receipt.statusToken}`);
    const [mail] = await waitFor(async () => {
      const mails = await inbox({ to: receipt.email });
      return mails.length > 0 ? mails : undefined;
    });
    expect(mail!.body.text).toContain(receipt.statusUrl);
    expect(mail!.body.text).not.toContain('/v1/');
  });

  it('accepts the token in X-Status-Token, keeps ?token= working, and names the header when both are missing', async () => {
    const receipt = await submitted({ partners: [] });
    const byHeader = await view(receipt);
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('etag')).toBe('"1"');
    expect(byHeader.body).toMatchObject({ reference: receipt.reference, status: 'awaiting-review', version: 1, editable: true });
    // The submission as stored: the POST body, with the contract's defaults filled in.
    expect(byHeader.body.submission).toEqual(receipt.body);

    const byQuery = await apiJson<View>(`/v1/submissions/${receipt.reference}?token=${receipt.statusToken}`);
    expect(byQuery.body).toEqual(byHeader.body);

    const missing = await apiJson<ErrorBody>(`/v1/submissions/${receipt.reference}?lang=fr`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields?.map((field) => field.path)).toEqual(['headers.X-Status-Token']);

    const wrong = await apiJson<ErrorBody>(`/v1/submissions/${receipt.reference}`, { headers: withToken('A'.repeat(43)) });
    expect(wrong.status).toBe(404);
    const malformed = await apiJson<ErrorBody>(`/v1/submissions/${receipt.reference}`, { headers: withToken('not a token') });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields?.[0]?.path).toBe('headers.X-Status-Token');
  });

  it('answers a question and withdraws with the header token', async () => {
    const asked = await submitted();
    await markCollected(asked.reference, 'needs-info');
    const answered = await apiJson<{ status: string }>(`/v1/submissions/${asked.reference}/answer`, {
      method: 'POST',
      json: { answer: 'The Office of the Data Protection Commissioner.' },
      headers: withToken(asked.statusToken),
    });
    expect(answered).toMatchObject({ status: 200, body: { reference: asked.reference, status: 'awaiting-review' } });

    const leaving = await submitted();
    const withdrawn = await apiJson<{ status: string }>(`/v1/submissions/${leaving.reference}/withdraw`, { method: 'POST', headers: withToken(leaving.statusToken) });
    expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn' } });
    expect((await view(leaving)).body).toMatchObject({ status: 'withdrawn', editable: false });
    expect((await view(leaving)).body.submission).toBeUndefined();
  });
});

describe('PUT /v1/submissions/{reference}', () => {
  it('corrects the submission, keeps its reference, and audits every changed field from before to after', async () => {
    const receipt = await submitted();
    const milestones = [{ description: 'Publish the register after consultation', deliverable: 'Register', dueDate: '2027-09-30' }];
    const corrected = { ...receipt.body, title: 'An open register of public algorithms', language: 'fr', milestones };

    const reply = await correct(receipt, corrected, { 'if-match': '"1"' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('etag')).toBe('"2"');
    expect(reply.body).toMatchObject({ reference: receipt.reference, version: 2, editable: true, title: corrected.title });
    expect((await view(receipt)).body.submission).toEqual(corrected);

    const corrections = (await auditOf(receipt.reference)).filter((entry) => entry.action === 'corrected');
    expect(corrections.map((entry) => entry.detail?.field).sort()).toEqual(['language', 'milestones', 'title']);
    for (const entry of corrections) expect(entry).toMatchObject({ actor: 'submitter', detail: { version: 2 } });
    expect(corrections.find((entry) => entry.detail?.field === 'title')).toMatchObject({
      before: { title: 'Publish an open register of public algorithms' },
      after: { title: corrected.title },
    });
    expect(corrections.find((entry) => entry.detail?.field === 'milestones')?.after).toEqual({ milestones });

    // Sending the same again changes nothing and records nothing.
    const again = await correct(receipt, corrected, { 'if-match': '2' });
    expect(again.body.version).toBe(2);
    expect((await auditOf(receipt.reference)).filter((entry) => entry.action === 'corrected')).toHaveLength(3);
  });

  it('corrects an action-plan commitment while its designation awaits confirmation', async () => {
    const actionPlan = { id: 'CL-2025', commitmentId: 'CL0012', designatedByMsf: true };
    const receipt = await submitted({ channel: 'action-plan', member: { type: 'national', memberId: 'chile' }, actionPlan });
    const before = await view(receipt);
    expect(before.body).toMatchObject({ status: 'awaiting-confirmation', editable: true });
    const reply = await correct(receipt, { ...receipt.body, actionPlan: { ...actionPlan, commitmentId: 'CL0013' } }, { 'if-match': String(before.body.version) });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'awaiting-confirmation', version: before.body.version + 1 });
    const [entry] = (await auditOf(receipt.reference)).filter((candidate) => candidate.action === 'corrected');
    expect(entry).toMatchObject({ before: { 'actionPlan.commitmentId': 'CL0012' }, after: { 'actionPlan.commitmentId': 'CL0013' } });
  });

  it('refuses bad input, a stale or missing version, and a move to another channel or member, changing nothing', async () => {
    const receipt = await submitted();
    const unchanged = async () => {
      const current = await view(receipt);
      expect(current.body).toMatchObject({ version: 1, title: receipt.body.title });
      expect((await auditOf(receipt.reference)).filter((entry) => entry.action === 'corrected')).toEqual([]);
    };

    const invalid = await correct(receipt, { ...receipt.body, language: 'es', endDate: '2020-01-01', milestones: [] }, { 'if-match': '1' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect(invalid.body.error.fields?.map((field) => field.path).sort()).toEqual(['endDate', 'milestones']);

    const stale = await correct(receipt, { ...receipt.body, title: 'Stale' }, { 'if-match': '7' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');

    const noVersion = await correct(receipt, { ...receipt.body, title: 'No version' }, {});
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.fields?.map((field) => field.path)).toEqual(['headers.If-Match']);

    const otherMember = await correct(receipt, { ...receipt.body, member: { type: 'national', memberId: 'france' } }, { 'if-match': '1' });
    expect(otherMember.status).toBe(400);
    expect(otherMember.body.error.fields?.map((field) => field.path)).toEqual(['member.memberId']);

    const actionPlan = { id: 'KE-2024', commitmentId: 'KE0031', designatedByMsf: true };
    const otherChannel = await correct(receipt, { ...receipt.body, channel: 'action-plan', actionPlan }, { 'if-match': '1' });
    expect(otherChannel.status).toBe(400);
    expect(otherChannel.body.error.fields?.map((field) => field.path)).toEqual(['channel']);

    // The member checks of intake apply: Kenya is a national member, not an OGP Local one.
    const wrongKind = await correct(receipt, { ...receipt.body, member: { type: 'local', memberId: 'kenya', jurisdiction: 'Nairobi' } }, { 'if-match': '1' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.fields?.map((field) => field.path)).toEqual(['member.memberId']);

    const wrongToken = await apiJson<ErrorBody>(`/v1/submissions/${receipt.reference}`, {
      method: 'PUT',
      json: { ...receipt.body, title: 'Not yours' },
      headers: withToken('B'.repeat(43), { 'if-match': '1' }),
    });
    expect(wrongToken.status).toBe(404);
    await unchanged();
  });

  it('is refused once the review of its cycle has begun', async () => {
    const receipt = await submitted();
    await markCollected(receipt.reference);
    const current = await view(receipt);
    expect(current.body).toMatchObject({ status: 'in-review', editable: false, version: 2 });
    expect(current.body.submission).toBeUndefined();

    const refused = await correct(receipt, { ...receipt.body, language: 'es', title: 'Demasiado tarde' }, { 'if-match': '2' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('review_started');
    expect(refused.body.error.message).toBe('Este envío ya no puede corregirse: la revisión de su ciclo ha comenzado');
    expect((await view(receipt)).body.title).toBe(receipt.body.title);
  });
});

describe('GET /v1/openapi.json', () => {
  it('serves the document of this deployment, with the routes of the table', async () => {
    const { status, body } = await apiJson<{ servers: { url: string }[]; paths: Record<string, Record<string, unknown>> }>('/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.servers.map((server) => server.url)).toEqual([platform().environment[ENV.publicBaseUrl]]);
    expect(Object.keys(body.paths['/v1/submissions/{reference}'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(body.paths['/v1/reforms/{reference}']).toHaveProperty('get');
  });
});

describe('published reforms', () => {
  /** A reform as release writes it, for a submission of this test (the shared platform runs no release). */
  async function publish(reference: string, overrides: Partial<Reform> = {}) {
    const reform: Reform = {
      reference,
      countryOrLocal: 'Kenya',
      levelOfGovernment: 'National',
      leadInstitution: 'Office of the Data Protection Commissioner',
      titleOfReform: 'Publish an open register of public algorithms',
      challengeArea: 'digital-governance',
      region: 'africa-middle-east',
      memberId: 'kenya',
      country: 'Kenya',
      cycle: '2026-01',
      publishedAt: '2026-02-03T10:00:00.000Z',
      ...overrides,
    };
    await documentClient().send(new PutCommand({ TableName: submissionsTableName(), Item: reformItem(reform) }));
    return reform;
  }

  it('serves one reform with its public details and never a contact', async () => {
    const receipt = await submitted();
    const reform = await publish(receipt.reference);
    const reply = await api(`/v1/reforms/${receipt.reference}`);
    const text = await reply.text();
    expect(reply.status).toBe(200);
    const body = JSON.parse(text) as Record<string, unknown> & { details: Record<string, unknown> };
    expect(body).toMatchObject(reform);
    expect(body).not.toHaveProperty('publishedInCycle');
    expect(body.details).toMatchObject({ description: receipt.body.description, milestones: receipt.body.milestones, links: receipt.body.links });
    expect(text).not.toContain('@');
    expect(text).not.toContain((receipt.body.submitter as { name: string }).name);

    const private_ = await submitted({ consentToPublish: false });
    await publish(private_.reference);
    const withoutConsent = await apiJson<Record<string, unknown>>(`/v1/reforms/${private_.reference}`);
    expect(withoutConsent.status).toBe(200);
    expect(withoutConsent.body.details).toBeUndefined();

    const unpublished = await submitted();
    expect((await apiJson<ErrorBody>(`/v1/reforms/${unpublished.reference}`)).status).toBe(404);
  });

  it('filters by level in the exports wording and as a member type', async () => {
    const member = `test-member-${randomUUID().slice(0, 8)}`;
    const national = await publish(`OGC-2026-01-${Math.floor(100000 + Math.random() * 800000)}`, { memberId: member });
    const locality = await publish(`OGC-2026-01-${Math.floor(100000 + Math.random() * 800000)}`, {
      memberId: member,
      levelOfGovernment: 'Local (non-member)',
      countryOrLocal: 'Kisumu, Kenya',
    });
    const levelOf = async (level: string) =>
      (await apiJson<{ reforms: { reference: string }[] }>(`/v1/reforms?member=${member}&level=${encodeURIComponent(level)}`)).body.reforms.map((reform) => reform.reference);
    expect(await levelOf('Local (non-member)')).toEqual([locality.reference]);
    expect(await levelOf('local-non-member')).toEqual([locality.reference]);
    expect(await levelOf('national')).toEqual([national.reference]);
    expect(await levelOf('local')).toEqual([]);
    const invalid = await apiJson<ErrorBody>(`/v1/reforms?level=regional`);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields?.[0]?.path).toBe('level');
  });

  it('exports CSV that starts with a UTF-8 byte-order mark, as a download', async () => {
    const reply = await api('/v1/reforms.csv');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = new Uint8Array(await reply.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3, 30))).toMatch(/^Country\/Local,/);
  });
});

describe('a correction racing another write', () => {
  beforeAll(() => useOwnTables('submitter-race-'));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /**
   * Runs `meanwhile` just before the correction's transaction reaches DynamoDB: the correction has
   * read the submission and decided, and another writer gets there first.
   */
  function interleave(meanwhile: UpdateCommand) {
    const client = dynamo();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand) await send(meanwhile);
      return send(command as never);
    }) as typeof client.send);
  }

  async function race(meanwhile: (reference: string) => UpdateCommand) {
    const { handler: create } = await import('../../functions/create-submission/handler.ts');
    const { handler: correctHandler } = await import('../../functions/correct-submission/handler.ts');
    const body = validSubmission();
    const { reference, statusToken } = (await invoke<Receipt>(create, 'POST', '/v1/submissions', { body })).body;
    interleave(meanwhile(reference));
    const reply = await invoke<ErrorBody>(correctHandler, 'PUT', '/v1/submissions/{reference}', {
      pathParameters: { reference },
      body: { ...body, title: 'A title that must not land' },
      headers: { 'X-Status-Token': statusToken, 'If-Match': '1' },
    });
    vi.restoreAllMocks();
    const stored = await getSubmission(reference, true);
    expect(stored?.request.title).toBe(body.title);
    expect((await readAuditTrail(reference)).filter((entry) => entry.action === 'corrected')).toEqual([]);
    return reply;
  }

  it('is refused with review_started when the monthly collection lands first, and changes nothing', async () => {
    const reply = await race(
      (reference) =>
        new UpdateCommand({
          TableName: submissionsTable(),
          Key: keys.submission(reference),
          UpdateExpression: 'SET #status = :collected, #cycle = :cycle ADD version :one',
          ExpressionAttributeNames: { '#status': 'status', '#cycle': 'cycle' },
          ExpressionAttributeValues: { ':collected': 'in-review', ':cycle': '2026-01', ':one': 1 },
        }),
    );
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('review_started');
  });

  it('is refused with precondition_failed when another correction lands first, and changes nothing', async () => {
    const reply = await race(
      (reference) =>
        new UpdateCommand({
          TableName: submissionsTable(),
          Key: keys.submission(reference),
          UpdateExpression: 'ADD version :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
    );
    expect(reply.status).toBe(412);
    expect(reply.body.error.code).toBe('precondition_failed');
  });
});
