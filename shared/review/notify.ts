import { createHash } from 'node:crypto';
import { addresses, config } from '../config/env.ts';
import { monthJustEnded } from '../domain/cycle.ts';
import { pageUrls } from '../domain/page-urls.ts';
import { logger } from '../http/logger.ts';
import type { Mail } from '../mail/outbox.ts';
import { EMAIL_EXAMPLE_LIMIT, emailExamples } from '../mail/review-templates.ts';
import { undecidedReferences } from '../store/cycle-listing.ts';
import { keys } from '../store/keys.ts';
import { readCycleCounts, readProgress } from '../store/progress-counters.ts';
import { getCycle, oweMail } from '../store/review-store.ts';
import { reviewTable } from '../store/tables-runtime.ts';
import { owePocFollowUp } from '../registry/support-digest.ts';
import type { AlertInput } from './task-inputs.ts';

/**
 * The review's emails to the Support Unit. Each is an outbox item owned by the cycle (review
 * table, the cycle item's partition) under a purpose fixed by the cycle, so a retried step owes
 * nothing twice.
 */
const owe = (cycle: string, mail: Mail) => oweMail(reviewTable(), keys.cycle(cycle).pk, mail, new Date().toISOString());

/** The console's page for the cycle: every email to the Support Unit opens a page, never the API. */
const consoleUrl = (cycle: string) => pageUrls(addresses().PUBLIC_BASE_URL).consoleCycle(cycle);

/**
 * NotifyReviewers: the digest of a newly opened cycle, and the Support Unit's follow-up of the
 * points of contact (members that could not be informed, designations still unconfirmed). The
 * counts come from the cycle's counters, so the step costs the same for a cycle of any size.
 */
export async function notifyReviewers(cycle: string, deadline: string): Promise<{ toReview: number }> {
  const counts = await readCycleCounts(cycle);
  const toReview = counts.progress.byStatus['in-review'] ?? 0;
  await owePocFollowUp(cycle, counts.pocUninformed);
  await owe(cycle, {
    purpose: `digest-${cycle}`,
    template: 'reviewer-digest',
    to: addresses().REVIEWERS_EMAIL,
    language: 'en',
    data: { cycle, toReview, deadline, consoleUrl: consoleUrl(cycle) },
  } satisfies Mail<'reviewer-digest'>);
  return { toReview };
}

/**
 * The reviewers' reminder: the count and a few examples, never the whole list, so the outbox item
 * stays small whatever the cycle's size; the cycle's console page it links to lists them all.
 */
export function reminderMail(cycle: string, undecided: number, examples: readonly string[], deadline: string): Mail<'reviewer-reminder'> {
  return {
    purpose: `reminder-${cycle}`,
    template: 'reviewer-reminder',
    to: addresses().REVIEWERS_EMAIL,
    language: 'en',
    data: { cycle, undecided, references: emailExamples(examples), deadline, consoleUrl: consoleUrl(cycle) },
  };
}

/**
 * SendReminders: what is still undecided before the deadline — unless the cycle is already signed
 * off. The count is the counters'; the examples, the first undecided rows of the cycle's index.
 */
export async function sendReminders(cycle: string, deadline: string): Promise<{ undecided: number }> {
  const item = await getCycle(cycle);
  if (!item || item.status === 'releasing' || item.status === 'released') return { undecided: 0 };
  const { undecided } = await readProgress(cycle);
  if (undecided > 0) await owe(cycle, reminderMail(cycle, undecided, await undecidedReferences(cycle, EMAIL_EXAMPLE_LIMIT), deadline));
  return { undecided };
}

const CAUSE_LIMIT = 4000;

/**
 * AlertSupportUnit: a step failed after its retries. The cycle comes from the state when OpenCycle
 * got that far, else from the schedule's instant. The purpose carries a hash of the error, so a
 * retried alert is sent once while a different failure of the same cycle is still reported.
 */
export async function alertSupportUnit(input: AlertInput): Promise<{ alerted: string }> {
  const cycle =
    input.cycle ?? (input.scheduledTime ? monthJustEnded(new Date(input.scheduledTime), input.timeZone ?? config().REVIEW_TIME_ZONE) : 'unknown');
  const error = input.error?.Error ?? 'UnknownError';
  const cause = (input.error?.Cause ?? '(no cause given)').slice(0, CAUSE_LIMIT);
  const fingerprint = createHash('sha256').update(`${error}\n${cause}`).digest('base64url').slice(0, 16);
  logger.error('review run failed', { cycle, error });
  await owe(cycle, {
    purpose: `alert-${cycle}-${fingerprint}`,
    template: 'workflow-alert',
    to: addresses().SUPPORT_UNIT_EMAIL,
    language: 'en',
    data: { cycle, error, cause, consoleUrl: cycle === 'unknown' ? pageUrls(addresses().PUBLIC_BASE_URL).console() : consoleUrl(cycle) },
  } satisfies Mail<'workflow-alert'>);
  return { alerted: cycle };
}
