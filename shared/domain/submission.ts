
/** Lifecycle of a commitment submission. */
export const SUBMISSION_STATUSES = [
  /** An action-plan commitment until its member's POC confirms the designation (see designation.ts). */
  'awaiting-confirmation',
  'awaiting-review',
  'in-review',
  'needs-info',
  'published',
  'not-eligible',
  'withdrawn',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** Statuses from which the submitter may still withdraw. */
export const WITHDRAWABLE: readonly SubmissionStatus[] = ['awaiting-confirmation', 'awaiting-review', 'in-review', 'needs-info'];

/**
 * Statuses in which the submitter may still correct the submission, and only until a cycle collects
 * it (its `cycle` is set then, and stays set through carry-over and needs-info): once its review has
 * begun, reviewers judge what they read.
 */
export const CORRECTABLE: readonly SubmissionStatus[] = ['awaiting-confirmation', 'awaiting-review'];
export const isCorrectable = (submission: { status: SubmissionStatus; cycle?: string | undefined }) =>
  CORRECTABLE.includes(submission.status) && submission.cycle === undefined;

/** `OGC-2026-11-0042`: the month of receipt and a per-month sequence number. */
export function formatReference(month: string, sequence: number): string {
  return `OGC-${month}-${String(sequence).padStart(4, '0')}`;
}

export function monthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** Key for the review queue index: oldest first, unique per submission. */
export function queueKey(since: string, reference: string): string {
  return `${since}#${reference}`;
}
