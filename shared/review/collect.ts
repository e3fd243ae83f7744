import { localDate } from '../domain/cycle.ts';
import { duplicateKey, screen, type Screening, type ScreeningContext } from '../domain/screening.ts';
import { currentCriteria } from '../store/registry.ts';
import {
  collectSubmission,
  earliestDuplicate,
  getCycle,
  getSubmissions,
  queuedBefore,
  registerDuplicateKey,
  requestOf,
} from '../store/review-store.ts';
import { mapConcurrently } from './concurrency.ts';
import { REVIEW_PAGE_SIZES } from './workflow.ts';

/** One page per invocation keeps each well inside the function timeout; the state machine loops. */
const COLLECT_PAGE = REVIEW_PAGE_SIZES.collect;
const CONCURRENCY = 25;

/**
 * CollectAndScreen: moves one page of the queue — new submissions, carry-overs, answered
 * needs-info — into the cycle, each screened and checked for duplicates. Each move is conditional
 * on the submission still awaiting review, so a withdrawal or a concurrent run simply wins.
 */
export async function collectPage(cycle: string, now = new Date()): Promise<{ more: boolean; collected: number }> {
  const item = await getCycle(cycle);
  if (!item) throw new Error(`Cycle ${cycle} does not exist`);
  // Only while collecting: a run resumed later must not pull the cycle's own carry-overs back in.
  if (item.status !== 'collecting') return { more: false, collected: 0 };

  const { references, more } = await queuedBefore(item.collectBefore, COLLECT_PAGE);
  const queued = (await getSubmissions(references))
    .filter((submission) => submission.status === 'awaiting-review')
    .map((submission) => {
      const request = requestOf(submission);
      return { submission, request, duplicateKey: duplicateKey(submission.member.id, request.title) };
    });

  // Every marker of the page first, so two duplicates collected in the same page still find each other.
  await mapConcurrently(queued, CONCURRENCY, ({ submission, duplicateKey: key }) => registerDuplicateKey(submission, key));

  // The criteria in force (admins edit them as new versions): their period, and their number on each screening.
  const criteria = await currentCriteria();
  const context: ScreeningContext = { today: localDate(now, item.timeZone), period: criteria.period };
  const at = now.toISOString();
  const moved = await mapConcurrently(queued, CONCURRENCY, async ({ submission, request, duplicateKey: key }) => {
    const duplicateOf = await earliestDuplicate(submission, key);
    const screening: Screening = {
      screenedAt: at,
      criteriaVersion: criteria.version,
      criteria: screen(request, context),
      ...(duplicateOf ? { duplicateOf } : {}),
    };
    return collectSubmission(submission, cycle, screening, at);
  });
  return { more, collected: moved.filter(Boolean).length };
}
