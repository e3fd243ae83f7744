import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { loadCycle, type LoadedCycle } from '../cycle-store.ts';
import { SUMMARY_COLUMNS, columnLabel, submissionsCsv, summarizeCycle, summaryCsv } from '../cycle-summary.ts';
import { download, h } from '../dom.ts';
import { areaLabel } from '../labels.ts';
import { cycleStatusBadge } from './cycles.ts';
import { backLink, errorNotice, loadingNotice, pageTitle, type View } from './view.ts';

function referenceList(cycle: string, items: readonly { reference: string; title: string }[], empty: string, extra?: (index: number) => string): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, empty);
  return h(
    'ul',
    {},
    items.map((item, index) => h('li', {}, h('a', { href: PAGE_PATHS.consoleSubmission(cycle, item.reference) }, item.reference), ` ${item.title}`, extra ? ` — ${extra(index)}` : '')),
  );
}

export async function showSummary(view: View, cycle: string): Promise<void> {
  const body = h('div', {}, loadingNotice('the cycle'));
  view.container.replaceChildren(backLink(PAGE_PATHS.consoleCycle(cycle), `Submissions of cycle ${cycle}`), pageTitle(`Summary of cycle ${cycle}`), body);
  let loaded: LoadedCycle;
  try {
    loaded = await loadCycle(cycle);
  } catch (error) {
    if (view.isCurrent()) body.replaceChildren(errorNotice(error));
    return;
  }
  if (!view.isCurrent()) return;

  const released = loaded.detail.cycle.status === 'released';
  const summary = summarizeCycle(loaded.rows);
  const counts = h(
    'table',
    { class: 'table summary-table', id: 'summary-by-area' },
    h('caption', {}, 'Submissions by area and outcome'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Area'), SUMMARY_COLUMNS.map((column) => h('th', { scope: 'col', class: 'number' }, columnLabel(column, released))), h('th', { scope: 'col', class: 'number' }, 'Total'))),
    h(
      'tbody',
      {},
      summary.byArea.map((area) =>
        h('tr', {}, h('th', { scope: 'row' }, areaLabel(area.area)), SUMMARY_COLUMNS.map((column) => h('td', { class: 'number' }, String(area.counts[column]))), h('td', { class: 'number' }, String(area.total))),
      ),
    ),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'All areas'), SUMMARY_COLUMNS.map((column) => h('td', { class: 'number' }, String(summary.byOutcome[column]))), h('td', { class: 'number' }, String(summary.total)))),
  );

  const exportCounts = h('button', { type: 'button', class: 'button' }, 'Download counts (CSV)');
  exportCounts.addEventListener('click', () => download(`cycle-${cycle}-summary.csv`, summaryCsv(summary, released)));
  const exportRows = h('button', { type: 'button', class: 'button button--quiet' }, 'Download every submission (CSV)');
  exportRows.addEventListener('click', () => download(`cycle-${cycle}-submissions.csv`, submissionsCsv(loaded.rows, released)));

  body.replaceChildren(
    h('p', {}, cycleStatusBadge(loaded.detail.cycle.status), ` ${summary.total} submission${summary.total === 1 ? '' : 's'} in this cycle.`),
    h(
      'ul',
      { class: 'stat-list', 'aria-label': 'Counts by outcome' },
      SUMMARY_COLUMNS.map((column) => h('li', { class: 'stat' }, h('span', { class: 'stat__number' }, String(summary.byOutcome[column])), h('span', { class: 'stat__label' }, columnLabel(column, released)))),
      h('li', { class: 'stat' }, h('span', { class: 'stat__number' }, String(summary.retags.length)), h('span', { class: 'stat__label' }, 'Re-tagged')),
      h('li', { class: 'stat' }, h('span', { class: 'stat__number' }, String(summary.promising.length)), h('span', { class: 'stat__label' }, 'Promising')),
    ),
    h('div', { class: 'actions' }, exportCounts, exportRows),
    h('div', { class: 'table-scroll' }, counts),
    h('h2', {}, 'Re-tagged'),
    referenceList(cycle, summary.retags, 'No submission was re-tagged.', (index) => {
      const retag = summary.retags[index];
      return retag ? `${areaLabel(retag.from)} → ${areaLabel(retag.to)}` : '';
    }),
    h('h2', {}, released ? 'Carried over to the next cycle' : 'Undecided (carried over at release)'),
    referenceList(cycle, summary.undecided, released ? 'Nothing was carried over.' : 'Every submission is decided.'),
    h('h2', {}, 'Promising'),
    h('p', { class: 'hint' }, 'Eligible, with substantial ambition and co-created with civil society: candidates for awards and support.'),
    referenceList(cycle, summary.promising, 'No promising submission.'),
  );
}
