import { AREAS } from '../../../shared/domain/areas.ts';
import { REGIONS } from '../../../shared/domain/members.ts';
import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import type { Undeliverable } from '../../../shared/domain/undeliverable.ts';
import * as z from 'zod';
import { apiSend, messageOf, segment } from '../api.ts';
import { resumeAnswerSchema, type CycleDetail } from '../api-schemas.ts';
import { loadCycleParts } from '../cycle-store.ts';
import {
  DECISION_STATES,
  PAGE_SIZE,
  SCREENING_VERDICTS,
  pageOf,
  readTableState,
  screeningSummary,
  selectRows,
  writeTableState,
  type DecisionState,
  type SortKey,
  type TableRow,
  type TableState,
} from '../cycle-table.ts';
import { announce, badge, h, showFlash, timeElement, type BadgeKind } from '../dom.ts';
import { areaLabel, languageLabel, outcomeLabel, regionLabel, runStatusLabel } from '../labels.ts';
import { TABLE_COMPLETE_MARK, TABLE_RENDERED_MARK } from '../performance-marks.ts';
import { replaceQuery } from '../router.ts';
import { cycleStatusBadge, progressText } from './cycles.ts';
import { backLink, errorNotice, isAdmin, loadingNotice, pageTitle, renderPager, type View } from './view.ts';

/**
 * A cycle's submissions as a table: search, filters, sorting and paging over the whole cycle, in
 * the page, with every choice in the address (so the detail pages walk the same filtered order).
 */

const DECISION_KINDS: Record<DecisionState, BadgeKind> = { undecided: 'neutral', eligible: 'success', 'not-eligible': 'danger', 'needs-info': 'warning' };

export const decisionStateLabel = (state: DecisionState) => (state === 'undecided' ? 'Undecided' : outcomeLabel(state));
export const decisionBadge = (state: DecisionState) => badge(decisionStateLabel(state), DECISION_KINDS[state]);

/** What came back of the mail a submission owed its submitter, for the row's badge and the detail's notice. */
export const undeliverableReason = ({ reason }: Undeliverable) => (reason === 'bounce' ? 'mail bounced' : 'marked as spam');

const SCREENING_FILTER_LABELS: Record<(typeof SCREENING_VERDICTS)[number], string> = {
  fail: 'A criterion not met',
  'needs-judgement': 'Needs judgement (none failed)',
  pass: 'Every criterion met',
  none: 'Not screened',
};

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'reference', label: 'Reference' },
  { key: 'title', label: 'Title' },
  { key: 'member', label: 'Member' },
  { key: 'area', label: 'Area' },
  { key: 'language', label: 'Language' },
  { key: 'screening', label: 'Screening' },
  { key: 'decision', label: 'Decision' },
  { key: 'reviewer', label: 'Reviewer' },
];

/** A run that no longer moves the cycle forward; an admin can start it again. */
export const runNeedsResume = (detail: CycleDetail) =>
  detail.run !== undefined && detail.run.status !== 'RUNNING' && detail.run.status !== 'SUCCEEDED' && detail.cycle.status !== 'released';

function option(value: string, label: string, selected: string): HTMLOptionElement {
  return h('option', { value, selected: value === selected }, label);
}

function select(id: string, label: string, value: string, options: readonly (readonly [string, string])[], onChange: (value: string) => void): HTMLElement {
  const control = h('select', { id, name: id }, option('', 'Any', value), options.map(([optionValue, text]) => option(optionValue, text, value)));
  control.addEventListener('change', () => onChange(control.value));
  return h('div', { class: 'filter' }, h('label', { for: id }, label), control);
}

function screeningCell(row: TableRow): HTMLElement {
  const kind: BadgeKind = row.screening.verdict === 'fail' ? 'danger' : row.screening.verdict === 'needs-judgement' ? 'warning' : row.screening.verdict === 'pass' ? 'success' : 'neutral';
  return h('td', {}, badge(screeningSummary(row.screening), kind));
}

