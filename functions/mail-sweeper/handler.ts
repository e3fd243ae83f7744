import { sweepPendingMail } from '../../shared/mail/sweeper.ts';

/** Scheduled every few minutes: re-drives outbox mail left pending, and reports its counts. */
export const handler = async () => sweepPendingMail();
