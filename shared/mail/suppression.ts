import * as z from 'zod';
import { memberChanges, type Member } from '../domain/members.ts';
import { logger } from '../http/logger.ts';
import { getMember, readMembers, replaceMember } from '../store/registry.ts';
import { normalizeAddress, putSuppression, type Suppression, type SuppressionReason } from '../store/suppressions.ts';

/**
 * Bounces and complaints, as SES publishes them through the configuration set's event destination
 * (`eventType`) or an identity's notifications (`notificationType`). Only the fields acted on are
 * read; SES adds others freely.
 */
const recipientSchema = z.object({ emailAddress: z.string().min(1), diagnosticCode: z.string().optional() });

const bounceSchema = z.object({
  /** `Permanent`, `Transient` or `Undetermined`: only a permanent bounce says the address is gone. */
  bounceType: z.string(),
  bounceSubType: z.string().optional(),
  bouncedRecipients: z.array(recipientSchema).min(1),
  timestamp: z.string(),
});

const complaintSchema = z.object({
  complainedRecipients: z.array(recipientSchema).min(1),
  complaintFeedbackType: z.string().optional(),
  timestamp: z.string(),
});

export const sesEventSchema = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    bounce: bounceSchema.optional(),
    complaint: complaintSchema.optional(),
    mail: z.object({ messageId: z.string() }).optional(),
  })
  .transform(({ eventType, notificationType, ...rest }) => ({ type: eventType ?? notificationType, ...rest }));
export type SesEvent = z.infer<typeof sesEventSchema>;

/** What an SES event means for future mail: the addresses to suppress, if any. */
export function suppressionsIn(event: SesEvent): Suppression[] {
  if (event.type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    const { bounceType, bounceSubType, timestamp } = event.bounce;
    return event.bounce.bouncedRecipients.map((recipient): Suppression => ({
      address: normalizeAddress(recipient.emailAddress),
      reason: 'bounce',
      at: timestamp,
      detail: [`${bounceType}/${bounceSubType ?? 'General'}`, recipient.diagnosticCode].filter(Boolean).join(': ').slice(0, 500),
    }));
  }
  if (event.type === 'Complaint' && event.complaint) {
    const { complaintFeedbackType, timestamp } = event.complaint;
    return event.complaint.complainedRecipients.map((recipient): Suppression => ({
      address: normalizeAddress(recipient.emailAddress),
      reason: 'complaint',
      at: timestamp,
      ...(complaintFeedbackType ? { detail: complaintFeedbackType } : {}),
    }));
  }
  return [];
}

const MEMBER_WRITE_ATTEMPTS = 3;

/**
 * Marks a member's contacts at these addresses `undeliverable`, audited as the system's change.
 * The write is conditional on the version read, so an admin's concurrent edit is never
 * overwritten: the member is read again and the mark applied on top.
 */
async function markUndeliverable(member: Member, addresses: ReadonlySet<string>, reason: SuppressionReason, at: string): Promise<void> {
  let current: Member | undefined = member;
  for (let attempt = 0; current && attempt < MEMBER_WRITE_ATTEMPTS; attempt++) {
    const contacts = current.contacts.map((contact) =>
      addresses.has(normalizeAddress(contact.email)) && !contact.undeliverable ? { ...contact, undeliverable: true } : contact,
    );
    const next: Member = { ...current, contacts, version: current.version + 1 };
    const changes = memberChanges(current, next);
    if (!changes) return;
    const entry = { actor: 'system', action: 'contact-undeliverable', ...changes, detail: { version: next.version, reason } };
    if (await replaceMember(next, current.version, entry, at)) return;
    current = await getMember(current.id);
  }
  if (current) throw new Error(`Member ${member.id} kept changing; its contact could not be marked undeliverable`);
}

/**
 * Records what SES reported: each address is suppressed (the mailer sends nothing more to it), and
 * any member POC contact at that address is marked undeliverable, for the console to show.
 */
export async function recordSesEvent(event: SesEvent, now = new Date()): Promise<Suppression[]> {
  const suppressions = suppressionsIn(event);
  const [first] = suppressions;
  if (!first) return [];
  for (const suppression of suppressions) await putSuppression(suppression);

  const addresses = new Set(suppressions.map((suppression) => suppression.address));
  // The registry is one small partition (a few hundred members): reading it whole is one Query.
  const members = (await readMembers()).filter((member) =>
    member.contacts.some((contact) => addresses.has(normalizeAddress(contact.email)) && !contact.undeliverable),
  );
  for (const member of members) await markUndeliverable(member, addresses, first.reason, now.toISOString());
  logger.warn('mail to these addresses is now suppressed', { reason: first.reason, recipients: suppressions.length, members: members.map((member) => member.id) });
  return suppressions;
}
