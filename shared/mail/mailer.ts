import { SendEmailCommand, type MessageTag } from '@aws-sdk/client-sesv2';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addresses, config } from '../config/env.ts';
import { canMoveMail, INTERRUPTED_SEND_REASON, type MailState } from '../domain/mail-state.ts';
import { logger } from '../http/logger.ts';
import { countEmailFailed, countEmailsSent } from '../observability/metrics.ts';
import { mapConcurrently } from '../review/concurrency.ts';
import { dynamo, ses } from '../store/clients.ts';
import { isConditionFailure } from '../store/expressions.ts';
import { keys } from '../store/keys.ts';
import { batchGet } from '../store/reads.ts';
import { findSuppressions, normalizeAddress } from '../store/suppressions.ts';
import { render, type RenderedMail } from './message.ts';
import { MAIL_TAGS, outboxItemSchema, PENDING_INDEX_ATTRIBUTES, type OutboxItem } from './outbox.ts';
import { TEMPLATES } from './templates.ts';

/** One new outbox item as the table's stream delivered it. */
export interface OutboxDelivery {
  /** The stream record's sequence number: what a partial batch failure names. */
  id: string;
  table: string;
  image: unknown;
}

/** Sends at once within a batch: fast enough, and gentle with SES's per-second sending rate. */
const SEND_CONCURRENCY = 4;

const keyOf = (item: { pk: string; sk: string }) => `${item.pk}\u0000${item.sk}`;

/**
 * SES answers that no retry will change: the message or its recipient is refused, the sending
 * identity is not verified, or the account may not send. Retrying them would hold back every
 * email behind them in the stream's shard until the retries run out, and then leave the item
 * `pending` for good; instead the item is marked `failed` with the reason, which is counted and
 * alarmed on. Everything else (throttling, SES's own errors, the network) is transient: the SDK
 * retries it with backoff, and then the stream hands the record over again.
 */
const PERMANENT_SES_ERRORS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
]);

export function isPermanentSendFailure(error: unknown): boolean {
  return error instanceof Error && PERMANENT_SES_ERRORS.has(error.name);
}

function renderMail(item: OutboxItem): RenderedMail {
  const template = TEMPLATES[item.template];
  return render(template.compose(template.data.parse(item.data) as never, item.language), item.language);
}

const SUBMISSION_OWNER_PREFIX = keys.submission('').pk;
/** SES accepts only these characters in a tag value (and at most 256 of them). */
const SES_TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The submission an email was for, as an SES message tag: SES's bounce and complaint events carry
 * the tags of the message (`mail.tags`), which is how `ses-events` finds the submission whose
 * submitter did not get it, without an index of submissions by address.
 */
function tagsFor(item: OutboxItem): MessageTag[] {
  const reference = item.pk.startsWith(SUBMISSION_OWNER_PREFIX) ? item.pk.slice(SUBMISSION_OWNER_PREFIX.length) : '';
  return SES_TAG_VALUE.test(reference) ? [{ Name: MAIL_TAGS.submission, Value: reference }] : [];
}

/**
 * What a sent email's outbox item keeps: who it went to, what it said and SES's message id, but
 * not the live links the template declares secret (status token, designation signature) — the
 * recipient has them, and a copy of the table must not.
 */
function sentItem(image: Record<string, unknown>, item: OutboxItem, mail: RenderedMail, messageId: string) {
  const secrets = new Set<string>(TEMPLATES[item.template].secrets ?? []);
  const data = Object.fromEntries(Object.entries(item.data).filter(([field]) => !secrets.has(field)));
  return { ...image, data, subject: mail.subject, state: 'sent' as const, sentAt: new Date().toISOString(), messageId };
}

