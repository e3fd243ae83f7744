import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config/env.ts';
import { logger } from '../http/logger.ts';
import { countEmailFailed, countEmailsSent } from '../observability/metrics.ts';
import { mapConcurrently } from '../review/concurrency.ts';
import { dynamo, ses } from '../store/clients.ts';
import { batchGet } from '../store/reads.ts';
import { findSuppressions, normalizeAddress } from '../store/suppressions.ts';
import { render, type RenderedMail } from './message.ts';
import { outboxItemSchema, PENDING_INDEX_ATTRIBUTES, type OutboxItem } from './outbox.ts';
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
const BATCH_WRITE_ATTEMPTS = 8;

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

async function send(item: OutboxItem, mail: RenderedMail): Promise<string> {
  const settings = config();
  const sent = await ses().send(
    new SendEmailCommand({
      FromEmailAddress: settings.MAIL_FROM,
      Destination: { ToAddresses: [item.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        },
      },
      ...(settings.SES_CONFIGURATION_SET ? { ConfigurationSetName: settings.SES_CONFIGURATION_SET } : {}),
    }),
  );
  return sent.MessageId ?? '';
}

/** Writes the settled items back whole (nothing else ever changes an outbox item), out of the pending index. */
async function settle(table: string, items: Record<string, unknown>[]): Promise<void> {
  const withoutPendingEntry = (item: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(item).filter(([attribute]) => !(PENDING_INDEX_ATTRIBUTES as readonly string[]).includes(attribute)));
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: withoutPendingEntry(item) } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === BATCH_WRITE_ATTEMPTS) throw new Error(`${pending.length} settled outbox items of ${table} could not be written`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

/**
 * Sends a batch of new outbox emails, each once, and marks them sent. A stream shard is handed to
 * one mailer invocation at a time (the event source keeps its parallelization factor at 1), so a
 * record is only ever seen again on a retry: reading the items' current state first makes a retry
 * skip what an earlier attempt already sent. A few requests per batch (the items and their recipients'
 * suppressions read, then one write) keep the mailer from competing with intake for the table.
 *
 * Returns the ids of the deliveries to retry: transient send failures (SES throttling, an outage).
 * A permanent refusal is not retried: the item is marked `failed` with SES's reason.
 */
export async function deliverBatch(deliveries: readonly OutboxDelivery[], now = new Date()): Promise<{ retry: string[]; sent: number }> {
  const retry: string[] = [];
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

  let sentCount = 0;
  for (const [table, entries] of byTable) {
    const current = new Map(
      (await batchGet(table, entries.map(({ item }) => ({ pk: item.pk, sk: item.sk })))).map((item) => [keyOf(item as OutboxItem), item]),
    );
    const settled: Record<string, unknown>[] = [];
    const due = entries.filter(({ item }) => current.get(keyOf(item))?.state === 'pending');
    // An address that bounced for good or complained gets nothing more: sending again would only
    // bounce again and hurt the account's reputation with SES.
    const suppressed = await findSuppressions(due.map(({ item }) => item.to));
    await mapConcurrently(due, SEND_CONCURRENCY, async ({ id, item, image }) => {
      if (suppressed.has(normalizeAddress(item.to))) {
        logger.warn('recipient is suppressed; marked failed', { pk: item.pk, sk: item.sk, reason: suppressed.get(normalizeAddress(item.to))?.reason });
        settled.push({ ...image, state: 'failed', failedReason: 'suppressed', failedAt: now.toISOString() });
        return;
      }
      let mail: RenderedMail;
      try {
        mail = renderMail(item);
      } catch (error) {
        logger.error('outbox item cannot be rendered; parked as failed', { pk: item.pk, sk: item.sk, error });
        countEmailFailed();
        settled.push({ ...image, state: 'failed', failedReason: (error as Error).message.slice(0, 500), failedAt: now.toISOString() });
        return;
      }
      try {
        const messageId = await send(item, mail);
        settled.push({ ...image, state: 'sent', sentAt: new Date().toISOString(), messageId });
        sentCount++;
      } catch (error) {
        if (isPermanentSendFailure(error)) {
          const reason = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500);
          logger.error('SES refused the email for good; marked failed', { pk: item.pk, sk: item.sk, reason });
          countEmailFailed();
          settled.push({ ...image, state: 'failed', failedReason: reason, failedAt: new Date().toISOString() });
          return;
        }
        logger.warn('sending failed; will retry', { pk: item.pk, sk: item.sk, error });
        retry.push(id);
      }
    });
    await settle(table, settled);
  }
  countEmailsSent(sentCount);
  return { retry, sent: sentCount };
}
