import { LANGUAGES, type Language } from '../../shared/domain/language.ts';
import { LANGUAGE_LABELS } from '../../shared/domain/labels.ts';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { clear, h } from './dom.ts';
import { language, setLanguage, t } from './i18n/index.ts';
import type { MessageId } from './i18n/catalog.ts';
import type { PageContext, PageRender } from './page.ts';
import { renderDesignation } from './pages/designation.ts';
import { renderNotFound } from './pages/not-found.ts';
import { renderReform } from './pages/reform.ts';
import { renderStatus } from './pages/status.ts';
import { renderStories } from './pages/stories.ts';
import { renderStoryForm } from './pages/story-form.ts';
import { renderSubmit } from './pages/submit.ts';
import { renderTracker } from './pages/tracker.ts';
import { isSitePath, matchPage, type PageName } from './router.ts';

/**
 * The public site: one page (index.html) whose router renders each address of
 * `shared/domain/page-urls.ts` on the client. Links between pages are ordinary links, taken over
 * here so the page does not reload; the back button and shared addresses work as usual.
 */

const PAGES: Record<PageName | 'notFound', PageRender> = {
  tracker: renderTracker,
  reform: renderReform,
  stories: renderStories,
  newStory: renderStoryForm,
  submit: renderSubmit,
  status: renderStatus,
  designation: renderDesignation,
  notFound: renderNotFound,
};

const NAVIGATION: readonly [string, MessageId, PageName][] = [
  [PAGE_PATHS.tracker, 'nav.tracker', 'tracker'],
  [PAGE_PATHS.stories, 'nav.stories', 'stories'],
  [PAGE_PATHS.submit, 'nav.submit', 'submit'],
  [PAGE_PATHS.newStory, 'nav.shareStory', 'newStory'],
];

const header = document.getElementById('site-header')!;
const main = document.getElementById('main')!;
const footer = document.getElementById('site-footer')!;

function renderHeader(current: PageName | 'notFound'): void {
  clear(header);
  header.append(
    h(
      'a',
      {
        class: 'skip-link',
        href: '#main',
        on: {
          // Moves focus without touching the address: the status page keeps its token in the fragment.
          click: (event) => {
            event.preventDefault();
            main.focus();
          },
        },
      },
      t('site.skip'),
    ),
    h(
      'div',
      { class: 'header-bar' },
      h(
        'a',
        { class: 'brand', href: PAGE_PATHS.tracker },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
        h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, t('site.name')), h('span', { class: 'brand-org' }, t('site.org'))),
      ),
      h(
        'div',
        { class: 'language-switch', role: 'group', 'aria-label': t('language.label') },
        LANGUAGES.map((code) =>
          h(
            'button',
            {
              type: 'button',
              lang: code,
              class: 'language-option',
              'aria-pressed': code === language() ? 'true' : 'false',
              on: { click: () => changeLanguage(code) },
            },
            LANGUAGE_LABELS[code][code],
          ),
        ),
      ),
    ),
    h(
      'nav',
      { class: 'site-nav', 'aria-label': t('nav.label') },
      h(
        'ul',
        {},
        NAVIGATION.map(([href, text, page]) =>
          h('li', {}, h('a', { href, ...(page === current ? { 'aria-current': 'page' } : {}) }, t(text))),
        ),
      ),
    ),
  );
}

function renderFooter(): void {
  clear(footer);
  footer.append(
    h(
      'div',
      { class: 'footer-inner' },
      h('p', {}, t('footer.about')),
      h(
        'p',
        {},
        `${t('footer.openData')} `,
        h('a', { href: '/v1/reforms.csv', download: '' }, 'CSV'),
        ' · ',
        h('a', { href: '/v1/reforms.json' }, 'JSON'),
        ' · ',
        h('a', { href: '/v1/openapi.json' }, 'API'),
      ),
    ),
  );
}

let pageRoot: HTMLElement | undefined;

/** Renders the page of the current address; `focus` moves focus to its heading (after a navigation). */
async function render(focus: boolean): Promise<void> {
  const url = new URL(window.location.href);
  const match = matchPage(url.pathname);
  renderHeader(match.name);
  renderFooter();
  const root = h('div', { class: 'page' });
  pageRoot = root;
  clear(main);
  main.append(root);
  const context: PageContext = {
    root,
    param: match.param,
    url,
    navigate,
    setTitle: (title) => {
      document.title = `${title} — ${t('site.name')}`;
    },
  };
  await PAGES[match.name](context);
  if (focus && pageRoot === root) root.querySelector<HTMLElement>('h1')?.focus();
}

function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.scrollTo(0, 0);
  void render(true);
}

function changeLanguage(code: Language): void {
  setLanguage(code);
  void render(false).then(() => header.querySelector<HTMLElement>(`button[lang="${code}"]`)?.focus());
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest('a');
  if (!link || link.target || link.hasAttribute('download')) return;
  const href = link.getAttribute('href');
  if (!href || href.startsWith('#')) return;
  const url = new URL(link.href);
  if (url.origin !== window.location.origin || !isSitePath(url.pathname)) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

window.addEventListener('popstate', () => void render(true));

setLanguage(language());
void render(false).then(() => document.body.setAttribute('data-ready', 'true'));
