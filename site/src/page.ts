import { h } from './dom.ts';
import { t } from './i18n/index.ts';

/** What every page module gets from the router. */
export interface PageContext {
  /** The page's own container: a navigation replaces it, so a late answer never lands on another page. */
  root: HTMLElement;
  /** The path's parameter (a reference), decoded. */
  param: string;
  url: URL;
  /** Goes to another page of the site (history entry unless `replace`). */
  navigate(href: string, options?: { replace?: boolean }): void;
  setTitle(title: string): void;
}

export type PageRender = (context: PageContext) => void | Promise<void>;

/** The page's heading: focus moves here after a navigation, so a screen reader starts at the top. */
export const pageHeading = (text: string) => h('h1', { tabindex: -1, class: 'page-heading' }, text);

export const loadingNotice = () => h('p', { class: 'loading', role: 'status' }, t('loading'));

/** A page whose data could not be loaded: says so plainly and offers to try again. */
export function loadFailed(retry: () => void): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    h('p', {}, t('error.load')),
    h('button', { type: 'button', class: 'button button-secondary', on: { click: retry } }, t('error.retry')),
  );
}

/** A definition list of label/value rows, skipping absent values. */
export function facts(rows: [string, string | Node | undefined][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.filter(([, value]) => value !== undefined && value !== '').map(([name, value]) => h('div', {}, h('dt', {}, name), h('dd', {}, value))),
  );
}
