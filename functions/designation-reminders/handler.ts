import { logger } from '../../shared/http/logger.ts';
import { sendDesignationReminders } from '../../shared/registry/designation.ts';

/**
 * Scheduled daily (EventBridge Scheduler on AWS, a timer in the local platform): asks the POCs of
 * members that now have a contact, and reminds those who have not confirmed for a week.
 */
export const handler = async () => {
  const result = await sendDesignationReminders();
  logger.info('designation reminders', { asked: result.asked.length, reminded: result.reminded.length });
  return result;
};
