import { createHash } from 'node:crypto';
import * as z from 'zod';
import { AREA_IDS, areaName } from './areas.ts';
import { CRITERION_IDS, type CriterionId } from './criteria.ts';
import { COMMITMENT_STATUSES, VERDICTS } from './schemas.ts';

/**
 * Automatic screening: a first reading of a submission against the five criteria, for reviewers.
 * It never decides; it says what can be checked mechanically (`pass` / `fail`) and what needs a
 * person (`needs-judgement`), each with a reason in English for the Support Unit.
 */
export type Verdict = (typeof VERDICTS)[number];

export interface CriterionScreening {
  verdict: Verdict;
  reason: string;
}

/**
 * What screening reads of a stored submission. Deliberately looser than the intake contract: a
 * submission stored under an older contract is still screened, and a value the current rules do
 * not know (a status, an area) becomes a `fail` with a reason instead of an unreadable item.
 */
export const screeningSubjectSchema = z.object({
  title: z.string(),
  area: z.string(),
  status: z.string(),
  values: z.array(z.string()).default([]),
  coCreated: z.boolean().default(false),
  leadInstitution: z.object({ isPublic: z.boolean() }),
  milestones: z.array(z.object({ dueDate: z.string() })).default([]),
  startDate: z.string(),
  endDate: z.string(),
});
export type ScreeningSubject = z.infer<typeof screeningSubjectSchema>;

export interface ScreeningContext {
  /** The screening date (`YYYY-MM-DD` in the review time zone): "future" means after it. */
  today: string;
  /** The Challenge period, inclusive calendar years. */
  period: { startYear: number; endYear: number };
}

const pass = (reason: string): CriterionScreening => ({ verdict: 'pass', reason });
const fail = (reason: string): CriterionScreening => ({ verdict: 'fail', reason });
const judgement = (reason: string): CriterionScreening => ({ verdict: 'needs-judgement', reason });

const isAreaId = (value: string): value is (typeof AREA_IDS)[number] => (AREA_IDS as readonly string[]).includes(value);

/** Whether it advances an area's goals is a reviewer's call; only a valid area can be checked here. */
function thematicRelevance(subject: ScreeningSubject): CriterionScreening {
  if (!isAreaId(subject.area)) return fail(`"${subject.area}" is not one of the ten Challenge areas.`);
  return judgement(`Self-identified as ${areaName(subject.area, 'en')}: check that it advances that area's goals.`);
}

function ongoingOrPlanned(subject: ScreeningSubject, { today }: ScreeningContext): CriterionScreening {
  if (!(COMMITMENT_STATUSES as readonly string[]).includes(subject.status)) {
    return fail(`Status is "${subject.status}"; only planned or ongoing work qualifies.`);
  }
  if (subject.endDate < today) return fail(`The work ended on ${subject.endDate}, before ${today}: it is already completed.`);
  const future = subject.milestones.map((milestone) => milestone.dueDate).filter((due) => due > today).sort();
  if (future.length === 0) return fail(`No milestone is due after ${today}.`);
  return pass(`${capitalise(subject.status)}; ${future.length} milestone(s) due after ${today}, the next on ${future[0]}.`);
}

/**
 * Rule (a documented choice, not OGP text): no value declared fails; two or more values, or one
 * value in a reform co-created with civil society, pass; a single value without co-creation is
 * left to the reviewer, since a declaration alone says little about how the value is embedded.
 */
function openGovernmentValues(subject: ScreeningSubject): CriterionScreening {
  const values = subject.values.join(', ');
  if (subject.values.length === 0) return fail('No open-government value (transparency, civic participation, public accountability) is declared.');
  if (subject.values.length === 1 && !subject.coCreated) {
    return judgement(`Only ${values} is declared and the reform was not co-created with civil society: check how the value is embedded.`);
  }
  return pass(`Declares ${values}${subject.coCreated ? '; co-created with civil society' : ''}.`);
}

function publicOwnership(subject: ScreeningSubject): CriterionScreening {
  return subject.leadInstitution.isPublic
    ? pass('The lead institution is declared to be a public-sector institution.')
    : fail('The lead institution is not declared to be a public-sector institution.');
}

function withinPeriod(subject: ScreeningSubject, { period }: ScreeningContext): CriterionScreening {
  const label = `${period.startYear}–${period.endYear}`;
  const startYear = Number(subject.startDate.slice(0, 4));
  const endYear = Number(subject.endDate.slice(0, 4));
  if (startYear < period.startYear) return fail(`Starts on ${subject.startDate}, before the Challenge period ${label}.`);
  if (endYear > period.endYear) return fail(`Ends on ${subject.endDate}, after the Challenge period ${label}.`);
  return pass(`Runs from ${subject.startDate} to ${subject.endDate}, within the Challenge period ${label}.`);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const RULES: Record<CriterionId, (subject: ScreeningSubject, context: ScreeningContext) => CriterionScreening> = {
  'thematic-relevance': thematicRelevance,
  'ongoing-or-planned': ongoingOrPlanned,
  'open-government-values': openGovernmentValues,
  'public-ownership': publicOwnership,
  'within-period': withinPeriod,
};

export type CriteriaScreening = Record<CriterionId, CriterionScreening>;

export function screen(subject: ScreeningSubject, context: ScreeningContext): CriteriaScreening {
  return Object.fromEntries(CRITERION_IDS.map((id) => [id, RULES[id](subject, context)])) as CriteriaScreening;
}

const criterionScreeningSchema = z.object({ verdict: z.enum(VERDICTS), reason: z.string() });

/** A screening as stored on the submission when it is collected into a cycle. */
export const screeningSchema = z.object({
  screenedAt: z.string(),
  /** The criteria version screened against (absent on screenings made before versions were recorded). */
  criteriaVersion: z.number().int().optional(),
  criteria: z.object(
    Object.fromEntries(CRITERION_IDS.map((id) => [id, criterionScreeningSchema])) as Record<CriterionId, typeof criterionScreeningSchema>,
  ),
  /** Reference of an earlier submission from the same member with the same title. */
  duplicateOf: z.string().optional(),
});
export type Screening = z.infer<typeof screeningSchema>;

/**
 * Titles compare without case, accents, punctuation or spacing differences, so a resubmission
 * with a fixed typo in casing or a trailing full stop is still recognised.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Same member, same normalised title: the key under which possible duplicates meet. */
export function duplicateKey(memberId: string, title: string): string {
  return createHash('sha256').update(`${memberId}\n${normalizeTitle(title)}`).digest('base64url');
}
