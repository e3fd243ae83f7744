import * as z from 'zod';
import { apiGet, apiSend, messageOf, segment } from '../api.ts';
import { storiesSchema, type StoryView } from '../api-schemas.ts';
import { announce, externalLink, h, timeElement } from '../dom.ts';
import { areaLabel, languageLabel } from '../labels.ts';
import { errorNotice, loadingNotice, pageTitle, type View } from './view.ts';

/** Inspiration stories awaiting moderation: never scored or counted, only published or declined. */

function storyCard(story: StoryView): HTMLElement {
  const { request } = story;
  const status = h('p', { class: 'muted', role: 'status' });
  const publish = h('button', { type: 'button', class: 'button', disabled: request.consentToPublish === false }, 'Publish');
  const decline = h('button', { type: 'button', class: 'button button--quiet' }, 'Decline');
  const moderate = (decision: 'publish' | 'decline') => {
    publish.disabled = true;
    decline.disabled = true;
    apiSend('POST', `/v1/review/stories/${segment(story.id)}/moderation`, z.unknown(), { body: { decision } })
      .then(() => {
        status.textContent = decision === 'publish' ? 'Published: it now appears in the public list of stories.' : 'Declined.';
        announce(status.textContent);
      })
      .catch((error: unknown) => {
        publish.disabled = request.consentToPublish === false;
        decline.disabled = false;
        status.textContent = messageOf(error);
      });
  };
  publish.addEventListener('click', () => moderate('publish'));
  decline.addEventListener('click', () => moderate('decline'));
  const headingId = `story-${story.id}`;
  return h(
    'article',
    { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, request.title),
    h('p', { class: 'muted' }, [request.place, areaLabel(request.area), languageLabel(story.language)].filter(Boolean).join(' · ')),
    h('p', {}, 'By ', request.author.name, request.author.organisation ? `, ${request.author.organisation}` : '', ' — received ', timeElement(story.receivedAt)),
    h('div', { class: 'prewrap', lang: story.language || undefined }, request.story),
    request.links.length > 0 ? h('ul', {}, request.links.map((link) => h('li', {}, externalLink(link)))) : '',
    request.consentToPublish === false ? h('p', { class: 'notice notice--error' }, 'The author did not consent to publication.') : '',
    h('div', { class: 'actions' }, publish, decline),
    status,
  );
}

export async function showStories(view: View): Promise<void> {
  const list = h('div', {}, loadingNotice('the stories'));
  view.container.replaceChildren(
    pageTitle('Stories awaiting moderation'),
    h('p', { class: 'muted' }, 'Stories are never scored or counted. Publish the ones fit for the public list; decline the others.'),
    list,
  );
  let stories: StoryView[];
  try {
    stories = (await apiGet('/v1/review/stories?limit=200', storiesSchema)).stories;
  } catch (error) {
    if (view.isCurrent()) list.replaceChildren(errorNotice(error));
    return;
  }
  if (!view.isCurrent()) return;
  list.replaceChildren(...(stories.length === 0 ? [h('p', { class: 'muted' }, 'No story is waiting for moderation.')] : stories.map(storyCard)));
}
