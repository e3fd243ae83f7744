import { cycleRowsPageSchema } from '../../shared/domain/cycle-row.ts';
import { apiGet, segment } from './api.ts';
import { cycleDetailSchema, type CycleDetail, type DecisionView } from './api-schemas.ts';
import { toRow, withDecision, type TableRow } from './cycle-table.ts';

/**
 * One cycle as the console holds it: its detail and the rows of every one of its submissions,
 * loaded once (search, filters and sorting run over the whole cycle, in the page), and kept while
 * the reviewer moves between the table, the detail pages and the summary. A row holds only what
 * the table shows; the detail page reads its submission whole when it opens.
 */

export interface LoadedCycle {
  detail: CycleDetail;
  rows: TableRow[];
}

/** Rows so far: the first page as soon as it arrives, then the whole cycle. */
export interface RowsSoFar {
  rows: TableRow[];
  complete: boolean;
}

/** The halves of a cycle: the table needs only the rows (and can show the first page early), the heading only the detail. */
export interface CycleLoading {
  detail: Promise<CycleDetail>;
  firstRows: Promise<RowsSoFar>;
  rows: Promise<TableRow[]>;
}

let cached: Entry | undefined;

/** Every page of rows (a cycle of up to 1,000 is one request), reporting the first one as it comes. */
async function fetchRows(path: string, onFirstPage: (page: RowsSoFar) => void): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
    const page = await apiGet(`${path}/rows${query}`, cycleRowsPageSchema);
    rows.push(...page.rows.map(toRow));
    if (!cursor) onFirstPage({ rows: [...rows], complete: page.nextCursor === undefined });
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

type Entry = { cycle: string; parts: CycleLoading; loading: Promise<LoadedCycle> };

/** The cycle's loading, from memory unless `fresh` (after a change, or the reviewer's Reload). */
function entryFor(cycle: string, fresh: boolean): Entry {
  if (!fresh && cached?.cycle === cycle) return cached;
  const path = `/v1/review/cycles/${segment(cycle)}`;
  let reportFirst: (page: RowsSoFar) => void = () => undefined;
  let failFirst: (error: unknown) => void = () => undefined;
  const firstRows = new Promise<RowsSoFar>((resolve, reject) => {
    reportFirst = resolve;
    failFirst = reject;
  });
  const rows = fetchRows(path, reportFirst);
  rows.catch(failFirst);
  // The detail is asked for once the first rows are in, so the two do not compete and the
  // reviewer gets the table first.
  const parts = { rows, firstRows, detail: firstRows.catch(() => undefined).then(() => apiGet(path, cycleDetailSchema)) };
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

/** Puts a decision recorded by this page into the loaded cycle's row. */
export async function recordInRow(cycle: string, reference: string, decision: DecisionView, version: number | undefined): Promise<void> {
  if (cached?.cycle !== cycle) return;
  const loaded = await cached.loading;
  const index = loaded.rows.findIndex((row) => row.reference === reference);
  const row = loaded.rows[index];
  if (row) loaded.rows[index] = withDecision(row, decision, version);
}

/** Fresh progress after a decision; the rows themselves stay. */
export async function refreshDetail(cycle: string): Promise<CycleDetail | undefined> {
  if (cached?.cycle !== cycle) return undefined;
  const loaded = await cached.loading;
  loaded.detail = await apiGet(`/v1/review/cycles/${segment(cycle)}`, cycleDetailSchema);
  return loaded.detail;
}
