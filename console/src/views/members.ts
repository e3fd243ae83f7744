import { AppError, type FieldError } from '../../../shared/domain/errors.ts';
import { LANGUAGES } from '../../../shared/domain/language.ts';
import { MEMBER_KINDS, REGIONS } from '../../../shared/domain/members.ts';
import { memberUpdateRequestSchema, newMemberRequestSchema } from '../../../shared/domain/registry-schemas.ts';
import { parseOrThrow } from '../../../shared/domain/validation.ts';
import { ApiError, apiGet, apiSend, segment } from '../api.ts';
import { memberSchema, membersSchema, type ContactView, type MemberView } from '../api-schemas.ts';
import { fold, pageOf } from '../cycle-table.ts';
import { announce, badge, h } from '../dom.ts';
import { clearFieldErrors, errorSlot, errorSummary, problemsHeading, showFieldErrors } from '../form-errors.ts';
import { languageLabel, memberKindLabel, regionLabel } from '../labels.ts';
import { replaceQuery } from '../router.ts';
import { errorNotice, isAdmin, loadingNotice, pageTitle, renderPager, type View } from './view.ts';

/**
 * The member registry for admins: find a member, add one, edit or retire it, and keep its points
 * of contact (each with the language their emails are written in). An address that bounced is
 * flagged, and stays flagged until an admin corrects it.
 */

const MEMBERS_PAGE = 50;

function textField(id: string, label: string, value: string, hint?: string, attrs: Record<string, string | boolean> = {}): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : '',
    errorSlot(id),
    h('input', { id, name: id, value, autocomplete: 'off', 'aria-describedby': `${hint ? `${id}-hint ` : ''}${id}-error`, ...attrs }),
  );
}

function selectField(id: string, label: string, value: string, options: readonly (readonly [string, string])[]): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    errorSlot(id),
    h('select', { id, name: id, 'aria-describedby': `${id}-error` }, options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text))),
  );
}

/** One contact's row of inputs; `index` names its fields as the API's error paths do. */
function contactRow(index: number, contact: Partial<ContactView>, onRemove: () => void): HTMLElement {
  const id = (field: string) => `member-contacts-${index}-${field}`;
  const remove = h('button', { type: 'button', class: 'button button--quiet' }, `Remove contact ${index + 1}`);
  remove.addEventListener('click', onRemove);
  return h(
    'fieldset',
    { class: 'contact', id: `member-contacts-${index}`, dataset: { index: String(index) } },
    h('legend', {}, `Contact ${index + 1}`, contact.undeliverable ? [' ', badge('Undeliverable: mail to this address bounced', 'danger')] : ''),
    h('div', { class: 'contact__fields' }, textField(id('name'), 'Name', contact.name ?? ''), textField(id('email'), 'Email', contact.email ?? '', undefined, { type: 'email', spellcheck: 'false' }), selectField(id('language'), 'Language of their emails', contact.language ?? 'en', LANGUAGES.map((language) => [language, languageLabel(language)] as const))),
    contact.undeliverable ? h('input', { type: 'hidden', name: id('undeliverable'), value: 'true' }) : '',
    remove,
  );
}

/** Where an API error path is shown: `contacts.1.email` → that contact's email field. */
function targetOf(path: string): string | undefined {
  if (!path) return undefined;
  return `member-${path.replace(/\./g, '-')}`;
}

function readMember(form: HTMLFormElement) {
  const data = new FormData(form);
  const value = (name: string) => {
    const entry = data.get(name);
    return typeof entry === 'string' ? entry.trim() : '';
  };
  const contacts = [...form.querySelectorAll<HTMLElement>('fieldset.contact')].map((_, index) => {
    const field = (name: string) => value(`member-contacts-${index}-${name}`);
    const undeliverable = field('undeliverable') === 'true';
    return { name: field('name'), email: field('email'), language: field('language'), ...(undeliverable ? { undeliverable } : {}) };
  });
  return {
    id: value('member-id'),
    name: value('member-name'),
    kind: value('member-kind'),
    country: value('member-country'),
    region: value('member-region'),
    retired: data.get('member-retired') === 'on',
    contacts,
  };
}

/** Checks the member with the API's own schema (throws `AppError` with field paths), then sends it. */
function saveMember(existing: MemberView | undefined, { id, retired, ...fields }: ReturnType<typeof readMember>) {
  if (existing) {
    const body = parseOrThrow(memberUpdateRequestSchema, { ...fields, retired }, 'en');
    return apiSend('PUT', `/v1/admin/members/${segment(existing.id)}`, memberSchema, { body, ifMatch: existing.version });
  }
  const body = parseOrThrow(newMemberRequestSchema, { id, ...fields }, 'en');
  return apiSend('POST', '/v1/admin/members', memberSchema, { body });
}

