import { randomUUID } from 'node:crypto';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as liftSuppressionHandler } from '../../functions/admin-lift-suppression/handler.ts';
import { handler as listSuppressionsHandler } from '../../functions/admin-list-suppressions/handler.ts';
import { handler as createSubmission } from '../../functions/create-submission/handler.ts';
import { handler } from '../../functions/ses-events/handler.ts';
import { updateMember } from '../../shared/admin/members.ts';
import { deliverBatch } from '../../shared/mail/mailer.ts';
import { outboxItem } from '../../shared/mail/outbox.ts';
import { readAuditTrail } from '../../shared/store/audit.ts';
import { dynamo, ses } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { getMember, memberSubject, readMembers } from '../../shared/store/registry.ts';
import { getSubmission } from '../../shared/store/submissions.ts';
import { suppressionKey, suppressionSubject } from '../../shared/store/suppressions.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';
import { validSubmission } from '../support/fixtures.ts';
import { invoke, useOwnTables } from '../support/in-process.ts';
import { inbox, tokenFor } from '../support/platform.ts';

/**
 * SES bounce and complaint events, as the configuration set publishes them through SNS, handled
 * by the real function against DynamoDB Local (the SES emulator never bounces): suppressions, POC
 * contacts and submitters marked undeliverable, the metrics counted, and an admin lifting a
 * suppression through the real HTTP handlers. Tables of their own, with no stream reader: the
 * mailer runs only when a test calls it, sending to the SES emulator.
 */
