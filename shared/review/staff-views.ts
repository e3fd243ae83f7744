import { summarizeScreening, type CycleRow, type RowDecision } from '../domain/cycle-row.ts';
import { CRITERION_IDS } from '../domain/criteria.ts';
import type { Decision } from '../domain/decision.ts';
import { AppError } from '../domain/errors.ts';
import { screeningSchema } from '../domain/screening.ts';
import { readAuditTrail } from '../store/audit.ts';
import { cycleRowItems, type RowItem } from '../store/cycle-listing.ts';
import { cycleReferences, getCycle, getDecision, getDecisions, getSubmissions } from '../store/review-store.ts';
import { getSubmission, type SubmissionItem } from '../store/submissions.ts';

/**
 * What reviewers read of a cycle: its rows for the console's table, and its submissions whole —
 * each with its screening, its duplicate flag, the decision recorded so far and the version a
 * decision must be conditioned on (If-Match). Staff see the whole request, contact details
 * included; the decision task token and the status-token hashes never leave the table.
 */

async function requireCycle(cycle: string): Promise<void> {
  if (!(await getCycle(cycle))) throw new AppError('not_found', `There is no review cycle ${cycle}`);
}

function staffView(
  { decisionTaskToken: _token, tokenHash: _hash, outcomeTokenHashes: _outcomeHashes, screening, ...submission }: SubmissionItem,
  decision: Decision | undefined,
) {
  const parsed = screening === undefined ? undefined : screeningSchema.parse(screening);
  return {
    ...submission,
    screening: parsed ?? null,
    duplicateOf: parsed?.duplicateOf ?? null,
    decided: decision !== undefined,
    decision: decision ?? null,
  };
}

/** A page of a cycle's submissions, whole. */
export async function cycleSubmissionsPage(cycle: string, limit: number, cursor: string | undefined) {
  const [, page] = await Promise.all([requireCycle(cycle), cycleReferences(cycle, limit, cursor)]);
  const [submissions, decisions] = await Promise.all([getSubmissions(page.references), getDecisions(page.references, cycle)]);
  return {
    cycle,
    submissions: submissions.map((submission) => staffView(submission, decisions.get(submission.reference))),
    ...(page.cursor ? { nextCursor: page.cursor } : {}),
  };
}

/** One submission of a cycle, whole, read consistently: the detail view decides on its version. */
export async function cycleSubmission(cycle: string, reference: string) {
  const [submission, decision] = await Promise.all([getSubmission(reference, true), getDecision(reference, cycle), requireCycle(cycle)]);
  if (!submission || submission.cycle !== cycle) throw new AppError('not_found', `${reference} is not a submission of cycle ${cycle}`);
  return staffView(submission, decision);
}

/** The decision state the submission carries, if it was made in this cycle (not one of an earlier cycle, since answered). */
function decisionIn(cycle: string, state: RowItem['decisionState']): RowDecision | null {
  if (state?.cycle !== cycle) return null;
  const { cycle: _decidedIn, ...decision } = state;
  return decision;
}

function toRow(item: RowItem, cycle: string): CycleRow {
  const { screening, request } = item;
  return {
    reference: item.reference,
    status: item.status,
    version: item.version,
    title: request.title,
    member: item.member,
    area: item.area,
    language: item.language,
    place: item.place,
    institution: request.leadInstitution.name,
    submitter: request.submitter,
    screening: summarizeScreening(screening && CRITERION_IDS.flatMap((id) => screening.criteria[id]?.verdict ?? [])),
    duplicateOf: screening?.duplicateOf ?? null,
    decision: decisionIn(cycle, item.decisionState),
    ...(item.undeliverable ? { undeliverable: item.undeliverable } : {}),
  };
}

/** A page of a cycle's rows: the table's fields only, from the cycle index alone. */
export async function cycleRowsPage(cycle: string, limit: number, cursor: string | undefined) {
  const [, page] = await Promise.all([requireCycle(cycle), cycleRowItems(cycle, limit, cursor)]);
  return { cycle, rows: page.items.map((item) => toRow(item, cycle)), ...(page.cursor ? { nextCursor: page.cursor } : {}) };
}

export async function auditTrail(reference: string) {
  if (!(await getSubmission(reference))) throw new AppError('not_found', `There is no submission ${reference}`);
  return { reference, entries: await readAuditTrail(reference) };
}
