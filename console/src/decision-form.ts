import { AREAS } from '../../shared/domain/areas.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { AppError, type FieldError } from '../../shared/domain/errors.ts';
import { AMBITIONS, OUTCOMES, decisionRequestSchema, type DecisionRequest } from '../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { ApiError, apiSend, segment } from './api.ts';
import { decisionAnswerSchema, type CycleSubmission, type DecisionView } from './api-schemas.ts';
import { h } from './dom.ts';
import { decisionErrorSentences, type FormBody } from './decision-errors.ts';
import { clearFieldErrors, errorSlot, errorSummary, problemsHeading, showFieldErrors } from './form-errors.ts';
import { ambitionLabel, criterionLabel, outcomeLabel, verdictLabel } from './labels.ts';

/**
 * The decision form of the detail page. It checks the decision with the same schema the API uses
 * (`decisionRequestSchema` through `parseOrThrow`), so most mistakes are shown before anything is
 * sent; what only the API can know (a version that moved, a closed cycle) comes back with field
 * paths too. Either way, each error is a sentence at its field, with a summary linking to them.
 */

const OUTCOME_HINTS: Record<(typeof OUTCOMES)[number], string> = {
  eligible: 'published as a Challenge reform at release',
  'not-eligible': 'the criteria not met are sent to the submitter',
  'needs-info': 'a question goes to the submitter',
};

/** The element each error path is shown at, and the control focused from the summary. */
const FIELD_IDS = {
  summary: 'decide-errors',
  criteria: 'decide-criteria',
  outcome: 'decide-outcome',
  area: 'decide-area',
  ambition: 'decide-ambition',
  rationale: 'decide-rationale',
  question: 'decide-question',
} as const;
const criterionFieldId = (id: string) => `${FIELD_IDS.criteria}-${id}`;

function readForm(form: HTMLFormElement): FormBody {
  const data = new FormData(form);
  const value = (name: string) => {
    const entry = data.get(name);
    return typeof entry === 'string' && entry !== '' ? entry : undefined;
  };
  const criteria: FormBody['criteria'] = {};
  for (const id of CRITERION_IDS) {
    const verdict = value(`criterion-${id}`);
    if (verdict === 'pass' || verdict === 'fail') criteria[id] = verdict;
  }
  const outcome = value('outcome') as DecisionRequest['outcome'] | undefined;
  return {
    criteria,
    ...(outcome ? { outcome } : {}),
    ...(value('area') ? { area: value('area') as DecisionRequest['area'] } : {}),
    ...(value('ambition') ? { ambition: value('ambition') as DecisionRequest['ambition'] } : {}),
    rationale: value('rationale') ?? '',
    // The contract forbids a question unless the outcome asks one.
    ...(outcome === 'needs-info' ? { question: value('question') ?? '' } : {}),
  };
}

/** The container of an error path in the form: a criterion's fieldset, or the field itself. */
function targetOf(path: string): string | undefined {
  const [head, tail] = path.split('.');
  if (head === 'criteria') return tail ? criterionFieldId(tail) : FIELD_IDS.criteria;
  return head && head in FIELD_IDS && head !== 'summary' ? FIELD_IDS[head as keyof typeof FIELD_IDS] : undefined;
}

export interface DecisionFormOptions {
  submission: CycleSubmission;
  onRecorded: (decision: DecisionView, version: number | undefined) => void;
  /** Someone else changed the submission meanwhile: the page reloads it. */
  onConflict: (error: ApiError) => void;
}

