import { LANGUAGES, type Language, type Localized } from '../../../shared/domain/language.ts';
import { CATALOG, type MessageId } from './catalog.ts';

/**
 * The reader's language: their earlier choice (localStorage), else the first of the browser's
 * languages the site speaks, else English. Every page renders through `t()` and re-renders when
 * the language changes.
 */
const STORAGE_KEY = 'ogc.language';

const isLanguage = (value: string | null | undefined): value is Language => (LANGUAGES as readonly (string | null | undefined)[]).includes(value);

function storedLanguage(): Language | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    // Storage can be disabled (private modes, strict settings): the choice then lasts for the visit.
    return undefined;
  }
}

function browserLanguage(): Language | undefined {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.slice(0, 2).toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return undefined;
}

let current: Language = storedLanguage() ?? browserLanguage() ?? 'en';

export const language = (): Language => current;

export function setLanguage(next: Language): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // See storedLanguage.
  }
  document.documentElement.lang = next;
}

/** A catalog message in the reader's language, with `{name}` placeholders filled in. */
export function t(id: MessageId, params: Record<string, string | number> = {}): string {
  return CATALOG[id][current].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A label from a shared catalog (`shared/domain/labels.ts`), by enum id. */
export function label<Id extends string>(labels: Record<Id, Localized>, id: Id): string {
  return labels[id][current];
}

/** OGP writes English dates the British way: "2 December 2026". */
const locale = () => (current === 'en' ? 'en-GB' : current);

/** "2 December 2026", "2 décembre 2026", "2 de diciembre de 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** "November 2026" for a cycle `2026-11`. */
export function formatMonth(cycle: string): string {
  const date = new Date(`${cycle}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return cycle;
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}
