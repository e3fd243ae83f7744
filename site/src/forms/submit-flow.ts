import { AppError } from '../../../shared/domain/errors.ts';
import { ApiError, NetworkError } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { FieldError, FormKit } from './form-kit.ts';

/**
 * What every form of the site does when it is sent: check it in the browser with the shared
 * schema, send it once (a double click or an impatient Enter does not send it twice), and show
 * what went wrong at the fields, or in one sentence for the whole form. The reader's answers stay
 * in the form whatever happens.
 */

export interface FormState {
  errors: FieldError[];
  /** Client errors are recomputed in the new language when the language changes; the API's are kept. */
  errorsFromClient: boolean;
  notice?: string;
  busy: boolean;
}

export const newFormErrors = (): FormState => ({ errors: [], errorsFromClient: false, busy: false });

/** A fresh Idempotency-Key: one per filled form, reused by every retry of that form. */
export const newIdempotencyKey = () => crypto.randomUUID();

export type Validation<Request> = { request: Request; errors: [] } | { request?: undefined; errors: FieldError[] };

/** Runs a shared-schema parse (`parseOrThrow`) and turns its `validation_failed` into field errors. */
export function validateWith<Request>(parse: () => Request): Validation<Request> {
  try {
    return { request: parse(), errors: [] };
  } catch (error) {
    if (error instanceof AppError) return { errors: error.fields ?? [] };
    throw error;
  }
}

export function describeFailure(error: unknown): { fields: FieldError[]; notice?: string } {
  if (error instanceof NetworkError) return { fields: [], notice: t('form.networkError') };
  if (error instanceof ApiError) {
    if (error.fields.length > 0) return { fields: error.fields };
    if (error.code === 'idempotency_key_reused') return { fields: [], notice: t('form.alreadySent') };
    // The API words its 4xx messages in the language the request asked for.
    if (error.status < 500 && error.code !== 'unexpected_answer') return { fields: [], notice: error.message };
  }
  return { fields: [], notice: t('form.serverError') };
}

/** Shows the errors a redrawn form had, in the current language when they came from the browser. */
export function restoreErrors<Request>(kit: FormKit, state: FormState, validate: () => Validation<Request>): void {
  if (state.errorsFromClient && state.errors.length > 0) state.errors = validate().errors;
  if (state.errors.length > 0 || state.notice) kit.showErrors(state.errors, { focus: false, ...(state.notice ? { notice: state.notice } : {}) });
}

export function wireSubmit<Request>(options: {
  form: HTMLFormElement;
  kit: FormKit;
  state: FormState;
  button: HTMLButtonElement;
  label: string;
  validate: () => Validation<Request>;
  /** Sends a request the shared schema accepted; throws the API's error when it is refused. */
  send: (request: Request) => Promise<void>;
}): void {
  const { form, kit, state, button, label } = options;
  const busy = (on: boolean) => {
    state.busy = on;
    // aria-disabled rather than disabled: the button keeps focus, and a screen reader hears why.
    if (on) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
    button.textContent = on ? t('form.sending') : label;
  };
  if (state.busy) busy(true);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (state.busy) return;
    const { request, errors } = options.validate();
    if (request === undefined) {
      Object.assign(state, { errors, errorsFromClient: true, notice: undefined });
      kit.showErrors(errors);
      return;
    }
    busy(true);
    options.send(request).then(
      () => {
        Object.assign(state, { errors: [], notice: undefined, busy: false });
      },
      (error: unknown) => {
        busy(false);
        const failure = describeFailure(error);
        Object.assign(state, { errors: failure.fields, errorsFromClient: false, notice: failure.notice });
        kit.showErrors(failure.fields, { focus: true, ...(failure.notice ? { notice: failure.notice } : {}) });
      },
    );
  });
}
