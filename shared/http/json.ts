import { AppError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { message } from '../domain/messages.ts';

// Keys that would reach Object.prototype (or a constructor) if the parsed body were ever merged.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses a JSON body, refusing prototype-pollution keys anywhere in it with the path where they sit.
 * JSON.parse itself defines `__proto__` as an own property, so the reviver sees it and can refuse.
 */
export function parseJsonBody(text: string, language: Language): unknown {
  const offending: string[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, function reviver(this: unknown, key: string, value: unknown) {
      if (FORBIDDEN_KEYS.has(key)) offending.push(key);
      return value;
    });
  } catch (error) {
    throw new AppError('invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (offending.length > 0) {
    const paths = findForbiddenPaths(parsed);
    throw new AppError(
      'validation_failed',
      message('validationFailed', language),
      paths.map((path) => ({ path, message: message('forbiddenKey', language) })),
    );
  }
  return parsed;
}

function findForbiddenPaths(value: unknown, prefix: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const path = [...prefix, key];
    const own = FORBIDDEN_KEYS.has(key) ? [path.join('.')] : [];
    return [...own, ...findForbiddenPaths((value as Record<string, unknown>)[key], path)];
  });
}
