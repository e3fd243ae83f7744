import { areaName } from '../../../shared/domain/areas.ts';
import { PARTNER_KIND_LABELS, PUBLIC_LEVEL_LABELS, VALUE_LABELS } from '../../../shared/domain/labels.ts';
import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { ApiError, api } from '../api.ts';
import { reformDetailSchema, type ReformDetail } from '../api-schemas.ts';
import { h, paragraphs } from '../dom.ts';
import { formatDate, label, language, t } from '../i18n/index.ts';
import { facts, loadFailed, loadingNotice, pageHeading, type PageContext } from '../page.ts';

/** One published Challenge reform (`/reforms/{reference}`): the tracker's columns, then its details. */

const known = <Labels extends Record<string, unknown>>(labels: Labels, id: string): id is Extract<keyof Labels, string> => id in labels;

const partnerText = (partner: { name: string; kind: string }) =>
  known(PARTNER_KIND_LABELS, partner.kind) ? `${partner.name} (${label(PARTNER_KIND_LABELS, partner.kind)})` : partner.name;

function details(reform: ReformDetail): (HTMLElement | null)[] {
  const section = (title: string, ...content: (Node | null)[]) => h('section', {}, h('h2', {}, title), ...content);
  return [
    reform.problem ? section(t('reform.problem'), ...paragraphs(reform.problem)) : null,
    reform.statusQuo ? section(t('reform.statusQuo'), ...paragraphs(reform.statusQuo)) : null,
    reform.description ? section(t('reform.description'), ...paragraphs(reform.description)) : null,
    reform.milestones?.length
      ? section(
          t('reform.milestones'),
          h(
            'ol',
            { class: 'milestones' },
            reform.milestones.map((milestone) =>
              h(
                'li',
                {},
                h('strong', {}, milestone.deliverable ?? milestone.description),
                milestone.deliverable ? h('p', {}, milestone.description) : null,
                h('p', { class: 'muted' }, t('reform.due', { date: formatDate(milestone.dueDate) })),
              ),
            ),
          ),
        )
      : null,
    reform.links?.length
      ? section(
          t('reform.links'),
          h(
            'ul',
            {},
            reform.links.map((link) => h('li', {}, h('a', { href: link, rel: 'noopener noreferrer external' }, link))),
          ),
        )
      : null,
  ];
}

export async function renderReform(context: PageContext): Promise<void> {
  const { root, param: reference, navigate, url } = context;
  context.setTitle(reference);
  const back = h('a', { href: PAGE_PATHS.tracker, class: 'back-link' }, `← ${t('reform.back')}`);
  const loading = loadingNotice();
  root.append(back, loading);

  let reform: ReformDetail;
  try {
    reform = await api(reformDetailSchema, `/v1/reforms/${encodeURIComponent(reference)}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      loading.replaceWith(pageHeading(reference), h('p', { class: 'notice', role: 'status' }, t('reform.notFound')));
      return;
    }
    loading.replaceWith(loadFailed(() => navigate(url.pathname, { replace: true })));
    return;
  }
  context.setTitle(reform.titleOfReform);
  const period = reform.startDate && reform.endDate ? t('reform.fromTo', { start: formatDate(reform.startDate), end: formatDate(reform.endDate) }) : undefined;
  loading.replaceWith(
    pageHeading(reform.titleOfReform),
    facts([
      [t('column.countryOrLocal'), reform.countryOrLocal],
      [t('column.level'), label(PUBLIC_LEVEL_LABELS, reform.levelOfGovernment)],
      [t('column.lead'), reform.leadInstitution],
      [t('column.area'), areaName(reform.challengeArea, language())],
      [t('reform.period'), period],
      [t('reform.partners'), reform.partners?.length ? reform.partners.map(partnerText).join(', ') : undefined],
      [t('reform.values'), reform.values?.length ? reform.values.flatMap((value) => (known(VALUE_LABELS, value) ? [label(VALUE_LABELS, value)] : [])).join(', ') : undefined],
      [t('reform.reference'), reform.reference],
      [t('reform.published'), reform.publishedAt ? formatDate(reform.publishedAt) : undefined],
    ]),
    ...details(reform).filter((section): section is HTMLElement => section !== null),
  );
}
