import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import * as z from 'zod';
import { ApiError, api } from '../api.ts';
import { designationViewSchema, type DesignationView } from '../api-schemas.ts';
import { h } from '../dom.ts';
import { formatDate, t } from '../i18n/index.ts';
import { facts, loadFailed, loadingNotice, pageHeading, type PageContext } from '../page.ts';

/**
 * The point of contact's page (`/designation/{reference}#sig=…`): the action-plan commitment a
 * submitter says was designated for the Challenge, and one button to confirm it. The signature stays
 * in the fragment and travels in the `X-Designation-Signature` header.
 */

function linkProblem(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'link_expired' || error.status === 410) return t('designation.expired');
  if (error.code === 'link_invalid' || error.status === 403 || error.status === 404 || error.status === 400) return t('designation.invalid');
  return undefined;
}

export async function renderDesignation(context: PageContext): Promise<void> {
  const { root, param: reference, url } = context;
  context.setTitle(t('designation.title'));
  root.append(pageHeading(t('designation.title')));
  const signature = new URLSearchParams(url.hash.replace(/^#/, '')).get('sig') ?? '';
  const content = h('div', {});
  root.append(content);
  if (!signature) {
    content.append(h('p', { class: 'notice notice-error', role: 'alert' }, t('designation.invalid')));
    return;
  }
  const headers = { 'x-designation-signature': signature };
  const path = `/v1/designations/${encodeURIComponent(reference)}`;

  function draw(view: DesignationView, justConfirmed: boolean): void {
    const confirmation = view.confirmed
      ? h(
          'div',
          { class: 'notice notice-success', role: 'status', tabindex: -1, 'data-notice': '' },
          h('p', {}, t('designation.confirmed', { date: formatDate(view.confirmed.at), by: view.confirmed.by })),
          justConfirmed ? h('p', {}, t('designation.thanks')) : null,
        )
      : null;
    let sending = false;
    const button = h(
      'button',
      {
        type: 'button',
        class: 'button',
        on: {
          click: async () => {
            if (sending) return;
            sending = true;
            button.setAttribute('aria-disabled', 'true');
            button.textContent = t('form.sending');
            try {
              await api(z.unknown(), `${path}/confirm`, { method: 'POST', headers });
              await load(true);
            } catch (error) {
              const problem = linkProblem(error) ?? (error instanceof ApiError && error.status < 500 ? error.message : t('form.serverError'));
              content.prepend(h('p', { class: 'notice notice-error', role: 'alert' }, problem));
              sending = false;
              button.removeAttribute('aria-disabled');
              button.textContent = t('designation.button');
            }
          },
        },
      },
      t('designation.button'),
    );
    content.replaceChildren(
      ...[
        confirmation,
        h('p', {}, t('designation.intro', { submitter: view.submitterName, member: view.memberName })),
        facts([
          [t('status.titleLabel'), view.title],
          [t('designation.lead'), view.leadInstitution],
          [t('designation.actionPlan'), view.actionPlan.id],
          [t('designation.commitment'), view.actionPlan.commitmentId],
          [t('status.reference'), view.reference],
        ]),
        view.confirmed ? h('p', {}, h('a', { href: PAGE_PATHS.tracker }, t('reform.back'))) : h('p', { class: 'hint' }, t('designation.expires', { date: formatDate(view.expiresAt) })),
        view.confirmed ? null : h('div', { class: 'actions' }, button),
      ].filter((node): node is HTMLElement => node !== null),
    );
    if (justConfirmed) content.querySelector<HTMLElement>('[data-notice]')?.focus();
  }

  async function load(justConfirmed = false): Promise<void> {
    content.replaceChildren(loadingNotice());
    try {
      draw(await api(designationViewSchema, path, { headers }), justConfirmed);
    } catch (error) {
      const problem = linkProblem(error);
      content.replaceChildren(problem ? h('p', { class: 'notice notice-error', role: 'alert' }, problem) : loadFailed(() => void load()));
    }
  }

  await load();
}
