import * as z from 'zod';
import { AREA_IDS } from './areas.ts';
import { LANGUAGES } from './language.ts';
import { REGIONS } from './members.ts';
import { OUTCOMES, VERDICTS, pageQuerySchema, referenceSchema } from './schemas.ts';
import { SUBMISSION_STATUSES } from './submission.ts';
import { undeliverableSchema } from './undeliverable.ts';

/**
 * One submission as a line of the review console's cycle table: what the table shows, filters,
 * sorts and searches, and nothing else (the detail view reads the whole submission when opened).
 * The staff API answers it and the console parses it with these same schemas.
 */

/** The decision so far, as the row shows it (the decision itself, criteria and rationale, is read with the detail). */
export const rowDecisionSchema = z.object({
  outcome: z.enum(OUTCOMES),
  /** The area as decided: a re-tag when it differs from the row's `area`. */
  area: z.enum(AREA_IDS),
  promising: z.boolean(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export type RowDecision = z.infer<typeof rowDecisionSchema>;

export const SCREENING_SUMMARIES = ['fail', 'needs-judgement', 'pass', 'none'] as const;
export type ScreeningSummaryVerdict = (typeof SCREENING_SUMMARIES)[number];

/** Screening in one word (the worst verdict; `none` when not screened) and the count of each verdict. */
export const rowScreeningSchema = z.object({
  verdict: z.enum(SCREENING_SUMMARIES),
  met: z.number().int(),
  notMet: z.number().int(),
  judgement: z.number().int(),
});
export type RowScreening = z.infer<typeof rowScreeningSchema>;

export function summarizeScreening(verdicts: readonly (typeof VERDICTS)[number][] | undefined): RowScreening {
  if (!verdicts) return { verdict: 'none', met: 0, notMet: 0, judgement: 0 };
  const count = (verdict: (typeof VERDICTS)[number]) => verdicts.filter((entry) => entry === verdict).length;
  const notMet = count('fail');
  const judgement = count('needs-judgement');
  return { verdict: notMet > 0 ? 'fail' : judgement > 0 ? 'needs-judgement' : 'pass', met: count('pass'), notMet, judgement };
}

export const cycleRowSchema = z.object({
  reference: referenceSchema,
  status: z.enum(SUBMISSION_STATUSES),
  /** The version when listed; a decision is conditioned on the one the detail view reads. */
  version: z.number().int(),
  title: z.string(),
  member: z.object({ id: z.string(), name: z.string(), region: z.enum(REGIONS) }),
  /** The area the submitter chose. */
  area: z.enum(AREA_IDS),
  language: z.enum(LANGUAGES),
  place: z.string(),
  institution: z.string(),
  submitter: z.object({ name: z.string(), email: z.string() }),
  screening: rowScreeningSchema,
  duplicateOf: z.string().nullable(),
  decision: rowDecisionSchema.nullable(),
  /** Present when mail to the submitter bounced for good or was marked as spam. */
  undeliverable: undeliverableSchema.optional(),
});
export type CycleRow = z.infer<typeof cycleRowSchema>;

/** Rows come 1,000 to a page: a month's cycle in one request. */
export const CYCLE_ROWS_PAGE = 1000;

export const cycleRowsQuerySchema = pageQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(CYCLE_ROWS_PAGE).default(CYCLE_ROWS_PAGE) });

export const cycleRowsPageSchema = z.object({
  cycle: z.string(),
  rows: z.array(cycleRowSchema),
  nextCursor: z.string().optional().meta({ description: 'Present when there is a next page: pass it back as `cursor`' }),
});
export type CycleRowsPage = z.infer<typeof cycleRowsPageSchema>;
