import * as z from 'zod';
import { LANGUAGES, type Language } from '../domain/language.ts';
import { TEMPLATE_NAMES, type TemplateData, type TemplateName } from './templates.ts';

/**
 * Transactional outbox: a write that owes emails puts one outbox item per recipient in the same
 * transaction as the change itself. The sort key is deterministic (`MAIL#<purpose>#<recipient>`), so a
 * retried write can never owe the same email twice, and the mailer marks each item sent.
 */
export const MAIL_PREFIX = 'MAIL#';

export interface Mail<Name extends TemplateName = TemplateName> {
  /** What the email is for, unique within its owner item (e.g. `receipt`, `outcome-2026-11`). */
  purpose: string;
  template: Name;
  to: string;
  language: Language;
  data: TemplateData<Name>;
}

export function outboxItem(ownerPk: string, mail: Mail, now: string): Record<string, unknown> {
  return {
    pk: ownerPk,
    sk: `${MAIL_PREFIX}${mail.purpose}#${mail.to.toLowerCase()}`,
    itemType: 'mail',
    template: mail.template,
    to: mail.to,
    language: mail.language,
    data: mail.data,
    state: 'pending',
    createdAt: now,
  };
}

export const outboxItemSchema = z.object({
  pk: z.string(),
  sk: z.string().startsWith(MAIL_PREFIX),
  itemType: z.literal('mail'),
  template: z.enum(TEMPLATE_NAMES),
  to: z.email(),
  language: z.enum(LANGUAGES),
  data: z.record(z.string(), z.unknown()),
  state: z.enum(['pending', 'sent', 'failed']),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;
