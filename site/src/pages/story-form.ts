import { AREAS } from '../../../shared/domain/areas.ts';
import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { storyRequestSchema } from '../../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../../shared/domain/validation.ts';
import { api } from '../api.ts';
import { storyReceiptSchema } from '../api-schemas.ts';
import { h } from '../dom.ts';
import { FormKit } from '../forms/form-kit.ts';
import { newFormErrors, newIdempotencyKey, restoreErrors, validateWith, wireSubmit, type FormState } from '../forms/submit-flow.ts';
import { language, t } from '../i18n/index.ts';
import { pageHeading, type PageContext } from '../page.ts';

/** `/stories/new`: share an inspiration story (validated with the API's `storyRequestSchema`). */

interface StoryDraft {
  author: { name: string; email: string; organisation: string };
  place: string;
  area: string;
  title: string;
  story: string;
  links: string[];
  consentToPublish: boolean;
}

let filling: (FormState & { draft: StoryDraft; idempotencyKey: string; sent: boolean }) | undefined;

const newFilling = () => ({
  ...newFormErrors(),
  draft: { author: { name: '', email: '', organisation: '' }, place: '', area: '', title: '', story: '', links: [], consentToPublish: false },
  idempotencyKey: newIdempotencyKey(),
  sent: false,
});

function toRequest(draft: StoryDraft) {
  const { organisation, ...author } = draft.author;
  return { ...draft, language: language(), author: { ...author, ...(organisation.trim() ? { organisation } : {}) } };
}

const validate = (draft: StoryDraft) => validateWith(() => parseOrThrow(storyRequestSchema, toRequest(draft), language()));

function thanks(context: PageContext): void {
  context.setTitle(t('story.thanks'));
  context.root.replaceChildren(
    h('div', { class: 'panel', role: 'status' }, pageHeading(t('story.thanks')), h('p', {}, t('story.thanksBody'))),
    h('p', {}, h('a', { href: PAGE_PATHS.stories }, t('nav.stories'))),
  );
}

export function renderStoryForm(context: PageContext): void {
  if (filling?.sent) {
    // Thanked once; coming back to the page starts a new story.
    filling = undefined;
  }
  const state = (filling ??= newFilling());
  const { draft } = state;
  context.setTitle(t('story.title'));
  const wrapper = h('div', {});
  context.root.append(pageHeading(t('story.title')), h('p', { class: 'lead' }, t('story.intro')), wrapper);

  function render(focusId?: string): void {
    const kit = new FormKit('story');
    const button = h('button', { type: 'submit', class: 'button' }, t('story.button'));
    const links = draft.links.map((link, index) =>
      h(
        'div',
        { class: 'repeat-item' },
        kit.text({ path: `links.${index}`, label: t('link.label', { n: index + 1 }), hint: t('link.hint'), type: 'url', value: link, onInput: (value) => (draft.links[index] = value) }),
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
                  draft.links.splice(index, 1);
                  Object.assign(state, { errors: [], notice: undefined });
                  render(kit.id('links-add'));
                },
              },
            },
            `${t('form.remove')} (${t('link.label', { n: index + 1 })})`,
          ),
        ),
      ),
    );
    const form = h(
      'form',
      { class: 'form', novalidate: true },
      kit.text({ path: 'author.name', label: t('author.name'), autocomplete: 'name', value: draft.author.name, onInput: (value) => (draft.author.name = value) }),
      kit.text({ path: 'author.email', label: t('author.email'), hint: t('author.emailHint'), type: 'email', autocomplete: 'email', value: draft.author.email, onInput: (value) => (draft.author.email = value) }),
      kit.text({ path: 'author.organisation', label: t('author.organisation'), optional: true, autocomplete: 'organization', value: draft.author.organisation, onInput: (value) => (draft.author.organisation = value) }),
      kit.text({ path: 'place', label: t('story.place'), hint: t('story.placeHint'), value: draft.place, onInput: (value) => (draft.place = value) }),
      kit.select({
        path: 'area',
        label: t('reform.area'),
        value: draft.area,
        options: AREAS.map((area) => ({ value: area.id, text: area.name[language()] })).sort((a, b) => a.text.localeCompare(b.text, language())),
        onChange: (value) => (draft.area = value),
      }),
      kit.text({ path: 'title', label: t('story.titleLabel'), value: draft.title, onInput: (value) => (draft.title = value) }),
      kit.text({ path: 'story', label: t('story.story'), multiline: true, rows: 10, value: draft.story, onInput: (value) => (draft.story = value) }),
      h(
        'fieldset',
        { class: 'field-group' },
        h('legend', {}, `${t('links.legend')} ${t('form.optional')}`),
        links,
        h(
          'button',
          {
            type: 'button',
            id: kit.id('links-add'),
            class: 'button button-secondary',
            on: {
              click: () => {
                draft.links.push('');
                Object.assign(state, { errors: [], notice: undefined });
                render(kit.id(`links.${draft.links.length - 1}`));
              },
            },
          },
          t('links.add'),
        ),
      ),
      kit.checkbox({ path: 'consentToPublish', label: t('consent.story'), checked: draft.consentToPublish, onChange: (checked) => (draft.consentToPublish = checked) }),
      h('div', { class: 'actions' }, button),
    );
    wireSubmit({
      form,
      kit,
      state,
      button,
      label: t('story.button'),
      validate: () => validate(draft),
      send: async (request) => {
        await api(storyReceiptSchema, '/v1/stories', { method: 'POST', json: request, headers: { 'idempotency-key': state.idempotencyKey } });
        state.sent = true;
        if (filling !== state) return;
        thanks(context);
        window.scrollTo(0, 0);
        context.root.querySelector('h1')?.focus();
      },
    });
    wrapper.replaceChildren(kit.summary, form);
    restoreErrors(kit, state, () => validate(draft));
    if (focusId) document.getElementById(focusId)?.focus();
  }
  render();
}
