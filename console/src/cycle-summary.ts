import { AREA_IDS } from '../../shared/domain/areas.ts';
import { toCsv } from '../../shared/domain/csv.ts';
import { OUTCOMES } from '../../shared/domain/schemas.ts';
import type { TableRow } from './cycle-table.ts';
import { areaLabel, outcomeLabel } from './labels.ts';

/**
 * A cycle's summary from its submissions as the console loaded them: counts by outcome and by
 * area, re-tags, what is undecided (carried over once the cycle is released), and the promising
 * ones. Pure, so it is tested without a browser; the page shows it and exports it as CSV.
 */

export type SummaryColumn = (typeof OUTCOMES)[number] | 'undecided';
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [...OUTCOMES, 'undecided'];

export interface CycleSummary {
  total: number;
  byOutcome: Record<SummaryColumn, number>;
  byArea: { area: string; counts: Record<SummaryColumn, number>; total: number }[];
  retags: { reference: string; title: string; from: string; to: string }[];
  undecided: { reference: string; title: string }[];
  promising: { reference: string; title: string }[];
}

const emptyCounts = (): Record<SummaryColumn, number> => ({ eligible: 0, 'not-eligible': 0, 'needs-info': 0, undecided: 0 });

export function summarizeCycle(rows: readonly TableRow[]): CycleSummary {
  const byOutcome = emptyCounts();
  const areas = new Map<string, Record<SummaryColumn, number>>();
  for (const row of rows) {
    byOutcome[row.decision] += 1;
    const counts = areas.get(row.area) ?? emptyCounts();
    counts[row.decision] += 1;
    areas.set(row.area, counts);
  }
  // The ten areas in their published order, then anything older data may hold.
  const areaOrder = [...AREA_IDS, ...[...areas.keys()].filter((area) => !(AREA_IDS as readonly string[]).includes(area))];
  const entry = (row: TableRow) => ({ reference: row.reference, title: row.title });
  return {
    total: rows.length,
    byOutcome,
    byArea: areaOrder.flatMap((area) => {
      const counts = areas.get(area);
      return counts ? [{ area, counts, total: Object.values(counts).reduce((sum, count) => sum + count, 0) }] : [];
    }),
    retags: rows.flatMap((row) => (row.retaggedFrom ? [{ ...entry(row), from: row.retaggedFrom, to: row.area }] : [])),
    undecided: rows.filter((row) => row.decision === 'undecided').map(entry),
    promising: rows.filter((row) => row.promising && row.decision === 'eligible').map(entry),
  };
}

/** "Undecided" while decisions are open; once released, those were carried over to the next cycle. */
export const columnLabel = (column: SummaryColumn, released: boolean) =>
  column === 'undecided' ? (released ? 'Carried over' : 'Undecided') : outcomeLabel(column);

/** Counts by area (one line per area, then the totals), as a spreadsheet opens it. */
export function summaryCsv(summary: CycleSummary, released: boolean): string {
  const header = ['Area', ...SUMMARY_COLUMNS.map((column) => columnLabel(column, released)), 'Total'];
  const line = (label: string, counts: Record<SummaryColumn, number>, total: number) => [label, ...SUMMARY_COLUMNS.map((column) => String(counts[column])), String(total)];
  return toCsv(header, [...summary.byArea.map((area) => line(areaLabel(area.area), area.counts, area.total)), line('All areas', summary.byOutcome, summary.total)]);
}

/** One line per submission: how it stands in the cycle. */
export function submissionsCsv(rows: readonly TableRow[], released: boolean): string {
  return toCsv(
    ['Reference', 'Title', 'Member', 'Self-identified area', 'Area', 'Re-tagged', 'Outcome', 'Promising', 'Reviewer'],
    rows.map((row) => [
      row.reference,
      row.title,
      row.memberName,
      areaLabel(row.retaggedFrom ?? row.area),
      areaLabel(row.area),
      row.retaggedFrom ? 'yes' : 'no',
      columnLabel(row.decision, released),
      row.promising ? 'yes' : 'no',
      row.reviewer,
    ]),
  );
}
