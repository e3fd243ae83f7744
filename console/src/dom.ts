/**
 * The few DOM helpers every screen uses. Nodes are built with text nodes only: submissions carry
 * people's text, and none of it may ever become markup.
 */

type Child = Node | string | number | null | undefined | false | readonly Child[];
type AttributeValue = string | number | boolean | null | undefined;
type Attributes = Record<string, AttributeValue | EventListener | Record<string, string>>;

/**
 * Builds an element. `attrs` are attributes (`class`, `for`, `aria-*`; `true` sets a boolean one),
 * except `on*` functions (listeners) and `dataset`. Strings among the children become text nodes.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset' && typeof value === 'object') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

export function append(node: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from index.html`);
  return node as T;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${DATE_TIME.format(date)} UTC`;
}

export function formatDate(iso: string | undefined | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE.format(date);
}

export function timeElement(iso: string | undefined | null): Node | string {
  return iso ? h('time', { datetime: iso }, formatDateTime(iso)) : '—';
}

export type BadgeKind = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'admin';

export function badge(label: string, kind: BadgeKind = 'neutral'): HTMLElement {
  return h('span', { class: `badge badge--${kind}` }, label);
}

/** A definition list from [term, value] pairs; pairs whose value is null are left out. */
export function facts(rows: readonly (readonly [string, Child] | null)[], className = 'facts'): HTMLElement {
  return h(
    'dl',
    { class: className },
    rows.flatMap((row) => (row && row[1] !== null && row[1] !== undefined ? [h('dt', {}, row[0]), h('dd', {}, row[1])] : [])),
  );
}

/** A polite announcement for screen readers, also shown as a banner. */
export function announce(message: string): void {
  const announcer = byId('announcer');
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers announce a repeated message too.
  setTimeout(() => (announcer.textContent = message), 50);
  showFlash(message, 'success');
}

export function showFlash(message: string, kind: 'error' | 'success' = 'error'): void {
  const flash = byId('flash');
  flash.className = `flash flash--${kind}`;
  // Successes are announced politely by #announcer; only errors interrupt.
  if (kind === 'error') flash.setAttribute('role', 'alert');
  else flash.removeAttribute('role');
  flash.replaceChildren(h('p', {}, message));
  flash.hidden = false;
}

export function clearFlash(): void {
  const flash = byId('flash');
  flash.hidden = true;
  flash.replaceChildren();
}

/** Only http(s) links become anchors; anything else stays text. */
export function externalLink(link: string): Node | string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return link;
  return h('a', { href: url.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, link);
}

/** Offers `text` as a file download (CSV exports). */
export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = h('a', { href: url, download: filename, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
