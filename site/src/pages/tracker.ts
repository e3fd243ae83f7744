import { AREAS, areaName, type AreaId } from '../../../shared/domain/areas.ts';
import { PUBLIC_LEVEL_LABELS, REGION_LABELS } from '../../../shared/domain/labels.ts';
import { REGIONS } from '../../../shared/domain/members.ts';
import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { api, queryString } from '../api.ts';
import { reformsPageSchema, statsSchema, type ReformRow } from '../api-schemas.ts';
import { fragment, h } from '../dom.ts';
import { formatNumber, label, language, t } from '../i18n/index.ts';
import type { MessageId } from '../i18n/catalog.ts';
import { loadFailed, loadingNotice, pageHeading, type PageContext } from '../page.ts';
import { loadMembers } from '../members.ts';

/**
 * The tracker (`/`): OGP's counters, the filters (kept in the address, so a filtered view can be
 * shared), the reforms under OGP's tracker columns, paged with the API's cursor, and the downloads.
 */

const PAGE_SIZE = 25;
const FILTERS = ['area', 'region', 'member', 'level'] as const;
type FilterName = (typeof FILTERS)[number];

/** Values a filter can take from the address; one edited by hand into nonsense is ignored, not sent. */
const KNOWN: Record<Exclude<FilterName, 'member'>, readonly string[]> = {
  area: AREAS.map((area) => area.id),
  region: REGIONS,
  level: Object.keys(PUBLIC_LEVEL_LABELS),
};

function filtersOf(url: URL): Partial<Record<FilterName, string>> {
  const filters: Partial<Record<FilterName, string>> = {};
  for (const name of FILTERS) {
    const value = url.searchParams.get(name);
    if (value && (name === 'member' || KNOWN[name].includes(value))) filters[name] = value;
  }
  return filters;
}

const byName = (locale: string) => (a: { text: string }, b: { text: string }) => a.text.localeCompare(b.text, locale);

