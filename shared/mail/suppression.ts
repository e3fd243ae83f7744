import * as z from 'zod';
import { DeleteSuppressedDestinationCommand } from '@aws-sdk/client-sesv2';
import { config } from '../config/env.ts';
import { AppError } from '../domain/errors.ts';
import { memberChanges, type Contact, type Member } from '../domain/members.ts';
import type { Suppression, UndeliverableReason } from '../domain/undeliverable.ts';
import { logger } from '../http/logger.ts';
import { countEmailsBounced, countEmailsComplained } from '../observability/metrics.ts';
import { ses } from '../store/clients.ts';
import { changeMember } from '../registry/change-member.ts';
import { readMembers } from '../store/registry.ts';
import { getSubmission } from '../store/submissions.ts';
import {
  deleteSuppression,
  findSuppressions,
  markSubmissionUndeliverable,
  normalizeAddress,
  putSuppression,
} from '../store/suppressions.ts';
import { MAIL_TAGS } from './outbox.ts';

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
    /** `tags`: the message's tags, each name with its values (event publishing only). */
    mail: z.object({ messageId: z.string(), tags: z.record(z.string(), z.array(z.string())).optional() }).optional(),
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

/** Who changed a contact's mark, and why, for the member's audit trail. */
interface ContactMarkAudit {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

const withMark = (contact: Contact, undeliverable: boolean): Contact => {
  const { undeliverable: _previous, ...rest } = contact;
  return undeliverable ? { ...rest, undeliverable: true } : rest;
};

/**
 * Sets or clears the `undeliverable` mark of a member's contacts at these addresses, audited. The
 * write is conditional on the version read, so an admin's concurrent edit is never overwritten:
 * the member is read again and the mark applied on top.
 */
async function markContacts(member: Member, addresses: ReadonlySet<string>, undeliverable: boolean, audit: ContactMarkAudit, at: string): Promise<void> {
  await changeMember(
    member,
    (current) => {
      const contacts = current.contacts.map((contact) => (addresses.has(normalizeAddress(contact.email)) ? withMark(contact, undeliverable) : contact));
      const next: Member = { ...current, contacts, version: current.version + 1 };
      const changes = memberChanges(current, next);
      return changes && { member: next, expectedVersion: current.version, entry: { ...audit, ...changes, detail: { ...audit.detail, version: next.version } } };
    },
    at,
  );
}

/** Marks (or clears) every member contact at these addresses; returns the members changed (as they were). */
async function markContactsEverywhere(addresses: ReadonlySet<string>, undeliverable: boolean, audit: ContactMarkAudit, at: string): Promise<Member[]> {
  // The registry is one small partition (a few hundred members): reading it whole is one Query.
  const members = (await readMembers()).filter((member) =>
    member.contacts.some((contact) => addresses.has(normalizeAddress(contact.email)) && Boolean(contact.undeliverable) !== undeliverable),
  );
  for (const member of members) await markContacts(member, addresses, undeliverable, audit, at);
  return members;
}

const submitterSchema = z.object({ submitter: z.object({ email: z.string() }) });

/**
 * When the mail was a submission's (the mailer tags it with its reference) and the address that
 * failed is its submitter's, records it on the submission: staff then know the submitter never got
 * the receipt, question or outcome. A POC's bounce of that submission's notice is not the
 * submitter's: it marks the POC contact only.
 */
async function markSubmitter(event: SesEvent, suppressions: readonly Suppression[], at: string): Promise<string | undefined> {
  const reference = event.mail?.tags?.[MAIL_TAGS.submission]?.[0];
  if (!reference) return undefined;
  const submission = await getSubmission(reference, true);
  const submitter = submitterSchema.safeParse(submission?.request);
  if (!submission || !submitter.success) return undefined;
  const failed = suppressions.find((suppression) => suppression.address === normalizeAddress(submitter.data.submitter.email));
  if (!failed || submission.undeliverable) return undefined;
  await markSubmissionUndeliverable(reference, { address: failed.address, reason: failed.reason, at: failed.at }, at);
  return reference;
}

const COUNTERS: Record<UndeliverableReason, (count: number) => void> = { bounce: countEmailsBounced, complaint: countEmailsComplained };

/**
 * Records what SES reported: each address is suppressed (the mailer sends nothing more to it), any
 * member POC contact at that address is marked undeliverable, and the submission whose submitter it
 * was is marked too, for the console to show. Every step is idempotent: SNS and Lambda may deliver
 * an event more than once.
 */
export async function recordSesEvent(event: SesEvent, now = new Date()): Promise<Suppression[]> {
  const suppressions = suppressionsIn(event);
  const [first] = suppressions;
  if (!first) return [];
  for (const suppression of suppressions) await putSuppression(suppression);
  COUNTERS[first.reason](suppressions.length);

  const at = now.toISOString();
  const addresses = new Set(suppressions.map((suppression) => suppression.address));
  const members = await markContactsEverywhere(addresses, true, { actor: 'system', action: 'contact-undeliverable', detail: { reason: first.reason } }, at);
  const submission = await markSubmitter(event, suppressions, at);
  logger.warn('mail to these addresses is now suppressed', {
    reason: first.reason,
    recipients: suppressions.length,
    members: members.map((member) => member.id),
    ...(submission ? { reference: submission } : {}),
  });
  return suppressions;
}

// ---------------------------------------------------------------- the Support Unit's side

/**
 * The configuration set puts bounced and complaining addresses on the SES account's own suppression
 * list as well, where SES itself refuses to deliver to them: lifting ours alone would only bring
 * the next email back as a bounce. Without a configuration set (the local platform) there is no
 * such list. An address that is not on it is already what we want.
 */
async function liftAccountSuppression(address: string): Promise<void> {
  if (!config().SES_CONFIGURATION_SET) return;
  try {
    await ses().send(new DeleteSuppressedDestinationCommand({ EmailAddress: address }));
  } catch (error) {
    if ((error as Error).name !== 'NotFoundException') throw error;
  }
}

export interface LiftedSuppression {
  suppression: Suppression;
  liftedBy: string;
  liftedAt: string;
  /** Members whose point of contact at this address is no longer marked undeliverable. */
  members: { id: string; name: string }[];
}

/**
 * An admin lets mail go to a suppressed address again (the mailbox was fixed, the complaint was a
 * mistake). Audited under the address with who, when and why it had been suppressed; the member
 * contacts at it lose their undeliverable mark (audited on each member). The contacts are cleared
 * before the suppression is deleted, so a failure part-way leaves it listed, and lifting again
 * finishes the job.
 */
export async function liftSuppression(address: string, actor: string, now = new Date()): Promise<LiftedSuppression> {
  const normalized = normalizeAddress(address);
  const suppression = (await findSuppressions([normalized])).get(normalized);
  if (!suppression) throw new AppError('not_found', `Mail to ${normalized} is not suppressed`);
  const at = now.toISOString();
  await liftAccountSuppression(normalized);
  const members = await markContactsEverywhere(new Set([normalized]), false, { actor, action: 'contact-deliverable', detail: { reason: 'suppression-lifted' } }, at);
  const deleted = await deleteSuppression(normalized, { actor, action: 'suppression-lifted', before: suppression }, at);
  if (!deleted) throw new AppError('not_found', `Mail to ${normalized} is not suppressed`);
  logger.info('suppression lifted', { actor, reason: suppression.reason, members: members.map((member) => member.id) });
  return { suppression, liftedBy: actor, liftedAt: at, members: members.map(({ id, name }) => ({ id, name })) };
}
