import { apiGet, segment } from './api.ts';
import { cycleDetailSchema, cycleSubmissionsPageSchema, type CycleDetail, type CycleSubmission } from './api-schemas.ts';
import { toRow, type TableRow } from './cycle-table.ts';

/**
 * One cycle as the console holds it: its detail and every one of its submissions, loaded page by
 * page once (search, filters and sorting run over the whole cycle, in the page), and kept while the
 * reviewer moves between the table, the detail pages and the summary.
 */

/** The API's largest page: a cycle of 1,000 submissions is five requests. */
const LOAD_PAGE = 200;

export interface LoadedCycle {
  detail: CycleDetail;
  rows: TableRow[];
}

let cached: { cycle: string; loading: Promise<LoadedCycle> } | undefined;

async function fetchCycle(cycle: string): Promise<LoadedCycle> {
  const path = `/v1/review/cycles/${segment(cycle)}`;
  const detailLoading = apiGet(path, cycleDetailSchema);
  const submissions: CycleSubmission[] = [];
  let cursor: string | null | undefined;
  do {
    const query = new URLSearchParams({ limit: String(LOAD_PAGE) });
    if (cursor) query.set('cursor', cursor);
    const page = await apiGet(`${path}/submissions?${query}`, cycleSubmissionsPageSchema);
    submissions.push(...page.submissions);
    cursor = page.nextCursor;
  } while (cursor);
  return { detail: await detailLoading, rows: submissions.map(toRow) };
}

/** The cycle, from memory unless `fresh` (after a change, or the reviewer's Reload). */
export function loadCycle(cycle: string, { fresh = false } = {}): Promise<LoadedCycle> {
  if (!fresh && cached?.cycle === cycle) return cached.loading;
  const loading = fetchCycle(cycle);
  cached = { cycle, loading };
  // A failed load is not kept: the next visit tries again.
  loading.catch(() => {
    if (cached?.loading === loading) cached = undefined;
  });
  return loading;
}

/** Puts a submission changed by this page (a decision) into the loaded cycle. */
export async function updateSubmission(cycle: string, submission: CycleSubmission): Promise<void> {
  if (cached?.cycle !== cycle) return;
  const loaded = await cached.loading;
  const index = loaded.rows.findIndex((row) => row.reference === submission.reference);
  if (index >= 0) loaded.rows[index] = toRow(submission);
}

/** Fresh progress after a decision; the submissions themselves stay. */
export async function refreshDetail(cycle: string): Promise<CycleDetail | undefined> {
  if (cached?.cycle !== cycle) return undefined;
  const loaded = await cached.loading;
  loaded.detail = await apiGet(`/v1/review/cycles/${segment(cycle)}`, cycleDetailSchema);
  return loaded.detail;
}
