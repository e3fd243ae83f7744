/**
 * Building DOM nodes from data. Text goes in as text nodes (`textContent`), never as markup, so
 * nothing a submitter or the API wrote can become HTML.
 */
type Child = Node | string | number | null | undefined | false;
type Events = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
type AttributeValue = string | number | boolean | null | undefined;
/** Attributes by name (`false`, null and undefined leave one out; `true` sets it empty), and `on` for listeners. */
type Attributes = { [name: string]: AttributeValue | Events; on?: Events };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { on, ...rest } = attributes;
  for (const [name, value] of Object.entries(rest)) {
    if (value === null || value === undefined || value === false || typeof value === 'object') continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(on ?? {})) element.addEventListener(type, listener as EventListener);
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/** Multi-line text as paragraphs, as it was typed. */
export function paragraphs(text: string, className?: string): HTMLElement[] {
  return text
    .split(/\n{2,}|\r\n\r\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const lines = part.split(/\r?\n/);
      return h('p', { class: className }, ...lines.flatMap((line, index) => (index === 0 ? [line] : [h('br'), line])));
    });
}

/** A stable, unique id for elements that label or describe each other. */
let counter = 0;
export const uniqueId = (prefix: string) => `${prefix}-${++counter}`;

/** Several nodes as one (for `replaceWith`, `append`), skipping absent ones. */
export function fragment(...children: (Child | Child[])[]): DocumentFragment {
  const result = document.createDocumentFragment();
  append(result, ...children);
  return result;
}
