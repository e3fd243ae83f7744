import { AppError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { message } from '../domain/messages.ts';
import type { StaffUser } from './auth.ts';

/** Who acts, for the audit log. Staff routes always have a user (the stack checked the token). */
export function actorOf(staff: StaffUser | undefined): string {
  if (!staff) throw new AppError('unauthorized', { key: 'signInRequired' });
  return staff.email;
}

/**
 * The version a reviewer read, from `If-Match` (`"3"`, `W/"3"` or `3`), so a decision made on a
 * stale reading is refused; absent, the version current at the time of the write is used.
 */
export function versionFromIfMatch(header: string | undefined, language: Language): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new AppError('validation_failed', message('validationFailed', language), [{ path: 'headers.If-Match', message: message('ifMatch', language) }]);
  }
  return Number(match[1]);
}

/** `If-Match` where an edit must say which version it read (the registry's members). */
export function requiredVersionFromIfMatch(header: string | undefined, language: Language): number {
  const version = versionFromIfMatch(header, language);
  if (version === undefined) {
    throw new AppError('validation_failed', message('validationFailed', language), [{ path: 'headers.If-Match', message: message('ifMatch', language) }]);
  }
  return version;
}