async function send(item: OutboxItem, mail: RenderedMail): Promise<string> {
  const settings = config();
  const tags = tagsFor(item);
  const sent = await ses().send(
    new SendEmailCommand({
      FromEmailAddress: addresses().MAIL_FROM,
      Destination: { ToAddresses: [item.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        },
      },
      ...(settings.SES_CONFIGURATION_SET ? { ConfigurationSetName: settings.SES_CONFIGURATION_SET } : {}),
      ...(tags.length > 0 ? { EmailTags: tags } : {}),
    }),
  );
  return sent.MessageId ?? '';
}

/** The condition that an item is still in `from`, for a write that moves it to `to` (a lifecycle step of `shared/domain/mail-state.ts`). */
function whileIn(from: MailState, to: MailState) {
  if (!canMoveMail(from, to)) throw new Error(`an outbox item cannot go from ${from} to ${to}`);
  return { ConditionExpression: '#state = :from', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':from': from } };
}

/** A conditional write that lost to another writer is not an error here: that writer moved the item on first. */
async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** One lifecycle step by an update: false when another writer moved the item on first. */
function move(table: string, item: OutboxItem, from: MailState, to: MailState, update: string, values: Record<string, unknown> = {}): Promise<boolean> {
  const condition = whileIn(from, to);
  return conditionally(() =>
    dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: update,
        ...condition,
        ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':to': to, ...values },
      }),
    ),
  );
}

/**
 * Claims a pending item before SES is called, so that a mailer stopped during the call (a crash,
 * a timeout, a SIGKILL) leaves a trace: the item stays `sending`, and whoever finds it later marks
 * it failed as interrupted instead of sending it a second time. False when another mailer claimed
 * or settled it first.
 */
const claim = (table: string, item: OutboxItem) => move(table, item, 'pending', 'sending', 'SET #state = :to, sendingAt = :at', { ':at': new Date().toISOString() });

/** SES answered that it did not send (throttling, its own error): the item is owed again. */
const unclaim = (table: string, item: OutboxItem) => move(table, item, 'sending', 'pending', 'SET #state = :to REMOVE sendingAt');

/**
 * Writes one settled item back whole (nothing else ever changes an outbox item), out of the
 * pending index, as soon as it is settled. Conditional on the item still being in `from`, so a
 * concurrent redrive that settled it first is not overwritten.
 */
async function settle(table: string, item: Record<string, unknown> & { state: MailState }, from: MailState): Promise<void> {
  const withoutPendingEntry = Object.fromEntries(
    Object.entries(item).filter(([attribute]) => !(PENDING_INDEX_ATTRIBUTES as readonly string[]).includes(attribute) && attribute !== 'sendingAt'),
  );
  await conditionally(() => dynamo().send(new PutCommand({ TableName: table, Item: withoutPendingEntry, ...whileIn(from, item.state) })));
}

/** Settles an item as failed, from the state it was found in, with its reason (at most 500 characters). */
function settleFailed(table: string, image: Record<string, unknown>, from: MailState, reason: string, at: Date): Promise<void> {
  return settle(table, { ...image, state: 'failed', failedReason: reason.slice(0, 500), failedAt: at.toISOString() }, from);
}

export interface DeliveryOptions {
  /** The delivery's instant (the sweeper's may be ahead of the clock). */
  now?: Date;
  /**
   * Items claimed for sending before this instant were claimed by a mailer that has stopped. A
   * stream retry passes nothing (any claim is older than the retry: the batches of a shard never
   * overlap); the sweeper passes its age threshold, so it never takes a send still in flight.
   */
  interruptedBefore?: Date;
}

export interface DeliveryReport {
  /** The ids of the deliveries to retry: transient send failures (SES throttling, an outage). */
  retry: string[];
  sent: number;
  /** Items found claimed by a mailer that stopped mid-send, now marked failed. */
  interrupted: number;
}

/**
 * Sends a batch of new outbox emails, each at most once, and marks them sent. A stream shard is
 * handed to one mailer invocation at a time (the event source keeps its parallelization factor at
 * 1), so a record is only ever seen again on a retry: reading the items' current state first makes
 * a retry skip what an earlier attempt settled, and mark failed what it left mid-send (see `claim`).
 * Reads are batched (the items, their recipients' suppressions); each item is written back the
 * moment it is settled.
 *
 * A permanent refusal is not retried: the item is marked `failed` with SES's reason.
 */
