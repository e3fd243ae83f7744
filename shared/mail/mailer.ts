import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config/env.ts';
import { logger } from '../http/logger.ts';
import { dynamo, ses } from '../store/clients.ts';
import { render } from './message.ts';
import { outboxItemSchema, type OutboxItem } from './outbox.ts';
import { TEMPLATES } from './templates.ts';

/** A claim older than this is taken to belong to a delivery that died mid-way, and is taken over. */
const CLAIM_EXPIRY_MS = 5 * 60_000;

export type DeliveryResult = 'sent' | 'already-handled' | 'failed-permanently';

function isConditionFailure(error: unknown) {
  return (error as Error).name === 'ConditionalCheckFailedException';
}

/** A delivery that another worker has claimed and may still be sending: retry it later. */
export class DeliveryInFlight extends Error {
  constructor(item: OutboxItem) {
    super(`${item.pk} ${item.sk} is being sent by another delivery; retry later`);
    this.name = 'DeliveryInFlight';
  }
}

async function claim(table: string, item: OutboxItem, now: Date): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET #state = :sending, claimedAt = :now ADD attempts :one',
        ConditionExpression: '#state = :pending OR (#state = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':now': now.toISOString(),
          ':stale': new Date(now.getTime() - CLAIM_EXPIRY_MS).toISOString(),
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function currentState(table: string, item: OutboxItem): Promise<string | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }));
  return Item?.state as string | undefined;
}

async function settle(table: string, item: OutboxItem, state: 'sent' | 'pending' | 'failed', extra: Record<string, string>) {
  const names = Object.keys(extra);
  await dynamo().send(
    new UpdateCommand({
      TableName: table,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: `SET #state = :state${names.map((name) => `, ${name} = :${name}`).join('')}`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state, ...Object.fromEntries(names.map((name) => [`:${name}`, extra[name]])) },
    }),
  );
}

/**
 * Sends one outbox email once: the item is claimed with a conditional write before the send and
 * marked sent after it, so a duplicate stream delivery finds it sent and stops, or finds it claimed
 * and is retried. A failed send releases the claim and throws, so the stream retries it; a claim
 * whose worker died expires and is taken over.
 */
export async function deliver(table: string, rawItem: unknown, now = new Date()): Promise<DeliveryResult> {
  const item = outboxItemSchema.parse(rawItem);
  if (item.state === 'sent' || item.state === 'failed') return 'already-handled';
  if (!(await claim(table, item, now))) {
    // Lost the claim: sent or parked already, or another delivery holds it. The latter may still
    // fail (or its worker die), so the record is retried until the item settles or the claim expires.
    const current = await currentState(table, item);
    if (current === 'sent' || current === 'failed' || current === undefined) return 'already-handled';
    throw new DeliveryInFlight(item);
  }

  let rendered;
  try {
    const template = TEMPLATES[item.template];
    rendered = render(template.compose(template.data.parse(item.data) as never, item.language), item.language);
  } catch (error) {
    // Bad data never becomes good on retry: park it and say so loudly instead of looping.
    logger.error('outbox item cannot be rendered', { pk: item.pk, sk: item.sk, error });
    await settle(table, item, 'failed', { failedReason: (error as Error).message.slice(0, 500) });
    return 'failed-permanently';
  }

  const settings = config();
  try {
    const sent = await ses().send(
      new SendEmailCommand({
        FromEmailAddress: settings.MAIL_FROM,
        Destination: { ToAddresses: [item.to] },
        Content: {
          Simple: {
            Subject: { Data: rendered.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: rendered.text, Charset: 'UTF-8' }, Html: { Data: rendered.html, Charset: 'UTF-8' } },
          },
        },
        ...(settings.SES_CONFIGURATION_SET ? { ConfigurationSetName: settings.SES_CONFIGURATION_SET } : {}),
      }),
    );
    await settle(table, item, 'sent', { sentAt: new Date().toISOString(), messageId: sent.MessageId ?? '' });
    return 'sent';
  } catch (error) {
    await settle(table, item, 'pending', { lastError: (error as Error).message.slice(0, 500) }).catch(() => undefined);
    throw error;
  }
}
