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

/** The two halves of a cycle: the table needs only the submissions, the heading only the detail. */
export interface CycleLoading {
  detail: Promise<CycleDetail>;
  rows: Promise<TableRow[]>;
}

let cached: Entry | undefined;

async function fetchRows(path: string): Promise<TableRow[]> {
  const submissions: CycleSubmission[] = [];
  let cursor: string | null | undefined;
  do {
    const query = new URLSearchParams({ limit: String(LOAD_PAGE) });
    if (cursor) query.set('cursor', cursor);
    const page = await apiGet(`${path}/submissions?${query}`, cycleSubmissionsPageSchema);
    submissions.push(...page.submissions);
    cursor = page.nextCursor;
  } while (cursor);
  return submissions.map(toRow);
}

type Entry = { cycle: string; parts: CycleLoading; loading: Promise<LoadedCycle> };

/** The cycle's loading, from memory unless `fresh` (after a change, or the reviewer's Reload). */
function entryFor(cycle: string, fresh: boolean): Entry {
  if (!fresh && cached?.cycle === cycle) return cached;
  const path = `/v1/review/cycles/${segment(cycle)}`;
  const rows = fetchRows(path);
  // The detail's progress counts read the whole cycle again: asked for once the table has its rows,
  // so the two do not compete for the same table and the reviewer gets the table first.
  const parts = { rows, detail: rows.catch(() => undefined).then(() => apiGet(path, cycleDetailSchema)) };
  const loading = Promise.all([parts.detail, parts.rows]).then(([detail, rows]) => ({ detail, rows }));
  const entry = { cycle, parts, loading };
  cached = entry;
  // A failed load is not kept: the next visit tries again.
  loading.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return entry;
}

export const loadCycleParts = (cycle: string, { fresh = false } = {}): CycleLoading => entryFor(cycle, fresh).parts;

/** The whole cycle, once both halves are in. */
export const loadCycle = (cycle: string, { fresh = false } = {}): Promise<LoadedCycle> => entryFor(cycle, fresh).loading;

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
