import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { logger } from '../../shared/http/logger.ts';
import { deliver } from '../../shared/mail/mailer.ts';

/** `arn:aws:dynamodb:region:account:table/NAME/stream/LABEL` → NAME */
const tableOf = (eventSourceArn: string | undefined) => eventSourceArn?.split(':table/')[1]?.split('/')[0];

/**
 * Drains the transactional outbox from the tables' streams. New outbox items are delivered;
 * everything else on the stream is ignored. Failures are reported per record, so the stream
 * retries only those (and, after its retries, parks them in the dead-letter queue).
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.itemType?.S !== 'mail') continue;
    const table = tableOf(record.eventSourceARN);
    try {
      if (!table) throw new Error(`Unexpected event source ${record.eventSourceARN}`);
      await deliver(table, unmarshall(image as Record<string, AttributeValue>));
    } catch (error) {
      logger.warn('outbox delivery failed; will retry', { table, sequence: record.dynamodb?.SequenceNumber, error });
      failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures: failures };
};