function tableRow(row: TableRow, cycle: string, query: string): HTMLTableRowElement {
  const href = `${PAGE_PATHS.consoleSubmission(cycle, row.reference)}${query ? `?${query}` : ''}`;
  return h(
    'tr',
    { dataset: { reference: row.reference } },
    h('th', { scope: 'row' }, h('a', { href }, row.reference)),
    h(
      'td',
      { class: 'cell-title' },
      row.title || '(no title)',
      row.duplicateOf ? [' ', badge(`May duplicate ${row.duplicateOf}`, 'warning')] : null,
      row.undeliverable ? [' ', badge(`Undeliverable: ${undeliverableReason(row.undeliverable)}`, 'danger')] : null,
    ),
    h('td', {}, row.memberName || '—'),
    h('td', {}, areaLabel(row.area), row.retaggedFrom ? [' ', badge('re-tagged', 'info')] : null),
    h('td', {}, languageLabel(row.language)),
    screeningCell(row),
    h('td', {}, decisionBadge(row.decision), row.promising ? [' ', badge('Promising', 'success')] : null),
    h('td', {}, row.reviewer || '—'),
  );
}

function cycleFacts(detail: CycleDetail): HTMLElement {
  const { cycle } = detail;
  return h(
    'dl',
    { class: 'summary-list', id: 'cycle-facts' },
    h('dt', {}, 'Status'),
    h('dd', {}, cycleStatusBadge(cycle.status)),
    h('dt', {}, 'Decision deadline'),
    h('dd', {}, timeElement(cycle.deadline)),
    h('dt', {}, 'Progress'),
    h('dd', {}, progressText(cycle, detail)),
    cycle.releaseRequestedBy ? [h('dt', {}, 'Signed off by'), h('dd', {}, cycle.releaseRequestedBy, ', ', timeElement(cycle.releaseRequestedAt))] : null,
    cycle.releasedAt ? [h('dt', {}, 'Released'), h('dd', {}, timeElement(cycle.releasedAt))] : null,
  );
}

function resumeNotice(detail: CycleDetail, reload: () => void): HTMLElement | null {
  if (!runNeedsResume(detail) || !detail.run) return null;
  const cycle = detail.cycle.cycle;
  const text = `The run of this cycle has ${runStatusLabel(detail.run.status)}: the cycle cannot move on to release until it is resumed. Decisions already recorded are kept.`;
  if (!isAdmin()) return h('div', { class: 'notice notice--warning', role: 'status' }, h('p', {}, text, ' An admin can resume it.'));
  const button = h('button', { type: 'button', class: 'button' }, 'Resume this cycle');
  button.addEventListener('click', () => {
    button.disabled = true;
    apiSend('POST', `/v1/review/cycles/${segment(cycle)}/resume`, resumeAnswerSchema)
      .then(({ data }) => {
        announce(data.resumed ? `Cycle ${cycle} resumed: its run picks up where it stopped.` : `Cycle ${cycle} was already running.`);
        reload();
      })
      .catch((error: unknown) => {
        button.disabled = false;
        showFlash(messageOf(error));
      });
  });
  return h('div', { class: 'notice notice--warning' }, h('p', {}, text), button);
}

function releaseButton(detail: CycleDetail, reload: () => void): HTMLElement | null {
  if (!isAdmin() || detail.cycle.status !== 'open' || runNeedsResume(detail)) return null;
  const cycle = detail.cycle.cycle;
  const { decided, undecided } = detail.progress;
  const confirm = h('button', { type: 'submit', value: 'release', class: 'button button--danger' }, 'Sign off and release');
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'release-title', 'aria-describedby': 'release-text' },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'release-title' }, 'Release this cycle?'),
      h(
        'p',
        { id: 'release-text' },
        `${decided} of ${decided + undecided} submissions are decided.`,
        undecided > 0 ? ` ${undecided} undecided submission(s) will carry over to the next cycle.` : '',
        ' Eligible submissions are then published and every submitter is told the outcome. This cannot be undone.',
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit', value: 'cancel', class: 'button button--quiet', autofocus: true }, 'Cancel'), confirm),
    ),
  );
  const open = h('button', { type: 'button', class: 'button button--danger', id: 'release-button' }, 'Sign off and release…');
  open.addEventListener('click', () => {
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'release') {
      open.focus();
      return;
    }
    apiSend('POST', `/v1/review/cycles/${segment(cycle)}/release`, z.unknown())
      .then(() => {
        announce(`Cycle ${cycle} signed off: the release runs in the background.`);
        reload();
      })
      .catch((error: unknown) => showFlash(messageOf(error)));
  });
  return h('span', {}, open, dialog);
}