function memberForm(existing: MemberView | undefined, onSaved: (member: MemberView) => void, onCancel: () => void): HTMLElement {
  const summary = errorSummary('member-errors');
  let contacts: Partial<ContactView>[] = existing?.contacts.map((contact) => ({ ...contact })) ?? [];
  const contactList = h('div', { class: 'contacts' });
  /** Rows are redrawn when one is added or removed: what was typed in the others is kept first. */
  const keepTyped = () => {
    contacts = readMember(form).contacts.map((typed, index) => ({ ...contacts[index], ...typed, language: typed.language as ContactView['language'] }));
  };
  const draw = () =>
    contactList.replaceChildren(
      ...(contacts.length === 0 ? [h('p', { class: 'muted' }, 'No contact: submissions from this member will not be announced to anyone, and the Support Unit digest lists it.')] : []),
      ...contacts.map((contact, index) =>
        contactRow(index, contact, () => {
          keepTyped();
          contacts.splice(index, 1);
          draw();
          addContact.focus();
        }),
      ),
    );
  const addContact = h('button', { type: 'button', class: 'button button--quiet' }, 'Add a contact');
  addContact.addEventListener('click', () => {
    keepTyped();
    contacts.push({ language: 'en' });
    draw();
    document.getElementById(`member-contacts-${contacts.length - 1}-name`)?.focus();
  });
  const cancel = h('button', { type: 'button', class: 'button button--quiet' }, 'Cancel');
  cancel.addEventListener('click', onCancel);
  const heading = existing ? `Edit ${existing.name}` : 'Add a member';
  const form = h(
    'form',
    { class: 'card member-form', novalidate: true, 'aria-labelledby': 'member-form-title' },
    h('h2', { id: 'member-form-title', tabindex: '-1' }, heading),
    summary,
    existing ? h('p', {}, 'Id: ', h('code', {}, existing.id), h('span', { class: 'muted' }, ' (ids never change: submissions and exports name them)')) : textField('member-id', 'Id', '', 'Lower-case letters, digits and hyphens, like buenos-aires. It never changes.', { spellcheck: 'false' }),
    textField('member-name', 'Name', existing?.name ?? ''),
    selectField('member-kind', 'Kind', existing?.kind ?? 'national', MEMBER_KINDS.map((kind) => [kind, memberKindLabel(kind)] as const)),
    textField('member-country', 'Country', existing?.country ?? '', 'For a local member, the national member it sits in.'),
    selectField('member-region', 'Region', existing?.region ?? REGIONS[0], REGIONS.map((region) => [region, regionLabel(region)] as const)),
    existing ? h('div', { class: 'field field--check' }, h('input', { type: 'checkbox', id: 'member-retired', name: 'member-retired', checked: existing.retired }), h('label', { for: 'member-retired' }, 'Retired (kept for its submissions, no longer listed or accepted)')) : '',
    h('fieldset', { class: 'contacts-fieldset', id: 'member-contacts' }, h('legend', {}, 'Points of contact'), errorSlot('member-contacts'), contactList, addContact),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, existing ? 'Save changes' : 'Add member'), cancel),
  );
  draw();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form, summary);
    const show = (heading: string, errors: readonly FieldError[]) => showFieldErrors(form, summary, heading, errors, targetOf);
    let request: ReturnType<typeof saveMember>;
    try {
      request = saveMember(existing, readMember(form));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      show(problemsHeading(error.fields?.length ?? 1, 'this member'), error.fields ?? [{ path: '', message: error.message }]);
      return;
    }
    request
      .then(({ data }) => onSaved(data))
      .catch((error: unknown) => {
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
        const conflict = apiError.status === 409 || apiError.status === 412;
        show(
          conflict ? 'Someone changed this member meanwhile: nothing was saved' : apiError.message,
          conflict ? [{ path: '', message: 'Cancel, then edit the member again to start from its current state.' }] : apiError.fields.length > 0 ? apiError.fields : [{ path: '', message: 'Nothing was saved. Try again.' }],
        );
      });
  });
  return form;
}

function contactsCell(member: MemberView): HTMLElement {
  if (member.contacts.length === 0) return h('td', {}, h('span', { class: 'muted' }, 'None'));
  return h(
    'td',
    {},
    h(
      'ul',
      { class: 'plain-list' },
      member.contacts.map((contact) =>
        h('li', {}, `${contact.name} <${contact.email}>, ${languageLabel(contact.language)}`, contact.undeliverable ? [' ', badge('Undeliverable', 'danger')] : ''),
      ),
    ),
  );
}

