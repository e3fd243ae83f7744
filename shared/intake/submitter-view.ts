import * as z from 'zod';
import { AREA_IDS } from '../domain/areas.ts';
import { CRITERION_IDS } from '../domain/criteria.ts';
import { AppError } from '../domain/errors.ts';
import { SUBMISSION_STATUS_LABELS } from '../domain/labels.ts';
import type { Language } from '../domain/language.ts';
import type { ReleasedOutcome } from '../domain/outcome.ts';
import { OUTCOMES, statusTokenSchema } from '../domain/schemas.ts';
import { acceptsToken } from '../domain/status-token.ts';
import { isCorrectable, WITHDRAWABLE } from '../domain/submission.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { withdrawStoredSubmission } from '../store/review-store.ts';
import { getSubmission, type SubmissionItem } from '../store/submissions.ts';

/**
 * The submission behind a private status link. A wrong token and an unknown reference get the same
 * answer, so the link cannot be used to probe which references exist.
 */
export async function submissionForToken(reference: string, token: string): Promise<SubmissionItem> {
  const submission = await getSubmission(reference, true);
  if (!submission || !acceptsToken(token, submission)) {
    throw new AppError('not_found', { key: 'submissionNotFound' });
  }
  return submission;
}

/** What a released submission's submitter is told (stored on the submission at release). */
export const releasedOutcomeSchema = z.object({
  cycle: z.string(),
  outcome: z.enum(OUTCOMES),
  area: z.enum(AREA_IDS),
  failedCriteria: z.array(z.enum(CRITERION_IDS)),
  question: z.string().optional(),
  releasedAt: z.string(),
}) satisfies z.ZodType<ReleasedOutcome>;

const titleOf = (submission: SubmissionItem) => z.object({ title: z.string() }).parse(submission.request).title;

/**
 * The submitter's view: status and outcome, never the internal review notes. While it can still be
 * corrected it carries the submission as stored, to prefill the correction form, and always the
 * version a correction must name (`If-Match`).
 */
export function submitterView(submission: SubmissionItem) {
  const editable = isCorrectable(submission);
  return {
    reference: submission.reference,
    status: submission.status,
    channel: submission.channel,
    title: titleOf(submission),
    area: submission.area,
    receivedAt: submission.receivedAt,
    updatedAt: submission.updatedAt,
    version: submission.version,
    editable,
    ...(editable ? { submission: submission.request } : {}),
    ...(submission.cycle ? { cycle: submission.cycle } : {}),
    ...(submission.outcome ? { outcome: releasedOutcomeSchema.parse(submission.outcome) } : {}),
    ...(submission.status === 'needs-info' && submission.question ? { question: submission.question } : {}),
  };
}

const headerTokenSchema = z.object({ headers: z.object({ 'X-Status-Token': statusTokenSchema }) });

/**
 * The private status token of a request: the `X-Status-Token` header (what the site sends, so the
 * token stays out of URLs, logs and Referer), else `?token=` (kept for API clients). Without either,
 * the field error names the header.
 */
export function statusTokenOf(headers: Record<string, string>, query: { token?: string | undefined }, language: Language): string {
  const header = headers['x-status-token'];
  if (header === undefined && query.token !== undefined) return query.token;
  return parseOrThrow(headerTokenSchema, { headers: { 'X-Status-Token': header } }, language).headers['X-Status-Token'];
}

export async function withdrawSubmission(reference: string, token: string, now = new Date()) {
  const submission = await submissionForToken(reference, token);
  if (!WITHDRAWABLE.includes(submission.status)) {
    throw new AppError('conflict', { key: 'cannotWithdraw', params: { status: SUBMISSION_STATUS_LABELS[submission.status] } });
  }
  if (!(await withdrawStoredSubmission(submission, now.toISOString()))) throw new AppError('conflict', { key: 'changedMeanwhile' });
  return { reference, status: 'withdrawn' as const };
}

