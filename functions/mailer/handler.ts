import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../../shared/http/logger.ts';
import { deliverBatch, type OutboxDelivery } from '../../shared/mail/mailer.ts';
import { sweepPendingMail, type SweepReport } from '../../shared/mail/sweeper.ts';

/**
 * The schedule's event (`{ "sweep": true }`, every few minutes): the same function, with the same
 * and only permission to send mail, re-drives the outbox items left pending.
 */
export interface MailSweepEvent {
  sweep: true;
}
const isMailSweep = (event: DynamoDBStreamEvent | MailSweepEvent): event is MailSweepEvent => 'sweep' in event && event.sweep === true;

/** `arn:aws:dynamodb:region:account:table/NAME/stream/LABEL` → NAME */
const tableOf = (eventSourceArn: string | undefined) => eventSourceArn?.split(':table/')[1]?.split('/')[0];

/**
 * Drains the transactional outbox from the tables' streams. New outbox items are delivered;
 * everything else on the stream is ignored. Failures are reported per record, so the stream
 * retries only those (and, after its retries, parks them in the dead-letter queue).
 */
export const handler = async (event: DynamoDBStreamEvent | MailSweepEvent): Promise<DynamoDBBatchResponse | SweepReport> => {
  if (isMailSweep(event)) return sweepPendingMail();
  const deliveries: OutboxDelivery[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const table = tableOf(record.eventSourceARN);
    if (record.eventName !== 'INSERT' || image?.itemType?.S !== 'mail' || !table) continue;
    deliveries.push({ id: record.dynamodb?.SequenceNumber ?? '', table, image: unmarshall(image as Record<string, AttributeValue>) });
  }
  if (deliveries.length === 0) return { batchItemFailures: [] };
  try {
    const { retry } = await deliverBatch(deliveries);
    return { batchItemFailures: retry.map((itemIdentifier) => ({ itemIdentifier })) };
  } catch (error) {
    // The table could not be read or written: retry the whole batch (sent items will be skipped).
    logger.error('outbox batch failed; will retry', { error });
    return { batchItemFailures: deliveries.map(({ id }) => ({ itemIdentifier: id })) };
  }
};