export async function showCycle(view: View, cycle: string, { fresh = false } = {}): Promise<void> {
  const title = pageTitle(`Cycle ${cycle}`);
  const head = h('div', { class: 'cycle-head' }, loadingNotice('the cycle'));
  view.container.replaceChildren(backLink(PAGE_PATHS.console, 'All cycles'), title, head);

  const parts = loadCycleParts(cycle, { fresh });
  const reload = () => void showCycle(view, cycle, { fresh: true });
  const table = h('div', {}, loadingNotice('the submissions'));
  view.container.append(table);
  // The heading and the table fill in as each half arrives.
  const heading = parts.detail.then((detail) => {
    if (!view.isCurrent()) return;
    const reloadButton = h('button', { type: 'button', class: 'button button--quiet' }, 'Reload');
    reloadButton.addEventListener('click', reload);
    head.replaceChildren(
      cycleFacts(detail),
      resumeNotice(detail, reload) ?? '',
      h('div', { class: 'actions' }, h('a', { class: 'button button--quiet', href: PAGE_PATHS.consoleCycleSummary(cycle) }, 'Cycle summary'), reloadButton, releaseButton(detail, reload) ?? ''),
    );
  });
  // The first page of rows is drawn at once; a cycle too large for one page fills in after it.
  const rows = parts.firstRows.then(async (first) => {
    if (!view.isCurrent()) return;
    const drawn = cycleTable(first.rows, cycle, readTableState(view.params), first.complete);
    table.replaceChildren(drawn.element);
    if (first.complete) return;
    const all = await parts.rows;
    if (view.isCurrent()) drawn.showRows(all, true);
  });
  await Promise.all([
    heading.catch((error: unknown) => view.isCurrent() && head.replaceChildren(errorNotice(error))),
    rows.catch((error: unknown) => view.isCurrent() && table.replaceChildren(errorNotice(error))),
  ]);
}

export interface DrawnTable {
  element: HTMLElement;
  /** Draws the table again over these rows, keeping the reviewer's search, filters, sort and page. */
  showRows(rows: readonly TableRow[], complete: boolean): void;
}

