import { criterionName, CRITERION_IDS, type CriterionId } from '../../../shared/domain/criteria.ts';
import { areaName } from '../../../shared/domain/areas.ts';
import { OUTCOME_LABELS, SUBMISSION_STATUS_LABELS } from '../../../shared/domain/labels.ts';
import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { answerRequestSchema, submissionRequestSchema } from '../../../shared/domain/schemas.ts';
import { WITHDRAWABLE } from '../../../shared/domain/submission.ts';
import { parseOrThrow } from '../../../shared/domain/validation.ts';
import * as z from 'zod';
import { ApiError, api } from '../api.ts';
import { submitterViewSchema, type SubmitterView } from '../api-schemas.ts';
import { h, paragraphs } from '../dom.ts';
import { FormKit } from '../forms/form-kit.ts';
import { draftFromRequest } from '../forms/submission-draft.ts';
import { newFormState, submissionForm, type SubmissionFormState } from '../forms/submission-form.ts';
import { newFormErrors, restoreErrors, validateWith, wireSubmit, type FormState } from '../forms/submit-flow.ts';
import { formatDate, formatMonth, label, language, t } from '../i18n/index.ts';
import { loadMembers } from '../members.ts';
import { facts, loadFailed, loadingNotice, pageHeading, type PageContext } from '../page.ts';

/**
 * The submitter's private page (`/status/{reference}#token=…`). The token stays in the fragment,
 * which browsers never send to a server, and reaches the API only in the `X-Status-Token` header;
 * the page sends no Referer (meta referrer and `referrerPolicy`).
 */


interface StatusPageState {
  reference: string;
  notice?: { text: string; kind: 'success' | 'error' };
  answer: FormState & { text: string };
  correction?: SubmissionFormState;
  confirmingWithdrawal: boolean;
}

let page: StatusPageState | undefined;

