import type { Language } from './language.ts';
import { message, type DeferredMessage, type MessageKey } from './messages.ts';

/** Machine-readable error codes of the API's one error shape (SPEC §8). */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  link_invalid: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  review_started: 409,
  link_expired: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  too_many_requests: 429,
  internal: 500,
  gateway_timeout: 504,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** What a person reads for each code when the thrower gave no more precise message. */
const CODE_MESSAGES: Record<ErrorCode, MessageKey> = {
  validation_failed: 'validationFailed',
  invalid_json: 'invalidJson',
  unauthorized: 'signInRequired',
  forbidden: 'forbidden',
  link_invalid: 'linkInvalid',
  not_found: 'notFound',
  method_not_allowed: 'methodNotAllowed',
  conflict: 'conflict',
  review_started: 'conflict',
  link_expired: 'linkExpired',
  precondition_failed: 'conflict',
  payload_too_large: 'payloadTooLarge',
  unsupported_media_type: 'unsupportedMediaType',
  idempotency_key_reused: 'idempotencyKeyReused',
  too_many_requests: 'tooManyRequests',
  internal: 'internal',
  gateway_timeout: 'gatewayTimeout',
};

export interface FieldError {
  path: string;
  message: string;
}

/**
 * An expected failure with a code the client can act on. Domain and store code throw these;
 * the HTTP layer turns them into the error shape, so no handler builds an error response itself.
 *
 * The message is either a catalog message (`{ key, params }`), put into words in the language of
 * the request that met it, or a plain string. A plain string is English detail for staff and logs:
 * readers of another language get the code's own message instead, never English they did not ask for.
 */
export class AppError extends Error {
  readonly deferred: DeferredMessage | undefined;

  constructor(
    readonly code: ErrorCode,
    text: string | DeferredMessage,
    readonly fields?: FieldError[],
  ) {
    super(typeof text === 'string' ? text : message(text.key, 'en', text.params));
    this.name = 'AppError';
    this.deferred = typeof text === 'string' ? undefined : text;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The message for a reader of `language`. */
  messageIn(language: Language): string {
    if (this.deferred) return message(this.deferred.key, language, this.deferred.params);
    return language === 'en' ? this.message : message(CODE_MESSAGES[this.code], language);
  }
}

/** The message of an error code alone (for answers given before any handler runs). */
export const codeMessage = (code: ErrorCode, language: Language, params?: Parameters<typeof message>[2]) =>
  message(CODE_MESSAGES[code], language, params);
