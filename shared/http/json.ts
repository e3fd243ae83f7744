import { AppError, type FieldError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { message } from '../domain/messages.ts';
import { hasBrokenCharacters } from '../domain/text.ts';

// Keys that would reach Object.prototype (or a constructor) if the parsed body were ever merged.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any request of the contract (a submission is four levels deep) by a wide margin. */
export const MAX_JSON_DEPTH = 32;

/** The body as JSON. The parser's own explanation is not passed on: it is the engine's English, not ours. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', { key: 'invalidJson' });
  }
}

/**
 * Checks a parsed body once, breadth-first with an explicit queue (never recursion, so no nesting
 * depth can overflow a stack): keys that could pollute prototypes, nesting deeper than
 * MAX_JSON_DEPTH, and keys or strings with broken characters are refused, each with its field path.
 */
export function checkJsonBody(parsed: unknown, language: Language): void {
  const fields = inspect(parsed, language);
  if (fields.length > 0) throw new AppError('validation_failed', { key: 'validationFailed' }, fields);
}

/** At most this many problems are reported: enough to fix a form, bounded for a hostile body. */
const MAX_REPORTED = 50;

function inspect(root: unknown, language: Language): FieldError[] {
  const fields: FieldError[] = [];
  const report = (path: readonly string[], key: Parameters<typeof message>[0]) => {
    if (fields.length < MAX_REPORTED) fields.push({ path: path.join('.'), message: message(key, language) });
  };
  const queue: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  for (let index = 0; index < queue.length && fields.length < MAX_REPORTED; index++) {
    const { value, path } = queue[index]!;
    if (typeof value === 'string') {
      if (hasBrokenCharacters(value)) report(path, 'brokenCharacters');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      report(path, 'tooDeep');
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (FORBIDDEN_KEYS.has(key)) report(childPath, 'forbiddenKey');
      else if (hasBrokenCharacters(key)) report(childPath, 'brokenCharacters');
      queue.push({ value: child, path: childPath });
    }
  }
  return fields;
}