const memberOptions = (rows: readonly TableRow[]) =>
  [...new Map(rows.filter((row) => row.memberId).map((row) => [row.memberId, row.memberName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));

/** The filters, the count, the table and the pager; re-rendered in place as the reviewer filters. */
export function cycleTable(initialRows: readonly TableRow[], cycle: string, initial: TableState, initiallyComplete: boolean): DrawnTable {
  let state = initial;
  let rows = initialRows;
  let complete = initiallyComplete;
  const count = h('p', { class: 'table-count', role: 'status', 'aria-live': 'polite', id: 'table-count' });
  const body = h('tbody', {});
  const headRow = h('tr', {});
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of submissions' });

  const update = (change: Partial<TableState>) => {
    state = { ...state, page: 1, ...change };
    render();
  };

  const search = h('input', { type: 'search', id: 'filter-q', name: 'q', value: state.q, autocomplete: 'off', 'aria-describedby': 'filter-q-hint' });
  search.addEventListener('input', () => update({ q: search.value }));
  const duplicates = h('input', { type: 'checkbox', id: 'filter-duplicates', checked: state.duplicates });
  duplicates.addEventListener('change', () => update({ duplicates: duplicates.checked }));
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Submission filters' },
    h(
      'div',
      { class: 'filter filter--search' },
      h('label', { for: 'filter-q' }, 'Search'),
      h('p', { class: 'hint', id: 'filter-q-hint' }, 'Reference, title, member, place, institution or submitter'),
      search,
    ),
    select('filter-area', 'Area', state.area, AREAS.map((area) => [area.id, area.name.en] as const), (area) => update({ area })),
    select('filter-member', 'Member', state.member, memberOptions(rows), (member) => update({ member })),
    select('filter-region', 'Region', state.region, REGIONS.map((region) => [region, regionLabel(region)] as const), (region) => update({ region })),
    select('filter-screening', 'Screening', state.screening, SCREENING_VERDICTS.map((verdict) => [verdict, SCREENING_FILTER_LABELS[verdict]] as const), (screening) =>
      update({ screening: screening as TableState['screening'] }),
    ),
    select('filter-decision', 'Decision', state.decision, DECISION_STATES.map((decision) => [decision, decisionStateLabel(decision)] as const), (decision) =>
      update({ decision: decision as TableState['decision'] }),
    ),
    h('div', { class: 'filter filter--check' }, duplicates, h('label', { for: 'filter-duplicates' }, 'Possible duplicates only')),
  );
  filters.addEventListener('submit', (event) => event.preventDefault());

  const sortButton = (key: SortKey, label: string) => {
    const active = state.sort === key;
    const button = h('button', { type: 'button', class: 'sort' }, label, h('span', { class: 'sort__arrow', 'aria-hidden': 'true' }, active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''));
    button.addEventListener('click', () => {
      update({ sort: key, dir: active && state.dir === 'asc' ? 'desc' : 'asc' });
      headRow.querySelector<HTMLButtonElement>(`[data-sort="${key}"] button`)?.focus();
    });
    return h('th', { scope: 'col', 'aria-sort': active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none', dataset: { sort: key } }, button);
  };

  function render() {
    const params = writeTableState(state);
    replaceQuery(params);
    const selected = selectRows(rows, state);
    const shown = pageOf(selected, state.page);
    state = { ...state, page: shown.page };
    const query = writeTableState(state).toString();
    headRow.replaceChildren(...COLUMNS.map((column) => sortButton(column.key, column.label)));
    body.replaceChildren(
      ...(shown.rows.length > 0
        ? shown.rows.map((row) => tableRow(row, cycle, query))
        : [h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, rows.length === 0 ? 'This cycle has no submissions yet.' : 'No submission matches these filters.'))]),
    );
    const first = (shown.page - 1) * PAGE_SIZE + 1;
    count.textContent =
      selected.length === 0
        ? `No submission shown (of ${rows.length}).`
        : `Showing ${first}–${first + shown.rows.length - 1} of ${selected.length} submission${selected.length === 1 ? '' : 's'}${selected.length < rows.length ? ` (filtered from ${rows.length})` : ''}.`;
    if (!complete) count.textContent += ' Loading the rest of the cycle…';
    // For the benchmark (bench/console-table.ts) and the browser's performance panel.
    performance.mark(TABLE_RENDERED_MARK);
    if (complete) performance.mark(TABLE_COMPLETE_MARK);
    renderPager(pager, shown.page, shown.pages, (page) => {
      state = { ...state, page };
      render();
      count.focus();
    });
  }
  count.setAttribute('tabindex', '-1');
  render();
  const element = h(
    'section',
    { class: 'cycle-table', 'aria-labelledby': 'submissions-title' },
    h('h2', { id: 'submissions-title' }, 'Submissions'),
    filters,
    count,
    h('div', { class: 'table-scroll' }, h('table', { class: 'table submissions-table' }, h('caption', { class: 'visually-hidden' }, `Submissions of cycle ${cycle}; column headers sort`), h('thead', {}, headRow), body)),
    pager,
  );
  const showRows = (next: readonly TableRow[], nowComplete: boolean) => {
    rows = next;
    complete = nowComplete;
    const memberSelect = filters.querySelector<HTMLSelectElement>('#filter-member');
    memberSelect?.replaceChildren(option('', 'Any', state.member), ...memberOptions(rows).map(([value, text]) => option(value, text, state.member)));
    render();
  };
  return { element, showRows };
}
