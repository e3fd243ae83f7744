import { areaName } from '../../../shared/domain/areas.ts';
import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { api, queryString } from '../api.ts';
import { storiesPageSchema } from '../api-schemas.ts';
import { fragment, h, paragraphs } from '../dom.ts';
import { formatDate, language, t } from '../i18n/index.ts';
import { loadFailed, loadingNotice, pageHeading, type PageContext } from '../page.ts';

/** Published inspiration stories (`/stories`), newest list page first, with the API's cursor. */
export async function renderStories(context: PageContext): Promise<void> {
  const { root, url, navigate } = context;
  context.setTitle(t('stories.title'));
  const cursor = url.searchParams.get('cursor') ?? undefined;
  root.append(
    pageHeading(t('stories.title')),
    h('p', { class: 'lead' }, t('stories.intro')),
    h('p', {}, h('a', { href: PAGE_PATHS.newStory, class: 'button' }, t('stories.share'))),
  );
  const loading = loadingNotice();
  root.append(loading);
  let page;
  try {
    page = await api(storiesPageSchema, `/v1/stories${queryString({ cursor, limit: '20' })}`);
  } catch {
    loading.replaceWith(loadFailed(() => navigate(url.pathname + url.search, { replace: true })));
    return;
  }
  if (page.stories.length === 0) {
    loading.replaceWith(h('p', { class: 'notice', role: 'status' }, t('stories.empty')));
    return;
  }
  loading.replaceWith(
    fragment(
      h(
        'ul',
        { class: 'stories' },
        page.stories.map((story) =>
          h(
            'li',
            {},
            h(
              'article',
              { class: 'story' },
              // The story keeps the language it was written in, whatever the reader's.
              h('h2', { lang: story.language }, story.title),
              h(
                'p',
                { class: 'story-meta' },
                [
                  t('stories.by', { name: [story.author.name, story.author.organisation].filter(Boolean).join(', ') }),
                  story.place,
                  areaName(story.area, language()),
                  formatDate(story.publishedAt),
                ].join(' · '),
              ),
              h('div', { lang: story.language }, ...paragraphs(story.story)),
              story.links.length
                ? h('ul', {}, story.links.map((link) => h('li', {}, h('a', { href: link, rel: 'noopener noreferrer external' }, link))))
                : null,
            ),
          ),
        ),
      ),
      page.nextCursor ? h('p', {}, h('a', { href: `${PAGE_PATHS.stories}${queryString({ cursor: page.nextCursor })}`, rel: 'next' }, t('stories.more'))) : null,
    ),
  );
}
