import { AppError } from '../domain/errors.ts';
import { screeningSchema } from '../domain/screening.ts';
import { readAuditTrail } from '../store/audit.ts';
import { cycleReferences, getCycle, getDecisions, getSubmissions } from '../store/review-store.ts';
import { getSubmission } from '../store/submissions.ts';

/**
 * A page of a cycle's submissions for reviewers: each with its screening, its duplicate flag, the
 * decision recorded so far and the version a decision must be conditioned on (If-Match). Staff see
 * the whole request, contact details included; the decision task token never leaves the table.
 */
export async function cycleSubmissionsPage(cycle: string, limit: number, cursor: string | undefined) {
  const [found, page] = await Promise.all([getCycle(cycle), cycleReferences(cycle, limit, cursor)]);
  if (!found) throw new AppError('not_found', `There is no review cycle ${cycle}`);
  const [submissions, decisions] = await Promise.all([getSubmissions(page.references), getDecisions(page.references, cycle)]);
  return {
    cycle,
    submissions: submissions.map(({ decisionTaskToken: _token, tokenHash: _hash, outcomeTokenHashes: _outcomeHashes, screening, ...submission }) => {
      const parsed = screening === undefined ? undefined : screeningSchema.parse(screening);
      const decision = decisions.get(submission.reference);
      return {
        ...submission,
        screening: parsed ?? null,
        duplicateOf: parsed?.duplicateOf ?? null,
        decided: decision !== undefined,
        decision: decision ?? null,
      };
    }),
    ...(page.cursor ? { nextCursor: page.cursor } : {}),
  };
}

export async function auditTrail(reference: string) {
  if (!(await getSubmission(reference))) throw new AppError('not_found', `There is no submission ${reference}`);
  return { reference, entries: await readAuditTrail(reference) };
}
