import { CRITERION_IDS, criteriaVersionRequestSchema, criteriaVersionSchema, inCanonicalOrder } from '../../../shared/domain/criteria.ts';
import { AppError } from '../../../shared/domain/errors.ts';
import { LANGUAGES } from '../../../shared/domain/language.ts';
import { parseOrThrow } from '../../../shared/domain/validation.ts';
import { ApiError, apiGet, apiSend } from '../api.ts';
import { criteriaSchema, type CriteriaVersionView } from '../api-schemas.ts';
import { announce, h, timeElement } from '../dom.ts';
import { clearFieldErrors, errorSlot, errorSummary, problemsHeading, showFieldErrors } from '../form-errors.ts';
import { languageLabel } from '../labels.ts';
import { errorNotice, isAdmin, loadingNotice, pageTitle, type View } from './view.ts';

/**
 * The Challenge criteria: the wording in force in en/fr/es and the period, and every earlier
 * version. An admin's edit is a new version (screening and decisions record the one they used);
 * the five ids never change.
 */

const fieldId = (index: number, language: string) => `criteria-${index}-name-${language}`;

/** `criteria.2.name.fr` → that input; `period.endYear` → the end year. */
function targetOf(path: string): string | undefined {
  const criterion = /^criteria\.(\d+)\.name\.(en|fr|es)$/.exec(path);
  if (criterion) return fieldId(Number(criterion[1]), criterion[2] ?? 'en');
  if (path === 'period.startYear') return 'criteria-start-year';
  if (path === 'period.endYear') return 'criteria-end-year';
  return undefined;
}

function versionTable(version: CriteriaVersionView): HTMLElement {
  return h(
    'table',
    { class: 'table criteria-table' },
    h('caption', {}, `Version ${version.version}: Challenge period ${version.period.startYear}–${version.period.endYear}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Criterion'), LANGUAGES.map((language) => h('th', { scope: 'col' }, languageLabel(language))))),
    h('tbody', {}, inCanonicalOrder(version.criteria).map((criterion, index) => h('tr', {}, h('th', { scope: 'row' }, `${index + 1}.`), LANGUAGES.map((language) => h('td', { lang: language }, criterion.name[language]))))),
  );
}

function editForm(current: CriteriaVersionView, onSaved: (version: CriteriaVersionView) => void): HTMLElement {
  const summary = errorSummary('criteria-errors');
  const criteria = inCanonicalOrder(current.criteria);
  const yearField = (id: string, label: string, value: number) =>
    h('div', { class: 'field field--narrow' }, h('label', { for: id }, label), errorSlot(id), h('input', { id, name: id, inputmode: 'numeric', value: String(value), 'aria-describedby': `${id}-error` }));
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'criteria-form-title' },
    h('h2', { id: 'criteria-form-title' }, 'Edit the wording as a new version'),
    h('p', { class: 'hint' }, 'The wording applies to screenings and decisions from now on; earlier ones keep the version they used.'),
    summary,
    h('div', { class: 'field-row' }, yearField('criteria-start-year', 'Challenge period: first year', current.period.startYear), yearField('criteria-end-year', 'Last year', current.period.endYear)),
    criteria.map((criterion, index) =>
      h(
        'fieldset',
        { class: 'criterion-wording', dataset: { criterion: criterion.id } },
        h('legend', {}, `Criterion ${index + 1}: ${criterion.name.en}`),
        LANGUAGES.map((language) => {
          const id = fieldId(index, language);
          return h('div', { class: 'field' }, h('label', { for: id }, languageLabel(language)), errorSlot(id), h('input', { id, name: id, lang: language, value: criterion.name[language], 'aria-describedby': `${id}-error` }));
        }),
      ),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Save as a new version')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form, summary);
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const year = (name: string) => (/^\d+$/.test(value(name)) ? Number(value(name)) : value(name));
    const draft = {
      period: { startYear: year('criteria-start-year'), endYear: year('criteria-end-year') },
      criteria: CRITERION_IDS.map((id, index) => ({ id, name: Object.fromEntries(LANGUAGES.map((language) => [language, value(fieldId(index, language))])) })),
    };
    let body;
    try {
      body = parseOrThrow(criteriaVersionRequestSchema, draft, 'en');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      showFieldErrors(form, summary, problemsHeading(error.fields?.length ?? 1, 'this wording'), error.fields ?? [], targetOf);
      return;
    }
    apiSend('POST', '/v1/admin/criteria', criteriaVersionSchema, { body })
      .then(({ data: version }) => onSaved(version))
      .catch((error: unknown) => {
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
        showFieldErrors(form, summary, apiError.message, apiError.fields.length > 0 ? apiError.fields : [{ path: '', message: 'Nothing was saved. Try again.' }], targetOf);
      });
  });
  return form;
}

export async function showCriteria(view: View): Promise<void> {
  const body = h('div', {}, loadingNotice('the criteria'));
  view.container.replaceChildren(pageTitle('Criteria'), body);
  let answer;
  try {
    answer = await apiGet('/v1/admin/criteria', criteriaSchema);
  } catch (error) {
    if (view.isCurrent()) body.replaceChildren(errorNotice(error));
    return;
  }
  if (!view.isCurrent()) return;
  const { current, versions } = answer;
  const earlier = versions.filter((version) => version.version !== current.version).sort((a, b) => b.version - a.version);
  body.replaceChildren(
    h('h2', {}, `In force: version ${current.version}`),
    current.createdBy ? h('p', { class: 'muted' }, 'Made by ', current.createdBy, current.createdAt ? [', ', timeElement(current.createdAt)] : '', '.') : '',
    h('div', { class: 'table-scroll' }, versionTable(current)),
    isAdmin()
      ? editForm(current, (version) => {
          announce(`Criteria version ${version.version} is now in force.`);
          void showCriteria(view);
        })
      : h('p', { class: 'notice' }, 'Only admins change the criteria.'),
    h('h2', {}, 'Earlier versions'),
    earlier.length === 0
      ? h('p', { class: 'muted' }, 'None: this is the first version.')
      : h(
          'div',
          {},
          earlier.map((version) =>
            h(
            'details',
            { class: 'version' },
            h('summary', {}, `Version ${version.version}`, version.createdAt ? [', ', timeElement(version.createdAt)] : '', version.createdBy ? ` by ${version.createdBy}` : ''),
            h('div', { class: 'table-scroll' }, versionTable(version)),
            ),
          ),
        ),
  );
}
