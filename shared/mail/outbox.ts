import * as z from 'zod';
import { ATTR } from '../config/constants.ts';
import { LANGUAGES, type Language } from '../domain/language.ts';
import { MAIL_STATES } from '../domain/mail-state.ts';
import { queuePartition } from '../store/queues.ts';
import { TEMPLATE_NAMES, type TemplateData, type TemplateName } from './templates.ts';

/**
 * Transactional outbox: a write that owes emails puts one outbox item per recipient in the same
 * transaction as the change itself. The sort key is deterministic (`MAIL#<purpose>#<recipient>`), so a
 * retried write can never owe the same email twice, and the mailer marks each item sent.
 */
export const MAIL_PREFIX = 'MAIL#';

/**
 * While an item is pending it also sits in the tables' queue index (`outbox-pending`, sharded: a
 * campaign writes thousands at once), keyed by its creation instant: the mail sweeper finds the
 * items left pending (a stream record lost or expired) or left mid-send with a Query per shard and
 * never Scans. Settling the item (sent or failed) removes the index attributes, so the index holds
 * only what is still owed or in doubt.
 */
export const pendingMailKey = (createdAt: string, pk: string, sk: string) => `${createdAt}#${pk}#${sk}`;
/** Attributes an outbox item loses once it is settled (sent or failed); `status` marked pending mail before the queue was sharded. */
export const PENDING_INDEX_ATTRIBUTES = [ATTR.queue, ATTR.statusKey, ATTR.status] as const;

/** SES message tags the mailer sets, read back from SES's bounce and complaint events. */
export const MAIL_TAGS = {
  /** The reference of the submission that owed the email. */
  submission: 'submission',
} as const;

export interface Mail<Name extends TemplateName = TemplateName> {
  /** What the email is for, unique within its owner item (e.g. `receipt`, `outcome-2026-11`). */
  purpose: string;
  template: Name;
  to: string;
  language: Language;
  data: TemplateData<Name>;
}

export function outboxItem(ownerPk: string, mail: Mail, now: string): Record<string, unknown> {
  const sk = `${MAIL_PREFIX}${mail.purpose}#${mail.to.toLowerCase()}`;
  return {
    pk: ownerPk,
    sk,
    [ATTR.queue]: queuePartition('outbox-pending', `${ownerPk}#${sk}`),
    [ATTR.statusKey]: pendingMailKey(now, ownerPk, sk),
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
  state: z.enum(MAIL_STATES),
  createdAt: z.string().optional(),
  /** When a mailer claimed it for sending (while `sending`). */
  sendingAt: z.string().optional(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;
