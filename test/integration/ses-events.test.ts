import { randomUUID } from 'node:crypto';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ses-events/handler.ts';
import { updateMember } from '../../shared/admin/members.ts';
import { deliverBatch } from '../../shared/mail/mailer.ts';
import { outboxItem } from '../../shared/mail/outbox.ts';
import { readAuditTrail } from '../../shared/store/audit.ts';
import { dynamo, ses } from '../../shared/store/clients.ts';
import { getMember, memberSubject, readMembers } from '../../shared/store/registry.ts';
import { suppressionKey } from '../../shared/store/suppressions.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';
import { useOwnTables } from '../support/in-process.ts';
import { inbox } from '../support/platform.ts';

/**
 * SES bounce and complaint events, as the configuration set publishes them through SNS, handled
 * by the real function against DynamoDB Local (the SES emulator never bounces). Tables of their
 * own, with no stream reader: the mailer runs only when a test calls it.
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

const mail = (to: string) => ({
  timestamp: '2026-12-02T10:00:00.000Z',
  source: 'challenge@example.org',
  messageId: '0102018c-ses-message-id',
  destination: [to],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['MailConfiguration'] },
});

/** A bounce as SES event publishing sends it (`eventType`, with SES's other fields around it). */
const bounce = (to: string, bounceType: 'Permanent' | 'Transient' = 'Permanent') => ({
  eventType: 'Bounce',
  bounce: {
    feedbackId: '0102018c-feedback',
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [{ emailAddress: to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2026-12-02T10:00:00.500Z',
    reportingMTA: 'dsn; a1-2.smtp-out.eu-west-1.amazonses.com',
  },
  mail: mail(to),
});

const complaint = (to: string) => ({
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
  mail: mail(to),
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

    expect(await deliverBatch(items.map((item, index) => ({ id: `${index + 1}00`, table, image: item })))).toEqual({ retry: [], sent: 1 });

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
