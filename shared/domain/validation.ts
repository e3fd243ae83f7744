import type { z } from 'zod';
import en from 'zod/v4/locales/en.js';
import es from 'zod/v4/locales/es.js';
import fr from 'zod/v4/locales/fr.js';
import { AppError, type FieldError } from './errors.ts';
import type { Language } from './language.ts';
import { PATTERN_MESSAGES } from './schemas.ts';
import { MESSAGES, message, type MessageKey } from './messages.ts';

// Only our three languages: importing `z.locales` would bundle every locale zod ships (~260 KB).
const zodLocales = { en: en(), fr: fr(), es: es() };

function errorMap(language: Language): z.core.$ZodErrorMap {
  return (issue) => {
    const key = (issue as { params?: { key?: string } }).params?.key;
    if (key && key in MESSAGES) return message(key as MessageKey, language);
    const patternKey = issue.code === 'invalid_format' && 'pattern' in issue ? PATTERN_MESSAGES.get(String(issue.pattern)) : undefined;
    if (patternKey) return message(patternKey, language);
    return zodLocales[language].localeError(issue);
  };
}

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

export function toFieldErrors(issues: readonly z.core.$ZodIssue[], language: Language): FieldError[] {
  return issues.flatMap((issue) => {
    // One entry per unknown key, so the path names the offending field itself.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: message('unknownField', language) }));
    }
    return [{ path: pathOf(issue.path), message: issue.message }];
  });
}

/** Parses with messages in the caller's language; throws `validation_failed` with every field path. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown, language: Language): z.output<Schema> {
  const result = schema.safeParse(input, { error: errorMap(language) });
  if (result.success) return result.data;
  throw new AppError('validation_failed', message('validationFailed', language), toFieldErrors(result.error.issues, language));
}
