import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

/**
 * Form fields after the GOV.UK Design System: a label, an optional hint, the error above the
 * control, and an error summary at the top linking to each field. Every control is registered
 * under the contract's field path (`milestones.0.dueDate`), so an error from the shared schema in
 * the browser, or from the API, lands on its field.
 */

export interface FieldError {
  path: string;
  message: string;
}

interface RegisteredField {
  label: string;
  /** The element focus goes to, and the summary links to. */
  target: HTMLElement;
  /** What gets the red bar and the message. */
  container: HTMLElement;
  errorSlot: HTMLElement;
  controls: HTMLElement[];
  /** Nothing entered or chosen yet: the error says so instead of quoting the validator. */
  isEmpty: () => boolean;
  emptyMessage: string;
}

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

interface Common {
  path: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

const labelText = (text: string, optional?: boolean) => (optional ? `${text} ${t('form.optional')}` : text);

export class FormKit {
  private readonly fields = new Map<string, RegisteredField>();
  readonly summary = h('div', { class: 'error-summary-slot' });

  constructor(private readonly prefix: string) {}

  /** The element id of a field path: `submit-milestones-0-dueDate`. */
  id(path: string): string {
    return `${this.prefix}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
  }

  private register(path: string, field: Omit<RegisteredField, 'errorSlot'>, errorSlot: HTMLElement): void {
    this.fields.set(path, { ...field, errorSlot });
  }

  private errorSlot(path: string): HTMLElement {
    return h('p', { class: 'field-error', id: `${this.id(path)}-error`, hidden: true });
  }

  private hint(path: string, hint: string | undefined): HTMLElement | null {
    return hint ? h('p', { class: 'hint', id: `${this.id(path)}-hint` }, hint) : null;
  }

  private describedBy(path: string, hint: string | undefined): string | undefined {
    return hint ? `${this.id(path)}-hint` : undefined;
  }

  text(
    options: Common & {
      value: string;
      onInput: (value: string) => void;
      type?: 'text' | 'email' | 'url' | 'date';
      multiline?: boolean;
      autocomplete?: string;
      rows?: number;
      inputMode?: string;
    },
  ): HTMLElement {
    const { path, label, hint, value, onInput } = options;
    const id = this.id(path);
    const control = options.multiline
      ? h('textarea', { id, name: path, rows: options.rows ?? 5, 'aria-describedby': this.describedBy(path, hint) })
      : h('input', {
          id,
          name: path,
          type: options.type ?? 'text',
          autocomplete: options.autocomplete,
          inputmode: options.inputMode,
          spellcheck: options.type === 'email' || options.type === 'url' ? 'false' : undefined,
          'aria-describedby': this.describedBy(path, hint),
        });
    control.value = value;
    control.addEventListener('input', () => onInput(control.value));
    const errorSlot = this.errorSlot(path);
    const container = h('div', { class: 'field' }, h('label', { class: 'label', for: id }, labelText(label, options.optional)), this.hint(path, hint), errorSlot, control);
    this.register(path, { label, target: control, container, controls: [control], isEmpty: () => control.value.trim() === '', emptyMessage: t('form.required') }, errorSlot);
    return container;
  }

  select(options: Common & { value: string; options: Option[]; onChange: (value: string) => void }): HTMLElement {
    const { path, label, hint, value, onChange } = options;
    const id = this.id(path);
    const control = h(
      'select',
      { id, name: path, 'aria-describedby': this.describedBy(path, hint) },
      h('option', { value: '' }, t('form.selectPlaceholder')),
      options.options.map((option) => h('option', { value: option.value, selected: option.value === value }, option.text)),
    );
    control.addEventListener('change', () => onChange(control.value));
    const errorSlot = this.errorSlot(path);
    const container = h('div', { class: 'field' }, h('label', { class: 'label', for: id }, labelText(label, options.optional)), this.hint(path, hint), errorSlot, control);
    this.register(path, { label, target: control, container, controls: [control], isEmpty: () => control.value === '', emptyMessage: t('form.choose') }, errorSlot);
    return container;
  }

  /** One choice among a few, as radios in a fieldset; `conditional` shows under the chosen option. */
  radios(
    options: Common & {
      value: string;
      options: Option[];
      onChange: (value: string) => void;
      inline?: boolean;
      conditional?: Partial<Record<string, HTMLElement>>;
    },
  ): HTMLElement {
    const { path, label, hint, value, onChange } = options;
    const inputs: HTMLInputElement[] = [];
    const items = options.options.map((option, index) => {
      const id = index === 0 ? this.id(path) : `${this.id(path)}-${index}`;
      const hintId = option.hint ? `${id}-item-hint` : undefined;
      const input = h('input', { type: 'radio', id, name: this.id(path), value: option.value, checked: option.value === value, 'aria-describedby': hintId });
      input.addEventListener('change', () => {
        if (input.checked) onChange(option.value);
      });
      inputs.push(input);
      const conditional = option.value === value ? options.conditional?.[option.value] : undefined;
      return [
        h('div', { class: 'choice' }, input, h('label', { for: id }, option.text, option.hint ? h('span', { class: 'hint', id: hintId }, option.hint) : null)),
        conditional ? h('div', { class: 'conditional' }, conditional) : null,
      ];
    });
    return this.group(path, label, hint, options.optional, options.inline, items.flat(), inputs, () => !inputs.some((input) => input.checked), t('form.choose'));
  }

  /** Several choices, as checkboxes in a fieldset. */
  checkboxes(options: Common & { values: readonly string[]; options: Option[]; onChange: (values: string[]) => void }): HTMLElement {
    const { path, label, hint, onChange } = options;
    const inputs: HTMLInputElement[] = [];
    const items = options.options.map((option, index) => {
      const id = index === 0 ? this.id(path) : `${this.id(path)}-${index}`;
      const input = h('input', { type: 'checkbox', id, name: this.id(path), value: option.value, checked: options.values.includes(option.value) });
      input.addEventListener('change', () => onChange(inputs.filter((candidate) => candidate.checked).map((candidate) => candidate.value)));
      inputs.push(input);
      return h('div', { class: 'choice' }, input, h('label', { for: id }, option.text));
    });
    return this.group(path, label, hint, options.optional, false, items, inputs, () => !inputs.some((input) => input.checked), t('form.choose'));
  }

  /** A single yes/no agreement (consent), as one checkbox. */
  checkbox(options: { path: string; label: string; checked: boolean; onChange: (checked: boolean) => void }): HTMLElement {
    const { path, label } = options;
    const id = this.id(path);
    const input = h('input', { type: 'checkbox', id, name: path, checked: options.checked });
    input.addEventListener('change', () => options.onChange(input.checked));
    const errorSlot = this.errorSlot(path);
    const container = h('div', { class: 'field' }, errorSlot, h('div', { class: 'choice' }, input, h('label', { for: id }, label)));
    this.register(path, { label, target: input, container, controls: [input], isEmpty: () => false, emptyMessage: t('form.required') }, errorSlot);
    return container;
  }

  private group(
    path: string,
    legend: string,
    hint: string | undefined,
    optional: boolean | undefined,
    inline: boolean | undefined,
    items: (HTMLElement | null)[],
    inputs: HTMLInputElement[],
    isEmpty: () => boolean,
    emptyMessage: string,
  ): HTMLElement {
    const errorSlot = this.errorSlot(path);
    const container = h(
      'fieldset',
      { class: 'field-group', 'aria-describedby': this.describedBy(path, hint) },
      h('legend', {}, labelText(legend, optional)),
      this.hint(path, hint),
      errorSlot,
      h('div', { class: inline ? 'choices-inline' : 'choices' }, items),
    );
    const target = inputs.find((input) => input.checked) ?? inputs[0] ?? container;
    this.register(path, { label: legend, target, container, controls: inputs, isEmpty, emptyMessage }, errorSlot);
    return container;
  }

  /**
   * Registers a control built elsewhere (the member search) under a path; the caller places the
   * returned error element where the message belongs.
   */
  custom(path: string, field: { label: string; target: HTMLElement; container: HTMLElement; isEmpty: () => boolean; emptyMessage: string }): HTMLElement {
    const errorSlot = this.errorSlot(path);
    this.register(path, { ...field, controls: [field.target] }, errorSlot);
    return errorSlot;
  }

  /** The field an error path belongs to: itself, or the nearest enclosing path that has a control. */
  private fieldFor(path: string): [string, RegisteredField] | undefined {
    const segments = path.split('.');
    for (let length = segments.length; length > 0; length--) {
      const candidate = segments.slice(0, length).join('.');
      const field = this.fields.get(candidate);
      if (field) return [candidate, field];
    }
    return undefined;
  }

  clearErrors(): void {
    this.summary.replaceChildren();
    for (const field of this.fields.values()) {
      field.errorSlot.hidden = true;
      field.errorSlot.replaceChildren();
      field.container.classList.remove('has-error');
      for (const control of field.controls) {
        control.removeAttribute('aria-invalid');
        const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== field.errorSlot.id);
        if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
        else control.removeAttribute('aria-describedby');
      }
    }
  }

  /**
   * Shows errors at their fields and in the summary, in the order of the form; `focus` moves focus
   * to the first field in error. `notice` is a message for the whole form (no field).
   */
  showErrors(errors: readonly FieldError[], options: { focus: boolean; notice?: string } = { focus: true }): void {
    this.clearErrors();
    const shown = new Map<string, { field: RegisteredField; message: string }>();
    const unplaced: string[] = [];
    for (const error of errors) {
      const found = this.fieldFor(error.path);
      if (!found) {
        unplaced.push(error.message);
        continue;
      }
      const [path, field] = found;
      if (shown.has(path)) continue;
      shown.set(path, { field, message: field.isEmpty() ? field.emptyMessage : error.message });
    }
    const ordered = [...shown.values()].sort((a, b) =>
      a.field.container.compareDocumentPosition(b.field.container) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    for (const { field, message } of ordered) {
      field.errorSlot.hidden = false;
      field.errorSlot.replaceChildren(message);
      field.container.classList.add('has-error');
      for (const control of field.controls) {
        control.setAttribute('aria-invalid', 'true');
        const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
        describedBy.add(field.errorSlot.id);
        control.setAttribute('aria-describedby', [...describedBy].join(' '));
      }
    }
    const notices = [...(options.notice ? [options.notice] : []), ...unplaced];
    if (ordered.length === 0 && notices.length === 0) return;
    this.summary.append(
      h(
        'div',
        { class: 'error-summary', role: 'alert', 'aria-labelledby': `${this.prefix}-error-summary-title` },
        h('h2', { id: `${this.prefix}-error-summary-title` }, t('form.errorSummary')),
        h(
          'ul',
          {},
          notices.map((notice) => h('li', {}, notice)),
          ordered.map(({ field, message }) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href: `#${field.target.id}`,
                  // The status page keeps its token in the fragment: following these links must not replace it.
                  on: {
                    click: (event) => {
                      event.preventDefault();
                      field.target.focus();
                      field.container.scrollIntoView({ block: 'center' });
                    },
                  },
                },
                t('form.summaryItem', { label: field.label, message }),
              ),
            ),
          ),
        ),
      ),
    );
    if (!options.focus) return;
    const first = ordered[0];
    if (first) {
      first.field.target.focus();
      first.field.container.scrollIntoView({ block: 'center' });
    } else {
      this.summary.querySelector<HTMLElement>('.error-summary')?.setAttribute('tabindex', '-1');
      this.summary.querySelector<HTMLElement>('.error-summary')?.focus();
    }
  }
}
