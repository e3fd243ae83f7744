import { logger } from '../http/logger.ts';
import { countSweeperRedrives } from '../observability/metrics.ts';
import { queuePages } from '../store/queues.ts';
import { batchGet } from '../store/reads.ts';
import { TABLES } from '../store/tables.ts';
import { deliverBatch } from './mailer.ts';

/**
 * The mail sweeper (the mailer function on a schedule): re-drives outbox items still `pending` well after they were written
 * — their stream record was lost, expired, or parked in the dead-letter queue — through the same
 * delivery as the stream mailer, which sends only what is still pending, and marks failed those
 * left `sending` by a mailer that stopped. The age threshold stays
 * above the time the stream normally takes, so the two do not race for fresh items.
 */
export const SWEEP_AFTER_MINUTES = 10;
const PAGE = 100;

export interface SweepReport {
  /** Items found pending past the threshold. */
  found: number;
  sent: number;
  /** Still pending after this sweep (a transient failure): the next sweep tries again. */
  stillPending: number;
  /** Found claimed by a mailer that stopped mid-send long ago, and marked failed. */
  interrupted: number;
}

export async function sweepPendingMail(now = new Date(), olderThanMinutes = SWEEP_AFTER_MINUTES): Promise<SweepReport> {
  const cutoff = new Date(now.getTime() - olderThanMinutes * 60_000);
  const report: SweepReport = { found: 0, sent: 0, stillPending: 0, interrupted: 0 };
  for (const declaration of TABLES.filter((table) => table.streamsOutbox)) {
    const table = process.env[declaration.envVar];
    if (!table) throw new Error(`${declaration.envVar} is not set`);
    for await (const page of queuePages(table, 'outbox-pending', { before: cutoff.toISOString(), pageSize: PAGE })) {
      // The index is eventually consistent and projects keys only: the items are read whole.
      const items = await batchGet(table, page.map(({ pk, sk }) => ({ pk, sk })));
      const deliveries = items.map((image) => ({ id: `${String(image.pk)}|${String(image.sk)}`, table, image }));
      // A send claimed before the threshold is long over: its mailer stopped.
      const { retry, sent, interrupted } = await deliverBatch(deliveries, { now, interruptedBefore: cutoff });
      report.found += deliveries.length;
      report.sent += sent;
      report.stillPending += retry.length;
      report.interrupted += interrupted;
    }
  }
  countSweeperRedrives(report.found);
  logger.info('mail sweep done', { ...report, olderThanMinutes });
  return report;
}
