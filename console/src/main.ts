import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { currentUser, ensureSignedIn, signOut } from './auth.ts';
import { messageOf } from './api.ts';
import { badge, byId, clearFlash, h, showFlash } from './dom.ts';
import { startRouter, type Screen } from './router.ts';
import { showCriteria } from './views/criteria.ts';
import { showCycle } from './views/cycle.ts';
import { showCycles } from './views/cycles.ts';
import { showDesignations } from './views/designations.ts';
import { showMembers } from './views/members.ts';
import { showStories } from './views/stories.ts';
import { showSubmission } from './views/submission.ts';
import { showSummary } from './views/summary.ts';
import { showSuppressions } from './views/suppressions.ts';
import { isAdmin, pageTitle, type View } from './views/view.ts';

/**
 * The review console: sign in (the OAuth code flow with PKCE, in both runtimes), then one screen
 * per console address. Each navigation starts a new generation, so an answer that arrives for a
 * screen the reviewer already left is dropped.
 */

const NAV: readonly { href: string; label: string; screens: readonly Screen['name'][]; adminOnly?: boolean }[] = [
  { href: PAGE_PATHS.console, label: 'Cycles', screens: ['cycles', 'cycle', 'submission', 'summary'] },
  { href: PAGE_PATHS.consoleDesignations, label: 'Designations', screens: ['designations'] },
  { href: PAGE_PATHS.consoleStories, label: 'Stories', screens: ['stories'] },
  { href: PAGE_PATHS.consoleMembers, label: 'Members', screens: ['members'], adminOnly: true },
  { href: PAGE_PATHS.consoleSuppressions, label: 'Undeliverable addresses', screens: ['suppressions'], adminOnly: true },
  { href: PAGE_PATHS.consoleCriteria, label: 'Criteria', screens: ['criteria'] },
];

let generation = 0;

function renderHeader(): void {
  const user = currentUser();
  const nav = byId('nav');
  nav.replaceChildren(
    h(
      'ul',
      {},
      NAV.filter((item) => !item.adminOnly || isAdmin()).map((item) => h('li', {}, h('a', { href: item.href, dataset: { screens: item.screens.join(' ') } }, item.label))),
    ),
  );
  if (!user) return;
  byId('who-name').textContent = user.name && user.name !== user.email ? `${user.name} (${user.email})` : user.email;
  const roles = user.roles.length > 0 ? user.roles.map((role) => badge(role, role === 'admin' ? 'admin' : 'info')) : [badge('no staff role', 'warning')];
  byId('who-roles').replaceChildren(...roles.flatMap((node, index) => (index === 0 ? [node] : [' ', node])));
  byId('who').hidden = false;
}

function markCurrentNav(screen: Screen): void {
  for (const link of byId('nav').querySelectorAll<HTMLAnchorElement>('a')) {
    if ((link.dataset.screens ?? '').split(' ').includes(screen.name)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function render(screen: Screen, params: URLSearchParams): Promise<void> {
  const mine = ++generation;
  const view: View = { container: byId('view'), params, isCurrent: () => mine === generation };
  clearFlash();
  markCurrentNav(screen);
  switch (screen.name) {
    case 'cycles':
      return showCycles(view);
    case 'cycle':
      return showCycle(view, screen.cycle);
    case 'submission':
      return showSubmission(view, screen.cycle, screen.reference);
    case 'summary':
      return showSummary(view, screen.cycle);
    case 'members':
      return showMembers(view);
    case 'criteria':
      return showCriteria(view);
    case 'designations':
      return showDesignations(view);
    case 'stories':
      return showStories(view);
    case 'suppressions':
      return showSuppressions(view);
    case 'not-found':
      view.container.replaceChildren(pageTitle('Page not found'), h('p', {}, 'There is no console page at this address. ', h('a', { href: PAGE_PATHS.console }, 'Go to the review cycles'), '.'));
  }
}

async function start(): Promise<void> {
  await ensureSignedIn();
  renderHeader();
  byId('sign-out').addEventListener('click', () => void signOut());
  let first = true;
  startRouter((screen, params) => {
    const focusTitle = !first;
    first = false;
    void render(screen, params)
      .then(() => {
        // After a navigation, focus moves to the new page's title, as a page load would reset it.
        if (focusTitle) document.getElementById('page-title')?.focus();
      })
      .catch((error: unknown) => showFlash(messageOf(error)))
      .finally(() => {
        document.body.dataset.ready = 'true';
      });
  });
}

start().catch((error: unknown) => {
  byId('view').replaceChildren(h('h1', {}, 'The console could not start'), h('p', { class: 'notice notice--error', role: 'alert' }, messageOf(error)));
  document.body.dataset.ready = 'true';
});
