import type { z } from 'zod';
import type { Language } from '../domain/language.ts';
import type { ComposedMail } from './message.ts';

export interface MailTemplate<Data extends z.ZodType = z.ZodType> {
  /** Validates the outbox item's data when the mailer reads it back from the table. */
  data: Data;
  compose(data: z.output<Data>, language: Language): ComposedMail;
}

/** Declares a template with its data schema (keeps `compose`'s data typed by the schema). */
export const template = <Data extends z.ZodType>(definition: MailTemplate<Data>): MailTemplate<Data> => definition;

/** Picks the text of the recipient's language. */
export const inLanguage = (language: Language, text: Record<Language, string>) => text[language];