beforeAll(async () => {
  await useOwnTables('ses-events-');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const address = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.org`;

/** The SNS envelope Lambda receives, around one SES event (or any message text). */
function snsEvent(message: unknown): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:MailEvents:1',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:eu-west-1:123456789012:MailEvents',
          Subject: 'Amazon SES Email Event Notification',
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Timestamp: '2026-12-02T10:00:01.000Z',
          SignatureVersion: '1',
          Signature: 'c2lnbmF0dXJl',
          SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/cert.pem',
          UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** The message SES reports on, with its tags: the configuration set's own, and those the mailer set (`tags`). */
const mail = (to: string, tags: Record<string, string[]> = {}) => ({
  timestamp: '2026-12-02T10:00:00.000Z',
  source: 'challenge@example.org',
  messageId: '0102018c-ses-message-id',
  destination: [to],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['MailConfiguration'], 'ses:from-domain': ['example.org'], ...tags },
});

/** A bounce as SES event publishing sends it (`eventType`, with SES's other fields around it). */
const bounce = (to: string, bounceType: 'Permanent' | 'Transient' = 'Permanent', tags: Record<string, string[]> = {}) => ({
  eventType: 'Bounce',
  bounce: {
    feedbackId: '0102018c-feedback',
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [{ emailAddress: to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2026-12-02T10:00:00.500Z',
    reportingMTA: 'dsn; a1-2.smtp-out.eu-west-1.amazonses.com',
  },
  mail: mail(to, tags),
});

const complaint = (to: string, tags: Record<string, string[]> = {}) => ({
  eventType: 'Complaint',
  complaint: {
    feedbackId: '0102018c-complaint',
    complaintSubType: null,
    complainedRecipients: [{ emailAddress: to }],
    timestamp: '2026-12-02T10:05:00.000Z',
    userAgent: 'Mozilla/5.0',
    complaintFeedbackType: 'abuse',
    arrivalDate: '2026-12-02T10:04:00.000Z',
  },
  mail: mail(to, tags),
});

const suppressionOf = async (to: string) =>
  (await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: suppressionKey(to), ConsistentRead: true }))).Item;

/** A member of the seeded registry with a fresh POC contact (and a second one that stays deliverable). */
async function memberWithContact(contactEmail: string, otherEmail: string) {
  const members = await readMembers();
  const member = members.find((candidate) => !candidate.retired && candidate.contacts.length === 0)!;
  const { id, version, retired: _retired, ...fields } = member;
  return updateMember(
    id,
    {
      ...fields,
      retired: false,
      contacts: [
        { name: 'Amina Diallo', email: contactEmail, language: 'fr' },
        { name: 'Jon Ek', email: otherEmail, language: 'en' },
      ],
    },
    version,
    'admin@example.org',
  );
}

describe('ses-events', () => {
  it('suppresses a permanently bounced address and marks the member contact at it undeliverable, audited', async () => {
    const contact = address('poc');
    const other = address('other-poc');
    const member = await memberWithContact(contact, other);

    // SES reports the address as the recipient's server wrote it: the case must not matter.
    expect(await handler(snsEvent(bounce(contact.toUpperCase())))).toEqual({ suppressed: 1 });

    expect(await suppressionOf(contact)).toMatchObject({ address: contact, reason: 'bounce', at: '2026-12-02T10:00:00.500Z', detail: expect.stringContaining('550 5.1.1') });
    const after = await getMember(member.id);
    expect(after?.version).toBe(member.version + 1);
    expect(after?.contacts).toEqual([
      { name: 'Amina Diallo', email: contact, language: 'fr', undeliverable: true },
      { name: 'Jon Ek', email: other, language: 'en' },
    ]);
    const trail = await readAuditTrail(memberSubject(member.id));
    expect(trail.at(-1)).toMatchObject({ actor: 'system', action: 'contact-undeliverable', after: { contacts: after?.contacts } });

    // The same bounce delivered again (SNS and Lambda both retry) changes nothing more.
    expect(await handler(snsEvent(bounce(contact)))).toEqual({ suppressed: 1 });
    expect((await getMember(member.id))?.version).toBe(member.version + 1);
  });

  it('suppresses an address that complained', async () => {
    const to = address('complainer');
    expect(await handler(snsEvent(complaint(to)))).toEqual({ suppressed: 1 });
    expect(await suppressionOf(to)).toMatchObject({ address: to, reason: 'complaint', detail: 'abuse' });
  });

  it('ignores transient bounces, other events and messages that are not SES events, recording nothing', async () => {
    const transient = address('mailbox-full');
    const delivered = address('delivered');
    const odd = address('odd');
    expect(await handler(snsEvent(bounce(transient, 'Transient')))).toEqual({ suppressed: 0 });
    expect(await handler(snsEvent({ eventType: 'Delivery', delivery: { recipients: [delivered] }, mail: mail(delivered) }))).toEqual({ suppressed: 0 });
    expect(await handler(snsEvent('{"eventType": "Bounce", '))).toEqual({ suppressed: 0 });
    expect(await handler(snsEvent({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [], timestamp: 'now' }, odd }))).toEqual({
      suppressed: 0,
    });
    for (const to of [transient, delivered, odd]) expect(await suppressionOf(to), to).toBeUndefined();
  });

  it('lets a failing write fail the invocation, so Lambda retries it and then keeps it in the failure queue', async () => {
    const to = address('unlucky');
    const client = dynamo();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) =>
      command instanceof PutCommand
        ? Promise.reject(Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }))
        : send(command as never)) as typeof client.send);
    await expect(handler(snsEvent(bounce(to)))).rejects.toThrow('Throughput exceeds');
    vi.restoreAllMocks();
    expect(await handler(snsEvent(bounce(to)))).toEqual({ suppressed: 1 });
    expect(await suppressionOf(to)).toMatchObject({ reason: 'bounce' });
  });
});

describe('the mailer and suppressed addresses', () => {
  it('marks mail to a suppressed address failed without sending it, and still sends the rest of the batch', async () => {
    const bounced = address('bounced');
    const fine = address('fine');
    await handler(snsEvent(bounce(bounced)));

    const table = submissionsTable();
    const items = [bounced.toUpperCase(), fine].map((to) =>
      outboxItem(`SUB#SUPPRESSION-${randomUUID()}`, { purpose: 'story-thanks', template: 'story-thanks', to, language: 'fr', data: { authorName: 'Amina', title: 'Budgets ouverts' } }, new Date().toISOString()),
    );
    for (const item of items) await dynamo().send(new PutCommand({ TableName: table, Item: item }));
    const client = ses();
    const send = client.send.bind(client);
    const spy = vi.spyOn(client, 'send').mockImplementation(((command: unknown) => send(command as never)) as typeof client.send);

    expect(await deliverBatch(items.map((item, index) => ({ id: `${index + 1}00`, table, image: item })))).toEqual({ retry: [], sent: 1, interrupted: 0 });

    const sentTo = spy.mock.calls.filter(([command]) => command instanceof SendEmailCommand).map(([command]) => (command as SendEmailCommand).input.Destination?.ToAddresses);
    expect(sentTo).toEqual([[fine]]);
    const stateOf = async (item: Record<string, unknown>) =>
      (await dynamo().send(new GetCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }))).Item;
    expect(await stateOf(items[0]!)).toMatchObject({ state: 'failed', failedReason: 'suppressed' });
    expect(await stateOf(items[0]!)).not.toHaveProperty('status');
    expect(await stateOf(items[1]!)).toMatchObject({ state: 'sent' });
    expect(await inbox({ to: fine })).toHaveLength(1);
    expect(await inbox({ to: bounced })).toHaveLength(0);
  });
});

