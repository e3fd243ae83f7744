import type { z } from 'zod';
import type { Language } from '../domain/language.ts';
import type { ComposedMail } from './message.ts';

export interface MailTemplate<Data extends z.ZodType = z.ZodType> {
  /** Validates the outbox item's data when the mailer reads it back from the table. */
  data: Data;
  /**
   * Data fields that carry a live credential (a status token, a designation signature): the mailer
   * drops them from the outbox item once the email is sent, so the table keeps no usable link.
   */
  secrets?: readonly (keyof z.output<Data> & string)[];
  compose(data: z.output<Data>, language: Language): ComposedMail;
}

/** Declares a template with its data schema (keeps `compose`'s data typed by the schema). */
export const template = <Data extends z.ZodType>(definition: MailTemplate<Data>): MailTemplate<Data> => definition;

/** Picks the text of the recipient's language. */
export const inLanguage = (language: Language, text: Record<Language, string>) => text[language];

/** Wording every template shares, written once. */
export const greeting = (language: Language, name: string) => inLanguage(language, { en: `Dear ${name},`, fr: `Bonjour ${name},`, es: `Estimado/a ${name}:` });
export const referenceLabel = (language: Language) => inLanguage(language, { en: 'Reference', fr: 'Référence', es: 'Referencia' });
export const titleLabel = (language: Language) => inLanguage(language, { en: 'Title', fr: 'Titre', es: 'Título' });
export const areaLabel = (language: Language) => inLanguage(language, { en: 'Challenge area', fr: 'Domaine du Défi', es: 'Área del Desafío' });
