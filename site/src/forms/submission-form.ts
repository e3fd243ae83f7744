import { AREAS } from '../../../shared/domain/areas.ts';
import {
  BRANCH_LABELS,
  CHANNEL_LABELS,
  COMMITMENT_STATUS_LABELS,
  GOVERNMENT_LEVEL_LABELS,
  MEMBER_TYPE_LABELS,
  PARTNER_KIND_LABELS,
  VALUE_LABELS,
} from '../../../shared/domain/labels.ts';
import type { Localized } from '../../../shared/domain/language.ts';
import { submissionRequestSchema, type SubmissionRequest } from '../../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../../shared/domain/validation.ts';
import type { PublicMember } from '../api-schemas.ts';
import { h } from '../dom.ts';
import { language, t } from '../i18n/index.ts';
import { FormKit, type Option } from './form-kit.ts';
import { newFormErrors, restoreErrors, validateWith, wireSubmit, type FormState } from './submit-flow.ts';
import { emptyMilestone, toRequest, type SubmissionDraft } from './submission-draft.ts';

/**
 * The commitment form, whole contract: used to submit (`/submit`) and, prefilled, to correct a
 * submission from its status page. The draft lives in `state`, outside the DOM, so switching the
 * language or adding a milestone redraws the form without losing a keystroke.
 */

export interface SubmissionFormState extends FormState {
  draft: SubmissionDraft;
}

export const newFormState = (draft: SubmissionDraft): SubmissionFormState => ({ draft, ...newFormErrors() });

export interface SubmissionFormOptions {
  /** Prefix of the element ids (`submit`, `correct`). */
  prefix: string;
  state: SubmissionFormState;
  members: readonly PublicMember[];
  submitLabel: string;
  /** Sends a request the shared schema accepted; throws the API's error when it is refused. */
  send: (request: SubmissionRequest) => Promise<void>;
}

const optionsOf = <Id extends string>(labels: Record<Id, Localized>): Option[] =>
  (Object.keys(labels) as Id[]).map((id) => ({ value: id, text: labels[id][language()] }));

const yesNo = (): Option[] => [
  { value: 'yes', text: t('form.yes') },
  { value: 'no', text: t('form.no') },
];
const fromYesNo = (value: string) => value === 'yes';
const toYesNo = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');

/** Accents and case do not matter when searching a name: "cote" finds Côte d'Ivoire. */
const searchable = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

const MAX_RESULTS = 10;

const validate = (draft: SubmissionDraft) => validateWith(() => parseOrThrow(submissionRequestSchema, toRequest(draft, language()), language()));