export function decisionForm({ submission, onRecorded, onConflict }: DecisionFormOptions): HTMLFormElement {
  const decision = submission.decision;
  const screening = submission.screening?.criteria ?? {};

  const criteriaFieldsets = CRITERION_IDS.map((id) => {
    const fieldsetId = criterionFieldId(id);
    const screened = screening[id];
    const prefill = decision?.criteria[id] ?? (screened && screened.verdict !== 'needs-judgement' ? screened.verdict : undefined);
    const radio = (verdict: 'pass' | 'fail') =>
      h(
        'label',
        { class: 'choice' },
        h('input', { type: 'radio', name: `criterion-${id}`, value: verdict, checked: prefill === verdict, 'aria-describedby': `${fieldsetId}-error` }),
        ` ${verdictLabel(verdict)}`,
      );
    return h(
      'fieldset',
      { class: 'criterion', id: fieldsetId, dataset: { criterion: id } },
      h('legend', {}, criterionLabel(id), screened ? h('span', { class: 'muted' }, ` — screening: ${verdictLabel(screened.verdict)}`) : null),
      errorSlot(fieldsetId),
      h('div', { class: 'choices' }, radio('pass'), radio('fail')),
    );
  });

  const selectedArea = decision?.area ?? submission.area;
  const questionField = h(
    'div',
    { class: 'field', dataset: { field: 'question' }, hidden: decision?.outcome !== 'needs-info' },
    h('label', { for: FIELD_IDS.question }, 'Question to the submitter'),
    h('p', { class: 'hint', id: `${FIELD_IDS.question}-hint` }, 'Sent in the outcome email at release; the submission returns in a later cycle once answered.'),
    errorSlot(FIELD_IDS.question),
    h('textarea', { id: FIELD_IDS.question, name: 'question', rows: 3, 'aria-describedby': `${FIELD_IDS.question}-hint ${FIELD_IDS.question}-error` }, decision?.question ?? ''),
  );

  const outcomeRadios = OUTCOMES.map((outcome) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: 'outcome',
        value: outcome,
        checked: decision?.outcome === outcome,
        'aria-describedby': `${FIELD_IDS.outcome}-error`,
        onchange: () => (questionField.hidden = outcome !== 'needs-info'),
      }),
      ` ${outcomeLabel(outcome)} `,
      h('span', { class: 'muted' }, `— ${OUTCOME_HINTS[outcome]}`),
    ),
  );

  const submit = h('button', { type: 'submit', class: 'button' }, decision ? 'Record revised decision' : 'Record decision');
  const summary = errorSummary(FIELD_IDS.summary);
  const form = h(
    'form',
    { class: 'decision-form', novalidate: true, 'aria-labelledby': 'decide-title' },
    h('h2', { id: 'decide-title' }, decision ? 'Revise the decision' : 'Decide'),
    summary,
    h(
      'fieldset',
      { class: 'criteria', id: FIELD_IDS.criteria },
      h('legend', {}, 'Criteria (every one must be met for eligible)'),
      errorSlot(FIELD_IDS.criteria),
      criteriaFieldsets,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: FIELD_IDS.area }, 'Challenge area (re-tag if needed)'),
      errorSlot(FIELD_IDS.area),
      h(
        'select',
        { id: FIELD_IDS.area, name: 'area', 'aria-describedby': `${FIELD_IDS.area}-error` },
        AREAS.map((area) =>
          h('option', { value: area.id, selected: area.id === selectedArea }, area.id === submission.area ? `${area.name.en} (self-identified)` : area.name.en),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: FIELD_IDS.ambition }, 'Ambition (IRM scale)'),
      errorSlot(FIELD_IDS.ambition),
      h(
        'select',
        { id: FIELD_IDS.ambition, name: 'ambition', 'aria-describedby': `${FIELD_IDS.ambition}-error` },
        h('option', { value: '', selected: !decision?.ambition }, 'Choose…'),
        AMBITIONS.map((ambition) => h('option', { value: ambition, selected: decision?.ambition === ambition }, ambitionLabel(ambition))),
      ),
    ),
    h('fieldset', { class: 'outcome', id: FIELD_IDS.outcome }, h('legend', {}, 'Outcome'), errorSlot(FIELD_IDS.outcome), h('div', { class: 'choices choices--stacked' }, outcomeRadios)),
    questionField,
    h(
      'div',
      { class: 'field' },
      h('label', { for: FIELD_IDS.rationale }, 'Rationale'),
      h('p', { class: 'hint', id: `${FIELD_IDS.rationale}-hint` }, 'For the Support Unit and the audit trail; never sent to the submitter.'),
      errorSlot(FIELD_IDS.rationale),
      h('textarea', { id: FIELD_IDS.rationale, name: 'rationale', rows: 4, 'aria-describedby': `${FIELD_IDS.rationale}-hint ${FIELD_IDS.rationale}-error` }, decision?.rationale ?? ''),
    ),
    h('div', { class: 'actions' }, submit),
  );

  const clearErrors = () => clearFieldErrors(form, summary);
  const showErrors = (heading: string, fields: readonly FieldError[]) => showFieldErrors(form, summary, heading, fields, targetOf);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    const body = readForm(form);
    let request: DecisionRequest;
    try {
      request = parseOrThrow(decisionRequestSchema, body, 'en');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const fields = decisionErrorSentences(body, error.fields ?? []);
      showErrors(problemsHeading(fields.length, 'this decision'), fields);
      return;
    }
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    apiSend('POST', `/v1/review/submissions/${segment(submission.reference)}/decision`, decisionAnswerSchema, { body: request, ifMatch: submission.version })
      .then(({ data }) => onRecorded(data.decision, data.version))
      .catch((error: unknown) => {
        if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
          onConflict(error);
          return;
        }
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
        const fields = decisionErrorSentences(body, apiError.fields);
        showErrors(apiError.message, fields.length > 0 ? fields : [{ path: '', message: 'Nothing was recorded. Try again.' }]);
      })
      .finally(() => {
        submit.disabled = false;
        submit.removeAttribute('aria-busy');
      });
  });
  return form;
}