/** The emails a submission owes or owed (its outbox items), read back whole. */
async function outboxOf(reference: string) {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: submissionsTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mail)',
      ExpressionAttributeValues: { ':pk': keys.submission(reference).pk, ':mail': 'MAIL#' },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/** Sends what a submission owes through the real mailer (no stream reader here), recording what went to SES. */
async function sendOutbox(reference: string) {
  const table = submissionsTable();
  const client = ses();
  const send = client.send.bind(client);
  const spy = vi.spyOn(client, 'send').mockImplementation(((command: unknown) => send(command as never)) as typeof client.send);
  const items = await outboxOf(reference);
  await deliverBatch(items.map((item, index) => ({ id: String(index), table, image: item })));
  const inputs = spy.mock.calls.filter(([command]) => command instanceof SendEmailCommand).map(([command]) => (command as SendEmailCommand).input);
  spy.mockRestore();
  return inputs;
}

async function submitAs(submitterEmail: string) {
  const base = validSubmission();
  const reply = await invoke(createSubmission, 'POST', '/v1/submissions', { body: { ...base, submitter: { ...(base.submitter as object), email: submitterEmail } } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { reference: string; statusToken: string };
}

/** EMF documents Powertools writes while `run` runs, as on Lambda. */
async function metricsWhile(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'ses-events';
  const capture = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    capture.mockRestore();
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("a submitter's mail that bounces", () => {
  it('is tagged with its submission, and the sent outbox item keeps no token link', async () => {
    const submitter = address('tagged');
    const { reference, statusToken } = await submitAs(submitter);
    const sent = await sendOutbox(reference);
    const receipt = sent.find((input) => input.Destination?.ToAddresses?.[0] === submitter);
    expect(receipt?.EmailTags).toEqual([{ Name: 'submission', Value: reference }]);

    const [item] = (await outboxOf(reference)).filter((candidate) => candidate.template === 'submission-receipt');
    expect(item).toMatchObject({ state: 'sent', to: submitter, template: 'submission-receipt', subject: expect.stringContaining(reference), messageId: expect.any(String), sentAt: expect.any(String) });
    expect(item?.data).toMatchObject({ reference, submitterName: 'Wanjiru Kamau' });
    expect(item?.data).not.toHaveProperty('statusUrl');
    expect(JSON.stringify(item)).not.toContain(statusToken);
    expect(JSON.stringify(item)).not.toContain(encodeURIComponent(statusToken));
    // The submitter has the link: it was in the email.
    const [email] = await inbox({ to: submitter });
    expect(email?.body.text).toContain(`#token=${encodeURIComponent(statusToken)}`);
  });

  it('marks the submission undeliverable (audited, version unchanged), suppresses the address and counts the bounce; a replay changes nothing', async () => {
    const submitter = address('gone');
    const { reference } = await submitAs(submitter);
    const before = await getSubmission(reference, true);
    const event = snsEvent(bounce(submitter.toUpperCase(), 'Permanent', { submission: [reference] }));

    const emitted = await metricsWhile(() => handler(event));
    expect(emitted).toEqual([expect.objectContaining({ EmailsBounced: 1 })]);

    const after = await getSubmission(reference, true);
    expect(after?.undeliverable).toEqual({ address: submitter, reason: 'bounce', at: '2026-12-02T10:00:00.500Z' });
    expect(after?.version).toBe(before?.version);
    expect(await suppressionOf(submitter)).toMatchObject({ reason: 'bounce' });
    const trail = await readAuditTrail(reference);
    expect(trail.map((entry) => [entry.actor, entry.action, entry.after])).toEqual([['system', 'submitter-undeliverable', { undeliverable: after?.undeliverable }]]);

    // SNS and Lambda both redeliver: the same event again, then a complaint, leave the first report standing.
    expect(await handler(event)).toEqual({ suppressed: 1 });
    await handler(snsEvent(complaint(submitter, { submission: [reference] })));
    expect((await getSubmission(reference, true))?.undeliverable).toEqual(after?.undeliverable);
    expect(await readAuditTrail(reference)).toHaveLength(1);
  });

  it("leaves the submission alone when the address that failed is not its submitter's (a POC of the member), and counts a complaint", async () => {
    const { reference } = await submitAs(address('fine-submitter'));
    const poc = address('poc-of-member');
    const emitted = await metricsWhile(() => handler(snsEvent(complaint(poc, { submission: [reference] }))));
    expect(emitted).toEqual([expect.objectContaining({ EmailsComplained: 1 })]);
    expect((await getSubmission(reference, true))?.undeliverable).toBeUndefined();
    expect(await readAuditTrail(reference)).toEqual([]);
  });
});

describe('lifting a suppression', () => {
  const listSuppressions = (token?: string) => invoke(listSuppressionsHandler, 'GET', '/v1/admin/suppressions', token ? { token } : {});
  const lift = (body: unknown, token?: string) => invoke(liftSuppressionHandler, 'POST', '/v1/admin/suppressions/lift', { body, ...(token ? { token } : {}) });

  it('is for admins only: reviewers get 403, anonymous callers 401, and nothing changes', async () => {
    const to = address('guarded');
    await handler(snsEvent(bounce(to)));
    const reviewer = await tokenFor('reviewer@example.org');
    expect((await listSuppressions()).status).toBe(401);
    expect((await listSuppressions(reviewer)).status).toBe(403);
    expect((await lift({ address: to })).status).toBe(401);
    expect((await lift({ address: to }, reviewer)).status).toBe(403);
    expect(await suppressionOf(to)).toBeDefined();
    expect(await readAuditTrail(suppressionSubject(to))).toEqual([]);
  });

  it('lists the address, lifts it with an audit entry saying who and why it was suppressed, clears the POC mark, and lets mail go again', async () => {
    const contact = address('back-poc');
    const other = address('steady-poc');
    const member = await memberWithContact(contact, other);
    await handler(snsEvent(bounce(contact)));
    const admin = await tokenFor('admin@example.org');

    const listed = await listSuppressions(admin);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual({ address: contact, reason: 'bounce', at: '2026-12-02T10:00:00.500Z', detail: expect.stringContaining('550 5.1.1') });

    const lifted = await lift({ address: contact.toUpperCase() }, admin);
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    expect(lifted.body).toMatchObject({ suppression: { address: contact, reason: 'bounce' }, liftedBy: 'admin@example.org', members: [{ id: member.id, name: member.name }] });
    expect(await suppressionOf(contact)).toBeUndefined();
    expect((await listSuppressions(admin)).body.items.map((item: { address: string }) => item.address)).not.toContain(contact);
    expect(await readAuditTrail(suppressionSubject(contact))).toEqual([
      expect.objectContaining({ actor: 'admin@example.org', action: 'suppression-lifted', before: expect.objectContaining({ address: contact, reason: 'bounce', at: '2026-12-02T10:00:00.500Z' }) }),
    ]);
    expect((await getMember(member.id))?.contacts).toEqual([
      { name: 'Amina Diallo', email: contact, language: 'fr' },
      { name: 'Jon Ek', email: other, language: 'en' },
    ]);
    expect((await readAuditTrail(memberSubject(member.id))).at(-1)).toMatchObject({ actor: 'admin@example.org', action: 'contact-deliverable' });

    // Mail to the address is sent again.
    const item = outboxItem(`SUB#LIFTED-${randomUUID()}`, { purpose: 'story-thanks', template: 'story-thanks', to: contact, language: 'fr', data: { authorName: 'Amina', title: 'Budgets ouverts' } }, new Date().toISOString());
    await dynamo().send(new PutCommand({ TableName: submissionsTable(), Item: item }));
    expect(await deliverBatch([{ id: '1', table: submissionsTable(), image: item }])).toEqual({ retry: [], sent: 1, interrupted: 0 });
    expect(await inbox({ to: contact })).toHaveLength(1);

    // Lifting again: there is nothing to lift.
    expect((await lift({ address: contact }, admin)).status).toBe(404);
  });

  it('refuses a body that is not an address, with its field, and changes nothing', async () => {
    const admin = await tokenFor('admin@example.org');
    const refused = await lift({ address: 'not an address' }, admin);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ path: 'address', message: expect.any(String) }]);
  });
});