export async function showMembers(view: View): Promise<void> {
  const panel = h('div', {});
  const list = h('div', {}, loadingNotice('the members'));
  view.container.replaceChildren(
    pageTitle('Members'),
    h('p', {}, 'OGP members as the registry holds them. Submissions name a member; its points of contact are told of standalone submissions and confirm action-plan commitments.'),
    panel,
    list,
  );
  if (!isAdmin()) {
    list.replaceChildren(h('p', { class: 'notice' }, 'Only admins manage the member registry.'));
    return;
  }
  let members: MemberView[];
  try {
    members = (await apiGet('/v1/admin/members', membersSchema)).items;
  } catch (error) {
    if (view.isCurrent()) list.replaceChildren(errorNotice(error));
    return;
  }
  if (!view.isCurrent()) return;

  let query = view.params.get('q') ?? '';
  let showRetired = view.params.get('retired') === '1';
  let page = Math.max(1, Number.parseInt(view.params.get('page') ?? '1', 10) || 1);
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of members' });
  const count = h('p', { class: 'table-count', role: 'status', tabindex: '-1' });
  const body = h('tbody', {});
  const addButton = h('button', { type: 'button', class: 'button' }, 'Add a member');

  const closePanel = () => {
    panel.replaceChildren();
    addButton.focus();
  };
  const saved = (member: MemberView, verb: string) => {
    const index = members.findIndex((entry) => entry.id === member.id);
    if (index >= 0) members[index] = member;
    else members.push(member);
    panel.replaceChildren();
    render();
    announce(`${member.name} ${verb}.`);
  };
  const openForm = (member?: MemberView) => {
    panel.replaceChildren(memberForm(member, (result) => saved(result, member ? 'saved' : 'added'), closePanel));
    panel.querySelector<HTMLElement>('#member-form-title')?.focus();
  };
  addButton.addEventListener('click', () => openForm());

  const search = h('input', { type: 'search', id: 'members-q', value: query, autocomplete: 'off', 'aria-describedby': 'members-q-hint' });
  search.addEventListener('input', () => {
    query = search.value;
    page = 1;
    render();
  });
  const retiredToggle = h('input', { type: 'checkbox', id: 'members-retired', checked: showRetired });
  retiredToggle.addEventListener('change', () => {
    showRetired = retiredToggle.checked;
    page = 1;
    render();
  });

  function render() {
    const words = fold(query).split(/\s+/).filter(Boolean);
    const shown = members
      .filter((member) => showRetired || !member.retired)
      .filter((member) => {
        const haystack = fold([member.id, member.name, member.country, ...member.contacts.map((contact) => `${contact.name} ${contact.email}`)].join(' '));
        return words.every((word) => haystack.includes(word));
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const current = pageOf(shown, page, MEMBERS_PAGE);
    page = current.page;
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (showRetired) params.set('retired', '1');
    if (page > 1) params.set('page', String(page));
    replaceQuery(params);
    const first = (page - 1) * MEMBERS_PAGE + 1;
    count.textContent = shown.length === 0 ? `No member matches (of ${members.length}).` : `Showing ${first}–${first + current.rows.length - 1} of ${shown.length} members.`;
    renderPager(pager, page, current.pages, (target) => {
      page = target;
      render();
      count.focus();
    });
    body.replaceChildren(
      ...current.rows.map((member) => {
        const edit = h('button', { type: 'button', class: 'button button--quiet button--small', 'aria-label': `Edit ${member.name}` }, 'Edit');
        edit.addEventListener('click', () => openForm(member));
        return h(
          'tr',
          { dataset: { member: member.id } },
          h('th', { scope: 'row' }, member.name, member.retired ? [' ', badge('Retired', 'neutral')] : ''),
          h('td', {}, memberKindLabel(member.kind)),
          h('td', {}, member.country || '—'),
          h('td', {}, regionLabel(member.region)),
          contactsCell(member),
          h('td', {}, edit),
        );
      }),
    );
  }
  render();
  list.replaceChildren(
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'filter filter--search' }, h('label', { for: 'members-q' }, 'Search'), h('p', { class: 'hint', id: 'members-q-hint' }, 'Name, id, country or contact'), search),
      h('div', { class: 'filter filter--check' }, retiredToggle, h('label', { for: 'members-retired' }, 'Include retired members')),
      addButton,
    ),
    count,
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table members-table' },
        h('caption', { class: 'visually-hidden' }, 'Members of the registry'),
        h('thead', {}, h('tr', {}, ['Name', 'Kind', 'Country', 'Region', 'Points of contact', 'Change'].map((label) => h('th', { scope: 'col' }, label)))),
        body,
      ),
    ),
    pager,
  );
}
