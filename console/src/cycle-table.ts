import { SCREENING_SUMMARIES, rowDecisionSchema, type CycleRow, type RowScreening, type ScreeningSummaryVerdict } from '../../shared/domain/cycle-row.ts';
import { OUTCOMES } from '../../shared/domain/schemas.ts';
import type { Undeliverable } from '../../shared/domain/undeliverable.ts';
import type { DecisionView } from './api-schemas.ts';

/**
 * The cycle table's model, without the DOM: one row per submission, and the search, filters,
 * sorting and paging a reviewer sets, all kept in the page's query string so a view can be shared,
 * reloaded, and walked through from the detail page in the same order.
 */

export const PAGE_SIZE = 25;

export type ScreeningVerdict = ScreeningSummaryVerdict;
export type DecisionState = 'undecided' | (typeof OUTCOMES)[number];
export const SCREENING_VERDICTS: readonly ScreeningVerdict[] = SCREENING_SUMMARIES;
export const DECISION_STATES: readonly DecisionState[] = ['undecided', ...OUTCOMES];

export const SORT_KEYS = ['reference', 'title', 'member', 'area', 'language', 'screening', 'decision', 'reviewer'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface TableState {
  q: string;
  area: string;
  member: string;
  region: string;
  screening: ScreeningVerdict | '';
  decision: DecisionState | '';
  duplicates: boolean;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
}

export const DEFAULT_STATE: TableState = {
  q: '',
  area: '',
  member: '',
  region: '',
  screening: '',
  decision: '',
  duplicates: false,
  sort: 'reference',
  dir: 'asc',
  page: 1,
};

export interface TableRow {
  reference: string;
  title: string;
  memberId: string;
  memberName: string;
  region: string;
  /** The area as decided (a re-tag) or, undecided, as the submitter chose it. */
  area: string;
  retaggedFrom: string | null;
  language: string;
  screening: RowScreening;
  decision: DecisionState;
  promising: boolean;
  reviewer: string;
  duplicateOf: string | null;
  undeliverable: Undeliverable | null;
  /** Lower-cased, accent-free text the search matches against. */
  haystack: string;
  /** The row as the API listed it (a decision recorded in this page is put into it). */
  listed: CycleRow;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : '';

export function readTableState(params: URLSearchParams): TableState {
  const page = Number.parseInt(params.get('page') ?? '', 10);
  return {
    q: params.get('q') ?? '',
    area: params.get('area') ?? '',
    member: params.get('member') ?? '',
    region: params.get('region') ?? '',
    screening: oneOf(SCREENING_VERDICTS, params.get('screening')),
    decision: oneOf(DECISION_STATES, params.get('decision')),
    duplicates: params.get('duplicates') === '1',
    sort: oneOf(SORT_KEYS, params.get('sort')) || DEFAULT_STATE.sort,
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The query string of a state, defaults left out so a plain view has a plain address. */
export function writeTableState(state: TableState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['q', 'area', 'member', 'region', 'screening', 'decision'] as const) if (state[key]) params.set(key, state[key]);
  if (state.duplicates) params.set('duplicates', '1');
  if (state.sort !== DEFAULT_STATE.sort) params.set('sort', state.sort);
  if (state.dir !== DEFAULT_STATE.dir) params.set('dir', state.dir);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

export const fold = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export function toRow(listed: CycleRow): TableRow {
  const { decision, member } = listed;
  return {
    reference: listed.reference,
    title: listed.title,
    memberId: member.id,
    memberName: member.name,
    region: member.region,
    area: decision?.area ?? listed.area,
    retaggedFrom: decision && decision.area !== listed.area ? listed.area : null,
    language: listed.language,
    screening: listed.screening,
    decision: decision?.outcome ?? 'undecided',
    promising: decision?.promising ?? false,
    reviewer: decision?.decidedBy ?? '',
    duplicateOf: listed.duplicateOf,
    undeliverable: listed.undeliverable ?? null,
    haystack: fold([listed.reference, listed.title, member.name, listed.place, listed.institution, listed.submitter.name, listed.submitter.email].join(' ')),
    listed,
  };
}

/** The row once this page recorded a decision on it (the API answered with the decision and the new version). */
export function withDecision(row: TableRow, decision: DecisionView, version: number | undefined): TableRow {
  const { outcome, area, promising, decidedBy, decidedAt } = decision;
  return toRow({
    ...row.listed,
    version: version ?? row.listed.version,
    decision: rowDecisionSchema.parse({ outcome, area, promising, decidedBy, decidedAt: decidedAt ?? '' }),
  });
}

const SCREENING_RANK: Record<ScreeningVerdict, number> = { fail: 0, 'needs-judgement': 1, pass: 2, none: 3 };
const DECISION_RANK: Record<DecisionState, number> = { undecided: 0, 'needs-info': 1, 'not-eligible': 2, eligible: 3 };
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

type Comparator = (a: TableRow, b: TableRow) => number;
const COMPARATORS: Record<SortKey, Comparator> = {
  reference: (a, b) => collator.compare(a.reference, b.reference),
  title: (a, b) => collator.compare(a.title, b.title),
  member: (a, b) => collator.compare(a.memberName, b.memberName),
  area: (a, b) => collator.compare(a.area, b.area),
  language: (a, b) => collator.compare(a.language, b.language),
  screening: (a, b) => SCREENING_RANK[a.screening.verdict] - SCREENING_RANK[b.screening.verdict] || b.screening.judgement - a.screening.judgement,
  decision: (a, b) => DECISION_RANK[a.decision] - DECISION_RANK[b.decision],
  reviewer: (a, b) => collator.compare(a.reviewer, b.reviewer),
};

/** The rows the state selects, in its order (ties by reference, so the order is stable). */
export function selectRows(rows: readonly TableRow[], state: TableState): TableRow[] {
  const words = fold(state.q).split(/\s+/).filter(Boolean);
  const selected = rows.filter(
    (row) =>
      (!state.area || row.area === state.area) &&
      (!state.member || row.memberId === state.member) &&
      (!state.region || row.region === state.region) &&
      (!state.screening || row.screening.verdict === state.screening) &&
      (!state.decision || row.decision === state.decision) &&
      (!state.duplicates || row.duplicateOf !== null) &&
      words.every((word) => row.haystack.includes(word)),
  );
  const compare = COMPARATORS[state.sort];
  const direction = state.dir === 'desc' ? -1 : 1;
  return selected.sort((a, b) => direction * compare(a, b) || COMPARATORS.reference(a, b));
}

export function pageOf<T>(rows: readonly T[], page: number, size = PAGE_SIZE): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((current - 1) * size, current * size), page: current, pages };
}

/** "3 met · 1 not met · 1 to judge", over the criteria screening looked at. */
export function screeningSummary(screening: TableRow['screening']): string {
  if (screening.verdict === 'none') return 'Not screened';
  const parts = [`${screening.met} met`];
  if (screening.notMet > 0) parts.push(`${screening.notMet} not met`);
  if (screening.judgement > 0) parts.push(`${screening.judgement} to judge`);
  return parts.join(' · ');
}
