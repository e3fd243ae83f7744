import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';

/**
 * The console is one page over the addresses of shared/domain/page-urls.ts: links are ordinary
 * `<a href>`s (they open in a new tab, and a reload lands on the same screen, since the host
 * serves index.html for every console path), and same-page clicks become history entries.
 */

export type Screen =
  | { name: 'cycles' }
  | { name: 'cycle'; cycle: string }
  | { name: 'submission'; cycle: string; reference: string }
  | { name: 'summary'; cycle: string }
  | { name: 'members' }
  | { name: 'criteria' }
  | { name: 'designations' }
  | { name: 'stories' }
  | { name: 'suppressions' }
  | { name: 'not-found' };

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const FIXED: Readonly<Record<string, Screen>> = {
  [PAGE_PATHS.console]: { name: 'cycles' },
  [PAGE_PATHS.consoleMembers]: { name: 'members' },
  [PAGE_PATHS.consoleCriteria]: { name: 'criteria' },
  [PAGE_PATHS.consoleDesignations]: { name: 'designations' },
  [PAGE_PATHS.consoleStories]: { name: 'stories' },
  [PAGE_PATHS.consoleSuppressions]: { name: 'suppressions' },
};

export function screenOf(pathname: string): Screen {
  const path = pathname.length > PAGE_PATHS.console.length ? pathname.replace(/\/+$/, '') : pathname;
  const fixed = FIXED[path];
  if (fixed) return fixed;
  const [cycle, rest] = [/^\/console\/cycles\/([^/]+)/.exec(path)?.[1], path.replace(/^\/console\/cycles\/[^/]+/, '')];
  if (!cycle) return { name: 'not-found' };
  if (rest === '') return { name: 'cycle', cycle: decode(cycle) };
  if (rest === '/summary') return { name: 'summary', cycle: decode(cycle) };
  const reference = /^\/submissions\/([^/]+)$/.exec(rest)?.[1];
  return reference ? { name: 'submission', cycle: decode(cycle), reference: decode(reference) } : { name: 'not-found' };
}

type Listener = (screen: Screen, params: URLSearchParams, kind: 'navigation' | 'state') => void;
let listener: Listener = () => undefined;

function notify(kind: 'navigation' | 'state') {
  listener(screenOf(location.pathname), new URLSearchParams(location.search), kind);
}

/** Goes to a console address as a new history entry (or in place), and renders its screen. */
export function navigate(url: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify('navigation');
}

/** Rewrites the query string of the current screen (filters, sorting, paging) without a new entry. */
export function replaceQuery(params: URLSearchParams): void {
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

const isPlainClick = (event: MouseEvent) => event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

export function startRouter(onScreen: Listener): void {
  listener = onScreen;
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || !isPlainClick(event)) return;
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(PAGE_PATHS.console)) return;
    // A link to a place on this screen stays an ordinary fragment jump.
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    navigate(`${url.pathname}${url.search}`);
  });
  window.addEventListener('popstate', () => notify('navigation'));
  notify('navigation');
}
