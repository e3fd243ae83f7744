import { currentUser } from '../auth.ts';
import { messageOf } from '../api.ts';
import { h } from '../dom.ts';

/**
 * What every screen gets: the element it renders into, whether it is still the screen shown (an
 * answer that arrives after the reviewer moved on is dropped), and the query string of its address.
 */
export interface View {
  container: HTMLElement;
  params: URLSearchParams;
  isCurrent(): boolean;
}

export const isAdmin = () => currentUser()?.roles.includes('admin') ?? false;

/** The screen's h1, focusable so a navigation can move focus to it (screen readers hear the new page). */
export function pageTitle(text: string, ...extra: (Node | string)[]): HTMLHeadingElement {
  document.title = `${text} — Review console`;
  return h('h1', { id: 'page-title', tabindex: '-1' }, text, ...extra);
}

export function loadingNotice(what: string): HTMLElement {
  return h('p', { class: 'muted', role: 'status' }, `Loading ${what}…`);
}

export function errorNotice(error: unknown): HTMLElement {
  return h('p', { class: 'notice notice--error', role: 'alert' }, messageOf(error));
}

export function backLink(href: string, text: string): HTMLElement {
  return h('p', { class: 'back' }, h('a', { href }, `← ${text}`));
}

/** Previous / next page buttons into `nav`; `go` is called with the page chosen. */
export function renderPager(nav: HTMLElement, page: number, pages: number, go: (page: number) => void): void {
  const button = (label: string, target: number, disabled: boolean) => {
    const node = h('button', { type: 'button', class: 'button button--quiet', disabled }, label);
    node.addEventListener('click', () => go(target));
    return node;
  };
  nav.replaceChildren(button('← Previous page', page - 1, page <= 1), h('span', {}, ` Page ${page} of ${pages} `), button('Next page →', page + 1, page >= pages));
}
