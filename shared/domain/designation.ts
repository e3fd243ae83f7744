import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/**
 * The POC's confirmation of an action-plan commitment's designation (made with the member's
 * Multi-Stakeholder Forum). The POC receives a link signed with a server-side key; the signature
 * binds the reference, the address it was sent to and an expiry, so a link cannot be forged,
 * extended, moved to another submission, or lent to another address.
 */

/** How long a link works. A reminder carries a fresh link, so a POC is never left with only dead ones. */
export const DESIGNATION_LINK_DAYS = 30;
/** A reminder goes out when the last email about it is this old... */
export const DESIGNATION_REMINDER_INTERVAL_DAYS = 7;
/** ...at most this many times; after that the Support Unit follows up (it sees the list in the console). */
export const DESIGNATION_MAX_REMINDERS = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the submission records of its designation. */
export const designationSchema = z.object({
  /** When the POC was first asked (or, when confirmed at once, when it was submitted). */
  requestedAt: z.string(),
  remindersSent: z.number().int().min(0),
  lastRemindedAt: z.string().optional(),
  confirmed: z
    .object({
      at: z.string(),
      /** The POC's address. */
      by: z.string(),
      /** `link`: the POC confirmed from the email; `submitter-is-poc`: the POC submitted it. */
      via: z.enum(['link', 'submitter-is-poc']),
    })
    .optional(),
});
export type Designation = z.infer<typeof designationSchema>;

/** Whole seconds, as the signature carries it, so the email and the page state the same instant. */
export const linkExpiry = (now: Date, days = DESIGNATION_LINK_DAYS) => new Date(Math.floor((now.getTime() + days * DAY_MS) / 1000) * 1000);

function mac(key: Buffer, reference: string, recipient: string, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', key).update(`designation\n${reference}\n${recipient.toLowerCase()}\n${expiresAtSeconds}`).digest();
}

/** `<expiry in epoch seconds>.<recipient, base64url>.<HMAC-SHA256, base64url>`: opaque to its holder. */
export function signDesignationLink(reference: string, recipient: string, key: Buffer, expiresAt: Date): string {
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  return `${seconds}.${Buffer.from(recipient, 'utf8').toString('base64url')}.${mac(key, reference, recipient, seconds).toString('base64url')}`;
}

export type LinkCheck =
  | { valid: true; recipient: string; expiresAt: Date }
  | { valid: false; problem: 'link_invalid' | 'link_expired' };

const SIGNATURE_PATTERN = /^(\d{1,12})\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/;

/**
 * Checks a link's signature before its expiry, so a link whose expiry was edited is `link_invalid`
 * (tampered), and only a genuine but old link is `link_expired`.
 */
export function verifyDesignationLink(reference: string, signature: string | undefined, key: Buffer, now: Date): LinkCheck {
  const match = SIGNATURE_PATTERN.exec(signature ?? '');
  if (!match) return { valid: false, problem: 'link_invalid' };
  const [, secondsText = '', recipientText = '', macText = ''] = match;
  const seconds = Number(secondsText);
  const recipient = Buffer.from(recipientText, 'base64url').toString('utf8');
  // Compared in its canonical text: base64url leaves spare bits in the last character, and a
  // signature with other spare bits would decode to the same bytes yet be a different link.
  const expected = Buffer.from(mac(key, reference, recipient, seconds).toString('base64url'));
  const given = Buffer.from(macText);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, problem: 'link_invalid' };
  if (Buffer.from(recipientText, 'base64url').toString('base64url') !== recipientText) return { valid: false, problem: 'link_invalid' };
  const expiresAt = new Date(seconds * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { valid: false, problem: 'link_expired' };
  return { valid: true, recipient, expiresAt };
}

/** Whether an unconfirmed designation is owed a reminder now: a week after the last email, a few times at most. */
export function reminderDue(designation: Designation, now: Date): boolean {
  if (designation.confirmed || designation.remindersSent >= DESIGNATION_MAX_REMINDERS) return false;
  const last = new Date(designation.lastRemindedAt ?? designation.requestedAt).getTime();
  return now.getTime() - last >= DESIGNATION_REMINDER_INTERVAL_DAYS * DAY_MS;
}
