import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { api } from '../api.ts';
import { receiptSchema } from '../api-schemas.ts';
import { h } from '../dom.ts';
import { emptyDraft } from '../forms/submission-draft.ts';
import { newFormState, submissionForm, type SubmissionFormState } from '../forms/submission-form.ts';
import { newIdempotencyKey } from '../forms/submit-flow.ts';
import { t } from '../i18n/index.ts';
import { loadMembers } from '../members.ts';
import { loadFailed, loadingNotice, pageHeading, type PageContext } from '../page.ts';

/** `/submit`: the commitment form, then its receipt and what happens next. */

interface Receipt {
  reference: string;
  statusToken: string;
  email: string;
}

/** The form being filled in (kept across language changes) and its one Idempotency-Key. */
let filling: { form: SubmissionFormState; idempotencyKey: string; receipt?: Receipt } | undefined;

function received(context: PageContext, receipt: Receipt): void {
  const { root } = context;
  context.setTitle(t('success.title'));
  root.replaceChildren(
    h('div', { class: 'panel', role: 'status' }, pageHeading(t('success.title')), h('p', {}, t('success.reference')), h('strong', { class: 'reference', id: 'reference' }, receipt.reference)),
    h('h2', {}, t('success.next')),
    h('p', {}, t('success.next1', { email: receipt.email })),
    h('p', {}, t('success.next2')),
    h('p', {}, t('success.next3')),
    h('p', {}, h('a', { href: `${PAGE_PATHS.status(receipt.reference)}#token=${encodeURIComponent(receipt.statusToken)}` }, t('success.statusLink'))),
    h(
      'p',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'button button-secondary',
          on: {
            click: () => {
              filling = undefined;
              context.navigate(PAGE_PATHS.submit, { replace: true });
            },
          },
        },
        t('success.another'),
      ),
    ),
  );
}

export async function renderSubmit(context: PageContext): Promise<void> {
  const { root, navigate, url } = context;
  if (filling?.receipt) {
    received(context, filling.receipt);
    return;
  }
  context.setTitle(t('nav.submit'));
  root.append(pageHeading(t('submit.title')), h('p', { class: 'lead' }, t('submit.intro')));
  const loading = loadingNotice();
  root.append(loading);
  let members;
  try {
    members = await loadMembers();
  } catch {
    loading.replaceWith(loadFailed(() => navigate(url.pathname, { replace: true })));
    return;
  }
  const current = (filling ??= { form: newFormState(emptyDraft()), idempotencyKey: newIdempotencyKey() });
  loading.replaceWith(
    submissionForm({
      prefix: 'submit',
      state: current.form,
      members,
      submitLabel: t('submit.button'),
      send: async (request) => {
        const receipt = await api(receiptSchema, '/v1/submissions', {
          method: 'POST',
          json: request,
          headers: { 'idempotency-key': current.idempotencyKey },
        });
        current.receipt = { reference: receipt.reference, statusToken: receipt.statusToken, email: request.submitter.email };
        if (filling !== current) return;
        received(context, current.receipt);
        window.scrollTo(0, 0);
        root.querySelector('h1')?.focus();
      },
    }),
  );
}