export async function deliverBatch(deliveries: readonly OutboxDelivery[], options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const now = options.now ?? new Date();
  const interruptedBefore = (options.interruptedBefore ?? now).toISOString();
  const report: DeliveryReport = { retry: [], sent: 0, interrupted: 0 };
  const byTable = new Map<string, { id: string; item: OutboxItem; image: Record<string, unknown> }[]>();
  for (const delivery of deliveries) {
    const parsed = outboxItemSchema.safeParse(delivery.image);
    if (!parsed.success) {
      // A malformed item never becomes valid on retry: say so loudly and let the stream move on.
      logger.error('outbox item is malformed; not sent', { table: delivery.table, id: delivery.id, issues: parsed.error.issues });
      continue;
    }
    const list = byTable.get(delivery.table) ?? [];
    list.push({ id: delivery.id, item: parsed.data, image: delivery.image as Record<string, unknown> });
    byTable.set(delivery.table, list);
  }

  for (const [table, entries] of byTable) {
    const current = new Map<string, { item: OutboxItem; image: Record<string, unknown> }>();
    for (const image of await batchGet(table, entries.map(({ item }) => ({ pk: item.pk, sk: item.sk })))) {
      const parsed = outboxItemSchema.safeParse(image);
      if (parsed.success) current.set(keyOf(parsed.data), { item: parsed.data, image });
    }
    const interrupted = entries.flatMap(({ item }) => {
      const found = current.get(keyOf(item));
      return found?.item.state === 'sending' && (found.item.sendingAt ?? '') < interruptedBefore ? [found] : [];
    });
    for (const { item, image } of interrupted) {
      logger.error('a send was interrupted; marked failed, not sent again', { pk: item.pk, sk: item.sk, sendingAt: item.sendingAt });
      countEmailFailed();
      await settleFailed(table, image, 'sending', INTERRUPTED_SEND_REASON, now);
    }
    report.interrupted += interrupted.length;

    const due = entries.filter(({ item }) => current.get(keyOf(item))?.item.state === 'pending');
    // An address that bounced for good or complained gets nothing more: sending again would only
    // bounce again and hurt the account's reputation with SES.
    const suppressed = await findSuppressions(due.map(({ item }) => item.to));
    await mapConcurrently(due, SEND_CONCURRENCY, async ({ id, item, image }) => {
      if (suppressed.has(normalizeAddress(item.to))) {
        logger.warn('recipient is suppressed; marked failed', { pk: item.pk, sk: item.sk, reason: suppressed.get(normalizeAddress(item.to))?.reason });
        await settleFailed(table, image, 'pending', 'suppressed', now);
        return;
      }
      let mail: RenderedMail;
      try {
        mail = renderMail(item);
      } catch (error) {
        logger.error('outbox item cannot be rendered; parked as failed', { pk: item.pk, sk: item.sk, error });
        countEmailFailed();
        await settleFailed(table, image, 'pending', (error as Error).message, now);
        return;
      }
      if (!(await claim(table, item))) return;
      let messageId: string;
      try {
        messageId = await send(item, mail);
      } catch (error) {
        if (isPermanentSendFailure(error)) {
          const reason = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500);
          logger.error('SES refused the email for good; marked failed', { pk: item.pk, sk: item.sk, reason });
          countEmailFailed();
          await settleFailed(table, image, 'sending', reason, new Date());
          return;
        }
        logger.warn('sending failed; will retry', { pk: item.pk, sk: item.sk, error });
        await unclaim(table, item);
        report.retry.push(id);
        return;
      }
      report.sent++;
      await settle(table, sentItem(image, item, mail, messageId), 'sending');
    });
  }
  countEmailsSent(report.sent);
  return report;
}
