import type { AreaId } from './areas.ts';
import type { CriterionId } from './criteria.ts';
import type { Outcome } from './schemas.ts';

/** What a submitter is told once a cycle is released (stored on the submission at release). */
export interface ReleasedOutcome {
  cycle: string;
  outcome: Outcome;
  /** The final area, after any re-tag by the reviewers. */
  area: AreaId;
  failedCriteria: CriterionId[];
  question?: string;
  releasedAt: string;
}
