/** OGP's working languages: every user-facing text exists in each. */
export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Localized = Record<Language, string>;

/** Picks the best supported language from an Accept-Language header or an explicit choice. */
export function negotiateLanguage(...candidates: (string | undefined | null)[]): Language {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const part of candidate.split(',')) {
      const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
      if (tag && (LANGUAGES as readonly string[]).includes(tag)) return tag as Language;
    }
  }
  return 'en';
}
