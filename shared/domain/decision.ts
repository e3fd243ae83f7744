import type { AreaId } from './areas.ts';
import { CRITERION_IDS, type CriterionId } from './criteria.ts';
import type { ReleasedOutcome } from './outcome.ts';
import type { Ambition, DecisionRequest, Outcome } from './schemas.ts';
import type { SubmissionStatus } from './submission.ts';

/** A reviewer's decision on one submission in one cycle, as stored (revisions replace it until release). */
export interface Decision extends DecisionRequest {
  reference: string;
  cycle: string;
  /** The area the submitter chose: a decision whose `area` differs is a re-tag. */
  originalArea: AreaId;
  promising: boolean;
  decidedBy: string;
  decidedAt: string;
  /** 1 for the first decision, +1 for each revision. */
  revision: number;
  /** The criteria version in force when it was decided (absent on decisions made before versions were recorded). */
  criteriaVersion?: number | undefined;
}

export function failedCriteria(criteria: DecisionRequest['criteria']): CriterionId[] {
  return CRITERION_IDS.filter((id) => criteria[id] === 'fail');
}

/** Substantial ambition together with multi-stakeholder collaboration: a candidate for awards and support. */
export const isPromising = (ambition: Ambition, coCreated: boolean) => ambition === 'substantial' && coCreated;

export const isRetag = (decision: Pick<Decision, 'area' | 'originalArea'>) => decision.area !== decision.originalArea;

/** Where a released submission goes next. */
export const STATUS_AFTER_RELEASE: Record<Outcome, SubmissionStatus> = {
  eligible: 'published',
  'not-eligible': 'not-eligible',
  'needs-info': 'needs-info',
};

/** What the submitter is told at release: the outcome and its reasons, never the reviewers' rationale. */
export function releasedOutcome(decision: Decision, releasedAt: string): ReleasedOutcome {
  return {
    cycle: decision.cycle,
    outcome: decision.outcome,
    area: decision.area,
    failedCriteria: decision.outcome === 'not-eligible' ? failedCriteria(decision.criteria) : [],
    ...(decision.question ? { question: decision.question } : {}),
    releasedAt,
  };
}