const tokenFrom = (url: URL) => new URLSearchParams(url.hash.replace(/^#/, '')).get('token') ?? '';

function statusLabel(status: string): string {
  return status in SUBMISSION_STATUS_LABELS ? label(SUBMISSION_STATUS_LABELS, status as keyof typeof SUBMISSION_STATUS_LABELS) : t('status.processing');
}

const isCriterion = (id: string): id is CriterionId => (CRITERION_IDS as readonly string[]).includes(id);

function outcomeSection(view: SubmitterView): HTMLElement | null {
  const outcome = view.outcome;
  if (!outcome) return null;
  const body: (HTMLElement | null)[] = [];
  if (outcome.outcome === 'eligible') {
    body.push(h('p', {}, t('outcome.eligible')));
    if (view.status === 'published') body.push(h('p', {}, h('a', { href: PAGE_PATHS.reform(view.reference) }, t('outcome.viewReform'))));
  } else if (outcome.outcome === 'not-eligible') {
    body.push(
      h('p', {}, t('outcome.notEligible')),
      h('ul', {}, outcome.failedCriteria.filter(isCriterion).map((id) => h('li', {}, criterionName(id, language())))),
    );
  } else {
    body.push(h('p', {}, t('outcome.needsInfo')));
  }
  return h(
    'section',
    { 'aria-labelledby': 'outcome-heading' },
    h('h2', { id: 'outcome-heading' }, t('outcome.heading', { outcome: label(OUTCOME_LABELS, outcome.outcome) })),
    ...body,
    outcome.area ? facts([[t('outcome.area'), areaName(outcome.area, language())]]) : null,
  );
}

export async function renderStatus(context: PageContext): Promise<void> {
  const { root, param: reference, url } = context;
  context.setTitle(t('status.title'));
  const token = tokenFrom(url);
  if (page?.reference !== reference) page = { reference, answer: { ...newFormErrors(), text: '' }, confirmingWithdrawal: false };
  const state = page;
  root.append(pageHeading(t('status.title')));
  if (!token) {
    root.append(h('p', { class: 'notice notice-error', role: 'alert' }, t('status.noToken')));
    return;
  }
  const headers = { 'x-status-token': token };
  const content = h('div', {});
  root.append(content);

  /** Reads the submission again and redraws; `notice` is said first (and announced). */
  async function load(focusNotice = false): Promise<void> {
    const loading = loadingNotice();
    content.replaceChildren(loading);
    let view: SubmitterView;
    try {
      view = await api(submitterViewSchema, `/v1/submissions/${encodeURIComponent(reference)}`, { headers });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
        content.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, t('status.notFound')));
      } else {
        content.replaceChildren(loadFailed(() => void load()));
      }
      return;
    }
    const members = view.editable ? await loadMembers().catch(() => undefined) : undefined;
    draw(view, members);
    if (focusNotice) content.querySelector<HTMLElement>('[data-notice]')?.focus();
  }

  function say(text: string, kind: 'success' | 'error'): Promise<void> {
    state.notice = { text, kind };
    return load(true);
  }

  function draw(view: SubmitterView, members: Awaited<ReturnType<typeof loadMembers>> | undefined): void {
    const notice = state.notice
      ? h('p', { class: `notice notice-${state.notice.kind}`, role: state.notice.kind === 'error' ? 'alert' : 'status', tabindex: -1, 'data-notice': '' }, state.notice.text)
      : null;
    content.replaceChildren(
      ...[
        notice,
        facts([
          [t('status.reference'), view.reference],
          [t('status.titleLabel'), view.title],
          [t('status.status'), h('span', { class: 'status-tag', id: 'submission-status' }, statusLabel(view.status))],
          [t('status.received'), view.receivedAt ? formatDate(view.receivedAt) : undefined],
          [t('status.cycle'), view.cycle ? formatMonth(view.cycle) : undefined],
        ]),
        outcomeSection(view),
        view.status === 'needs-info' && view.question ? answerSection(view.question) : null,
        view.editable && view.version !== undefined && members ? correctionSection(view, members) : null,
        WITHDRAWABLE.some((status) => status === view.status) ? withdrawSection() : null,
      ].filter((node): node is HTMLElement => node !== null),
    );
  }

  function answerSection(question: string): HTMLElement {
    const kit = new FormKit('answer');
    const button = h('button', { type: 'submit', class: 'button' }, t('answer.button'));
    const validate = () => validateWith(() => parseOrThrow(answerRequestSchema, { answer: state.answer.text }, language()));
    const form = h(
      'form',
      { class: 'form', novalidate: true },
      kit.text({ path: 'answer', label: t('answer.label'), hint: t('answer.hint'), multiline: true, rows: 6, value: state.answer.text, onInput: (value) => (state.answer.text = value) }),
      h('div', { class: 'actions' }, button),
    );
    wireSubmit({
      form,
      kit,
      state: state.answer,
      button,
      label: t('answer.button'),
      validate,
      send: async (request) => {
        await api(z.unknown(), `/v1/submissions/${encodeURIComponent(reference)}/answer`, { method: 'POST', json: request, headers });
        state.answer = { ...newFormErrors(), text: '' };
        await say(t('answer.sent'), 'success');
      },
    });
    const section = h(
      'section',
      { 'aria-labelledby': 'question-heading' },
      h('h2', { id: 'question-heading' }, t('question.heading')),
      h('blockquote', { class: 'notice' }, ...paragraphs(question)),
      kit.summary,
      form,
    );
    restoreErrors(kit, state.answer, validate);
    return section;
  }

  function correctionSection(view: SubmitterView, members: Awaited<ReturnType<typeof loadMembers>>): HTMLElement | null {
    const stored = submissionRequestSchema.safeParse(view.submission);
    if (!stored.success) return null;
    const section = h('section', { 'aria-labelledby': 'correct-heading' }, h('h2', { id: 'correct-heading' }, t('correct.heading')), h('p', {}, t('correct.intro')));
    if (!state.correction) {
      section.append(
        h(
          'button',
          {
            type: 'button',
            class: 'button button-secondary',
            id: 'correct-open',
            on: {
              click: () => {
                state.correction = newFormState(draftFromRequest(stored.data));
                draw(view, members);
                document.getElementById('correct-submitter-name')?.focus();
              },
            },
          },
          t('correct.open'),
        ),
      );
      return section;
    }
    section.append(
      submissionForm({
        prefix: 'correct',
        state: state.correction,
        members,
        submitLabel: t('correct.button'),
        send: async (request) => {
          try {
            await api(z.unknown(), `/v1/submissions/${encodeURIComponent(reference)}`, {
              method: 'PUT',
              json: request,
              headers: { ...headers, 'if-match': `"${view.version}"` },
            });
          } catch (error) {
            // The submission moved on meanwhile: the form would correct something that no longer is.
            if (error instanceof ApiError && (error.code === 'review_started' || error.status === 412 || error.status === 409)) {
              state.correction = undefined;
              await say(error.code === 'review_started' ? t('correct.reviewStarted') : t('status.conflict'), 'error');
              return;
            }
            throw error;
          }
          state.correction = undefined;
          await say(t('correct.saved'), 'success');
        },
      }),
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            on: {
              click: () => {
                state.correction = undefined;
                draw(view, members);
                document.getElementById('correct-open')?.focus();
              },
            },
          },
          t('correct.cancel'),
        ),
      ),
    );
    return section;
  }

  function withdrawSection(): HTMLElement {
    const section = h('section', { 'aria-labelledby': 'withdraw-heading' }, h('h2', { id: 'withdraw-heading' }, t('withdraw.heading')));
    const ask = () => {
      section.replaceChildren(
        h('h2', { id: 'withdraw-heading' }, t('withdraw.heading')),
        h('p', {}, t('withdraw.intro')),
        h(
          'button',
          {
            type: 'button',
            id: 'withdraw-start',
            class: 'button button-warning',
            on: {
              click: () => {
                state.confirmingWithdrawal = true;
                confirm();
              },
            },
          },
          t('withdraw.button'),
        ),
      );
    };
    const confirm = () => {
      let sending = false;
      const question = h('p', { id: 'withdraw-question', tabindex: -1 }, h('strong', {}, t('withdraw.question')));
      section.replaceChildren(
        h('h2', { id: 'withdraw-heading' }, t('withdraw.heading')),
        h(
          'div',
          { class: 'confirm-box', role: 'group', 'aria-labelledby': 'withdraw-question' },
          question,
          h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'button button-warning',
                on: {
                  click: async (event) => {
                    if (sending) return;
                    sending = true;
                    (event.currentTarget as HTMLElement).setAttribute('aria-disabled', 'true');
                    state.confirmingWithdrawal = false;
                    try {
                      await api(z.unknown(), `/v1/submissions/${encodeURIComponent(reference)}/withdraw`, { method: 'POST', headers });
                      await say(t('withdraw.done'), 'success');
                    } catch (error) {
                      await say(error instanceof ApiError && error.status < 500 ? error.message : t('form.serverError'), 'error');
                    }
                  },
                },
              },
              t('withdraw.confirm'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'button button-secondary',
                on: {
                  click: () => {
                    state.confirmingWithdrawal = false;
                    ask();
                    document.getElementById('withdraw-start')?.focus();
                  },
                },
              },
              t('withdraw.cancel'),
            ),
          ),
        ),
      );
      question.focus();
    };
    if (state.confirmingWithdrawal) confirm();
    else ask();
    return section;
  }

  await load();
}
