import type { FieldError } from '../../shared/domain/errors.ts';
import { h } from './dom.ts';
import { asSentence } from './text.ts';

/**
 * Errors shown the GOV.UK way: a summary at the top of the form that links to each field, and the
 * same sentence at the field itself (its slot `#<id>-error`), the controls marked `aria-invalid`.
 * `targetOf` maps an error path (`contacts.0.email`) to the id of the element that shows it.
 */

export function errorSlot(id: string): HTMLElement {
  return h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
}

export function errorSummary(id: string): HTMLElement {
  return h('div', { class: 'error-summary', id, tabindex: '-1', role: 'alert', hidden: true });
}

export function clearFieldErrors(form: HTMLElement, summary: HTMLElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('.field-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const node of form.querySelectorAll('.has-error')) node.classList.remove('has-error');
  summary.hidden = true;
  summary.replaceChildren();
}

export function showFieldErrors(
  form: HTMLElement,
  summary: HTMLElement,
  heading: string,
  fields: readonly FieldError[],
  targetOf: (path: string) => string | undefined,
): void {
  // The summary lists problems in the order of the form, as a reader meets them.
  const position = (field: FieldError) => {
    const target = targetOf(field.path);
    const node = target ? form.querySelector(`#${CSS.escape(target)}`) : null;
    return node ? [...form.querySelectorAll('[id]')].indexOf(node) : Number.MAX_SAFE_INTEGER;
  };
  const ordered = [...fields].sort((a, b) => position(a) - position(b));
  const items = ordered.map((field) => {
    const target = targetOf(field.path);
    const holder = target ? form.querySelector<HTMLElement>(`#${CSS.escape(target)}`) : null;
    const slot = target ? form.querySelector<HTMLElement>(`#${CSS.escape(`${target}-error`)}`) : null;
    const message = asSentence(field.message);
    if (!holder || !slot) return h('li', {}, message);
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    slot.hidden = false;
    (holder.closest('.field, fieldset') ?? holder).classList.add('has-error');
    const controls = holder.matches('input, select, textarea') ? [holder] : [...holder.querySelectorAll<HTMLElement>('input, select, textarea')];
    for (const control of controls) control.setAttribute('aria-invalid', 'true');
    const focus = (event: Event) => {
      event.preventDefault();
      controls[0]?.focus();
    };
    return h('li', {}, h('a', { href: `#${target}`, onclick: focus }, message));
  });
  summary.replaceChildren(h('h3', { class: 'error-summary__title' }, heading), h('ul', {}, items));
  summary.hidden = false;
  summary.focus();
}

export const problemsHeading = (count: number, what: string) => `There ${count === 1 ? 'is a problem' : `are ${count} problems`} with ${what}`;