function select(name: FilterName, labelId: MessageId, anyId: MessageId, options: { value: string; text: string }[], chosen: string | undefined) {
  const id = `filter-${name}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'label', for: id }, t(labelId)),
    h(
      'select',
      { id, name },
      h('option', { value: '' }, t(anyId)),
      options.map((option) => h('option', { value: option.value, selected: option.value === chosen }, option.text)),
    ),
  );
}

function counters(stats: Awaited<ReturnType<typeof loadStats>>): HTMLElement {
  const counter = (value: number, text: MessageId, key: string) =>
    h('li', { class: 'counter', 'data-counter': key }, h('span', { class: 'counter-value' }, formatNumber(value)), h('span', {}, t(text)));
  return h(
    'section',
    { 'aria-labelledby': 'counters-heading' },
    h('h2', { id: 'counters-heading' }, t('counters.heading')),
    h(
      'ul',
      { class: 'counters' },
      counter(stats.participatingCountries, 'counters.countries', 'countries'),
      counter(stats.participatingLocalities, 'counters.localities', 'localities'),
      counter(stats.challengeCommitments.total, 'counters.commitments', 'commitments'),
    ),
    h('h3', {}, t('counters.byArea')),
    h(
      'ul',
      { class: 'by-area' },
      AREAS.map((area) =>
        h(
          'li',
          { 'data-area': area.id },
          h('span', {}, area.name[language()]),
          h('span', { class: 'count' }, formatNumber(stats.challengeCommitments.byArea[area.id] ?? 0)),
        ),
      ),
    ),
  );
}

const loadStats = () => api(statsSchema, '/v1/stats');

function reformsTable(reforms: ReformRow[]): HTMLElement {
  if (reforms.length === 0) return h('p', { class: 'notice', role: 'status' }, t('table.empty'));
  const columns: MessageId[] = ['column.countryOrLocal', 'column.level', 'column.lead', 'column.title', 'column.area'];
  const cell = (column: MessageId, ...content: (Node | string)[]) => h('td', { 'data-label': t(column) }, ...content);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'responsive-table', id: 'reforms' },
      h('caption', {}, t('table.caption')),
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col' }, t(column))))),
      h(
        'tbody',
        {},
        reforms.map((reform) =>
          h(
            'tr',
            { 'data-reference': reform.reference },
            cell('column.countryOrLocal', reform.countryOrLocal),
            cell('column.level', label(PUBLIC_LEVEL_LABELS, reform.levelOfGovernment)),
            cell('column.lead', reform.leadInstitution),
            cell('column.title', h('a', { href: PAGE_PATHS.reform(reform.reference) }, reform.titleOfReform)),
            cell('column.area', h('span', { class: 'area-tag' }, areaName(reform.challengeArea as AreaId, language()))),
          ),
        ),
      ),
    ),
  );
}

export async function renderTracker(context: PageContext): Promise<void> {
  const { root, url, navigate, setTitle } = context;
  setTitle(t('tracker.title'));
  const filters = filtersOf(url);
  const cursor = url.searchParams.get('cursor') ?? undefined;
  root.append(pageHeading(t('tracker.title')), h('p', { class: 'lead' }, t('tracker.intro')));
  const loading = loadingNotice();
  root.append(loading);

  let stats, page, members;
  try {
    [stats, page, members] = await Promise.all([
      loadStats(),
      api(reformsPageSchema, `/v1/reforms${queryString({ ...filters, cursor, limit: String(PAGE_SIZE) })}`),
      loadMembers(),
    ]);
  } catch {
    loading.replaceWith(loadFailed(() => navigate(url.pathname + url.search, { replace: true })));
    return;
  }
  loading.remove();

  const locale = language();
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-labelledby': 'filters-heading',
      on: {
        submit: (event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget as HTMLFormElement);
          navigate(`${PAGE_PATHS.tracker}${queryString(Object.fromEntries(FILTERS.map((name) => [name, String(data.get(name) ?? '')])))}`);
        },
      },
    },
    h('h2', { id: 'filters-heading' }, t('filters.heading')),
    h(
      'div',
      { class: 'filter-grid' },
      select('area', 'filters.area', 'filters.anyArea', AREAS.map((area) => ({ value: area.id, text: area.name[locale] })).sort(byName(locale)), filters.area),
      select('region', 'filters.region', 'filters.anyRegion', REGIONS.map((region) => ({ value: region, text: label(REGION_LABELS, region) })), filters.region),
      select('member', 'filters.member', 'filters.anyMember', members.map((member) => ({ value: member.id, text: member.name })).sort(byName(locale)), filters.member),
      select(
        'level',
        'filters.level',
        'filters.anyLevel',
        (Object.keys(PUBLIC_LEVEL_LABELS) as (keyof typeof PUBLIC_LEVEL_LABELS)[]).map((level) => ({ value: level, text: label(PUBLIC_LEVEL_LABELS, level) })),
        filters.level,
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button' }, t('filters.apply')),
      Object.keys(filters).length > 0 ? h('a', { href: PAGE_PATHS.tracker }, t('filters.clear')) : null,
    ),
  );

  const next = page.nextCursor ? `${PAGE_PATHS.tracker}${queryString({ ...filters, cursor: page.nextCursor })}` : undefined;
  const first = cursor ? `${PAGE_PATHS.tracker}${queryString(filters)}` : undefined;
  root.append(
    fragment(
      counters(stats),
      form,
      reformsTable(page.reforms),
      next || first
        ? h(
            'nav',
            { class: 'pagination', 'aria-label': t('paging.label') },
            first ? h('a', { href: first }, t('paging.first')) : null,
            next ? h('a', { href: next, rel: 'next' }, t('paging.next')) : null,
          )
        : null,
      h(
        'section',
        { 'aria-labelledby': 'downloads-heading' },
        h('h2', { id: 'downloads-heading' }, t('downloads.heading')),
        h(
          'ul',
          { class: 'downloads' },
          h('li', {}, h('a', { href: '/v1/reforms.csv', download: '' }, t('downloads.csv'))),
          h('li', {}, h('a', { href: '/v1/reforms.json' }, t('downloads.json'))),
        ),
      ),
    ),
  );
}
