import type { SNSEvent } from 'aws-lambda';
import { logger } from '../../shared/http/logger.ts';
import { recordSesEvent, sesEventSchema } from '../../shared/mail/suppression.ts';

/**
 * SES bounce and complaint events, from the configuration set's event destination through SNS.
 * A message that is not an SES event never becomes one on retry: it is logged and dropped. A
 * failing write throws, so Lambda retries the invocation and then parks it in the failure queue.
 */
export const handler = async (event: SNSEvent): Promise<{ suppressed: number }> => {
  let suppressed = 0;
  for (const record of event.Records) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      logger.error('SES event is not JSON; dropped', { messageId: record.Sns.MessageId });
      continue;
    }
    const parsed = sesEventSchema.safeParse(message);
    if (!parsed.success) {
      logger.error('SES event has an unexpected shape; dropped', { messageId: record.Sns.MessageId, issues: parsed.error.issues });
      continue;
    }
    suppressed += (await recordSesEvent(parsed.data)).length;
  }
  return { suppressed };
};