export function submissionForm(options: SubmissionFormOptions): HTMLElement {
  const { state, prefix } = options;
  const draft = state.draft;
  const wrapper = h('div', { class: 'form-wrapper' });

  /** Redraws the form from the draft; `focusId` is the element that gets focus afterwards. */
  function render(focusId?: string): void {
    const kit = new FormKit(prefix);
    const form = buildForm(kit);
    wrapper.replaceChildren(kit.summary, form);
    restoreErrors(kit, state, () => validate(draft));
    if (focusId) document.getElementById(focusId)?.focus();
  }

  /** A change of the form's shape (a row added or removed, an option that shows other fields). */
  function reshape(focusId?: string): void {
    state.errors = [];
    state.notice = undefined;
    render(focusId);
  }

  function memberPicker(kit: FormKit): HTMLElement {
    const path = 'member.memberId';
    const id = kit.id(path);
    const type = draft.member.type;
    const section = h('div', { class: 'field' });
    const searchLabel = type === 'local-non-member' ? t('member.searchNational') : t('member.search');
    if (!type) {
      const prompt = h('p', { class: 'hint', id, tabindex: -1 }, t('member.chooseTypeFirst'));
      const errorSlot = kit.custom(path, { label: t('section.member'), target: prompt, container: section, isEmpty: () => true, emptyMessage: t('member.chooseTypeFirst') });
      section.append(errorSlot, prompt);
      return section;
    }
    const chosen = options.members.find((member) => member.id === draft.member.memberId);
    if (chosen) {
      const change = h(
        'button',
        {
          type: 'button',
          id,
          class: 'link-button',
          on: {
            click: () => {
              draft.member.memberId = '';
              reshape(id);
            },
          },
        },
        t('member.change'),
      );
      const errorSlot = kit.custom(path, { label: searchLabel, target: change, container: section, isEmpty: () => false, emptyMessage: t('form.choose') });
      section.append(errorSlot, h('div', { class: 'member-chosen' }, h('strong', {}, t('member.selected', { name: chosen.name })), change));
      return section;
    }
    const kind = type === 'local' ? 'local' : 'national';
    const candidates = options.members.filter((member) => member.kind === kind);
    const input = h('input', { type: 'search', id, name: path, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-status` });
    const status = h('p', { class: 'hint', id: `${id}-status`, role: 'status' });
    const results = h('ul', { class: 'member-results', id: `${id}-results` });
    const showResults = () => {
      const query = searchable(input.value.trim());
      results.replaceChildren();
      if (!query) {
        status.textContent = '';
        return;
      }
      const found = candidates.filter((member) => searchable(member.name).includes(query));
      status.textContent =
        found.length === 0 ? t('member.noResults', { query: input.value.trim() }) : found.length === 1 ? t('member.resultsOne') : t('member.resultsMany', { count: found.length });
      results.append(
        ...found.slice(0, MAX_RESULTS).map((member) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'member-result',
                on: {
                  click: () => {
                    draft.member.memberId = member.id;
                    reshape(id);
                  },
                },
              },
              member.kind === 'local' ? `${member.name} (${member.country})` : member.name,
            ),
          ),
        ),
      );
    };
    input.addEventListener('input', showResults);
    // Enter in the search box picks the only match instead of sending the whole form.
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      results.querySelector<HTMLButtonElement>('button')?.click();
    });
    const errorSlot = kit.custom(path, { label: searchLabel, target: input, container: section, isEmpty: () => !draft.member.memberId, emptyMessage: t('form.choose') });
    section.append(h('label', { class: 'label', for: id }, searchLabel), errorSlot, input, status, results);
    return section;
  }

  function repeated<Item>(config: {
    kit: FormKit;
    path: 'partners' | 'milestones' | 'links';
    legend: string;
    hint?: string;
    optional?: boolean;
    items: Item[];
    minimum: number;
    itemLegend: (index: number) => string;
    /** The path of an item's first field, which gets focus when the item is added. */
    firstField: (index: number) => string;
    fields: (item: Item, index: number) => HTMLElement[];
    add: () => Item;
    addLabel: string;
  }): HTMLElement {
    const { kit, path, items } = config;
    const addId = kit.id(`${path}-add`);
    const group = h(
      'fieldset',
      { class: 'field-group' },
      h('legend', {}, config.optional ? `${config.legend} ${t('form.optional')}` : config.legend),
      config.hint ? h('p', { class: 'hint' }, config.hint) : null,
      items.map((item, index) =>
        h(
          'fieldset',
          { class: 'repeat-item' },
          h('legend', {}, config.itemLegend(index)),
          ...config.fields(item, index),
          items.length > config.minimum
            ? h(
                'p',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'button button-secondary',
                    on: {
                      click: () => {
                        items.splice(index, 1);
                        reshape(addId);
                      },
                    },
                  },
                  `${t('form.remove')} (${config.itemLegend(index)})`,
                ),
              )
            : null,
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          id: addId,
          class: 'button button-secondary',
          on: {
            click: () => {
              items.push(config.add());
              reshape(kit.id(config.firstField(items.length - 1)));
            },
          },
        },
        config.addLabel,
      ),
    );
    // An error about the list itself (too many, repeated) is shown on the whole group.
    kit.custom(path, { label: config.legend, target: group.querySelector('button') ?? group, container: group, isEmpty: () => false, emptyMessage: t('form.required') });
    return group;
  }

  function buildForm(kit: FormKit): HTMLFormElement {
    const section = (title: string, ...content: (HTMLElement | null)[]) => h('section', { class: 'form-section' }, h('h2', {}, title), ...content);
    const areaOptions = AREAS.map((area) => ({ value: area.id, text: area.name[language()] })).sort((a, b) => a.text.localeCompare(b.text, language()));

    const actionPlanFields = h(
      'div',
      {},
      h('p', { class: 'hint' }, t('actionPlan.hint')),
      kit.text({ path: 'actionPlan.id', label: t('actionPlan.id'), hint: t('actionPlan.idHint'), value: draft.actionPlan.id, onInput: (value) => (draft.actionPlan.id = value) }),
      kit.text({ path: 'actionPlan.commitmentId', label: t('actionPlan.commitmentId'), value: draft.actionPlan.commitmentId, onInput: (value) => (draft.actionPlan.commitmentId = value) }),
      kit.checkbox({
        path: 'actionPlan.designatedByMsf',
        label: t('actionPlan.designatedByMsf'),
        checked: draft.actionPlan.designatedByMsf,
        onChange: (checked) => (draft.actionPlan.designatedByMsf = checked),
      }),
    );

    const submit = h('button', { type: 'submit', class: 'button' }, options.submitLabel);

    const form = h(
      'form',
      { class: 'form', novalidate: true },
      section(
        t('section.you'),
        kit.text({ path: 'submitter.name', label: t('submitter.name'), autocomplete: 'name', value: draft.submitter.name, onInput: (value) => (draft.submitter.name = value) }),
        kit.text({
          path: 'submitter.email',
          label: t('submitter.email'),
          hint: t('submitter.emailHint'),
          type: 'email',
          autocomplete: 'email',
          value: draft.submitter.email,
          onInput: (value) => (draft.submitter.email = value),
        }),
        kit.text({
          path: 'submitter.position',
          label: t('submitter.position'),
          autocomplete: 'organization-title',
          value: draft.submitter.position,
          onInput: (value) => (draft.submitter.position = value),
        }),
      ),
      section(
        t('section.channel'),
        kit.radios({
          path: 'channel',
          label: t('channel.legend'),
          value: draft.channel,
          options: optionsOf(CHANNEL_LABELS),
          conditional: { 'action-plan': actionPlanFields },
          onChange: (value) => {
            draft.channel = value;
            reshape(document.activeElement?.id);
          },
        }),
      ),
      section(
        t('section.member'),
        kit.radios({
          path: 'member.type',
          label: t('member.type'),
          value: draft.member.type,
          options: optionsOf(MEMBER_TYPE_LABELS),
          onChange: (value) => {
            const focusId = document.activeElement?.id;
            draft.member.type = value;
            const chosen = options.members.find((member) => member.id === draft.member.memberId);
            if (chosen && chosen.kind !== (value === 'local' ? 'local' : 'national')) draft.member.memberId = '';
            reshape(focusId);
          },
        }),
        memberPicker(kit),
        draft.member.type && draft.member.type !== 'national'
          ? kit.text({
              path: 'member.jurisdiction',
              label: t('member.jurisdiction'),
              hint: t('member.jurisdictionHint'),
              value: draft.member.jurisdiction,
              onInput: (value) => (draft.member.jurisdiction = value),
            })
          : null,
      ),
      section(
        t('section.institution'),
        kit.text({ path: 'leadInstitution.name', label: t('lead.name'), autocomplete: 'organization', value: draft.leadInstitution.name, onInput: (value) => (draft.leadInstitution.name = value) }),
        kit.radios({
          path: 'leadInstitution.isPublic',
          label: t('lead.isPublic'),
          inline: true,
          value: toYesNo(draft.leadInstitution.isPublic),
          options: yesNo(),
          onChange: (value) => (draft.leadInstitution.isPublic = fromYesNo(value)),
        }),
        kit.select({ path: 'government.level', label: t('government.level'), value: draft.government.level, options: optionsOf(GOVERNMENT_LEVEL_LABELS), onChange: (value) => (draft.government.level = value) }),
        kit.select({ path: 'government.branch', label: t('government.branch'), value: draft.government.branch, options: optionsOf(BRANCH_LABELS), onChange: (value) => (draft.government.branch = value) }),
        repeated({
          kit,
          path: 'partners',
          legend: t('partners.legend'),
          optional: true,
          items: draft.partners,
          minimum: 0,
          itemLegend: (index) => t('partner.legend', { n: index + 1 }),
          firstField: (index) => `partners.${index}.name`,
          fields: (partner, index) => [
            kit.text({ path: `partners.${index}.name`, label: t('partner.name'), value: partner.name, onInput: (value) => (partner.name = value) }),
            kit.select({ path: `partners.${index}.kind`, label: t('partner.kind'), value: partner.kind, options: optionsOf(PARTNER_KIND_LABELS), onChange: (value) => (partner.kind = value) }),
          ],
          add: () => ({ name: '', kind: '' }),
          addLabel: t('partners.add'),
        }),
      ),
      section(
        t('section.reform'),
        kit.text({ path: 'title', label: t('reform.title'), value: draft.title, onInput: (value) => (draft.title = value) }),
        kit.select({ path: 'area', label: t('reform.area'), hint: t('reform.areaHint'), value: draft.area, options: areaOptions, onChange: (value) => (draft.area = value) }),
        kit.text({ path: 'problem', label: t('reform.problemLabel'), multiline: true, value: draft.problem, onInput: (value) => (draft.problem = value) }),
        kit.text({ path: 'statusQuo', label: t('reform.statusQuoLabel'), multiline: true, value: draft.statusQuo, onInput: (value) => (draft.statusQuo = value) }),
        kit.text({ path: 'description', label: t('reform.descriptionLabel'), multiline: true, rows: 8, value: draft.description, onInput: (value) => (draft.description = value) }),
        kit.checkboxes({
          path: 'values',
          label: t('values.legend'),
          hint: t('values.hint'),
          values: draft.values,
          options: optionsOf(VALUE_LABELS),
          onChange: (values) => (draft.values = values),
        }),
      ),
      section(
        t('section.plan'),
        repeated({
          kit,
          path: 'milestones',
          legend: t('milestones.legend'),
          hint: t('milestones.hint'),
          items: draft.milestones,
          minimum: 1,
          itemLegend: (index) => t('milestone.legend', { n: index + 1 }),
          firstField: (index) => `milestones.${index}.description`,
          fields: (milestone, index) => [
            kit.text({
              path: `milestones.${index}.description`,
              label: t('milestone.description'),
              multiline: true,
              rows: 3,
              value: milestone.description,
              onInput: (value) => (milestone.description = value),
            }),
            kit.text({ path: `milestones.${index}.deliverable`, label: t('milestone.deliverable'), value: milestone.deliverable, onInput: (value) => (milestone.deliverable = value) }),
            kit.text({ path: `milestones.${index}.dueDate`, label: t('milestone.dueDate'), type: 'date', value: milestone.dueDate, onInput: (value) => (milestone.dueDate = value) }),
          ],
          add: emptyMilestone,
          addLabel: t('milestones.add'),
        }),
        kit.text({ path: 'startDate', label: t('dates.start'), type: 'date', value: draft.startDate, onInput: (value) => (draft.startDate = value) }),
        kit.text({ path: 'endDate', label: t('dates.end'), type: 'date', value: draft.endDate, onInput: (value) => (draft.endDate = value) }),
        kit.radios({ path: 'status', label: t('status.legend'), value: draft.status, options: optionsOf(COMMITMENT_STATUS_LABELS), onChange: (value) => (draft.status = value) }),
        kit.radios({
          path: 'coCreated',
          label: t('coCreated.legend'),
          inline: true,
          value: toYesNo(draft.coCreated),
          options: yesNo(),
          onChange: (value) => (draft.coCreated = fromYesNo(value)),
        }),
      ),
      section(
        t('section.publish'),
        repeated({
          kit,
          path: 'links',
          legend: t('links.legend'),
          optional: true,
          items: draft.links,
          minimum: 0,
          itemLegend: (index) => t('link.label', { n: index + 1 }),
          firstField: (index) => `links.${index}`,
          fields: (link, index) => [
            kit.text({
              path: `links.${index}`,
              label: t('link.label', { n: index + 1 }),
              hint: t('link.hint'),
              type: 'url',
              value: link,
              onInput: (value) => (draft.links[index] = value),
            }),
          ],
          add: () => '',
          addLabel: t('links.add'),
        }),
        kit.checkbox({ path: 'consentToPublish', label: t('consent.submission'), checked: draft.consentToPublish, onChange: (checked) => (draft.consentToPublish = checked) }),
      ),
      h('div', { class: 'actions' }, submit),
    );

    wireSubmit({ form, kit, state, button: submit, label: options.submitLabel, validate: () => validate(draft), send: options.send });
    return form;
  }

  render();
  return wrapper;
}
