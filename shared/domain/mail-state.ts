/**
 * The lifecycle of one owed email (an outbox item).
 *
 * - `pending`: owed, not yet handed to SES.
 * - `sending`: claimed by a mailer, which is calling SES. SES has no idempotency key, so an item
 *   found in this state by anyone but its claimer is never sent again: its claimer stopped (a
 *   crash, a timeout, a SIGKILL) at a moment when SES may or may not have accepted it.
 * - `sent`: SES accepted it; the item keeps SES's message id.
 * - `failed`: never sent, or sent with an unknown outcome, with the reason: refused by SES for
 *   good, a suppressed recipient, an unrenderable item, or an interrupted send.
 *
 * This trades a possible duplicate for a recorded possible loss: every email goes out at most
 * once, and one whose fate is unknown says so instead of staying silent.
 */
export const MAIL_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type MailState = (typeof MAIL_STATES)[number];

/** Where each state may go. `sending` goes back to `pending` only when SES answered that it did not send (throttling, its own error). */
export const MAIL_TRANSITIONS: Readonly<Record<MailState, readonly MailState[]>> = {
  pending: ['sending', 'failed'],
  sending: ['sent', 'failed', 'pending'],
  sent: [],
  failed: [],
};

export function canMoveMail(from: MailState, to: MailState): boolean {
  return MAIL_TRANSITIONS[from].includes(to);
}

/** Sent or failed: a state nothing moves the email out of again. */
export const isSettledMail = (state: MailState): boolean => MAIL_TRANSITIONS[state].length === 0;

/** The reason an interrupted send is marked failed with (its first word is what reports group by). */
export const INTERRUPTED_SEND_REASON =
  'InterruptedSend: the mailer stopped while SES was being asked to send this email, so it may or may not have been delivered; it is not sent again';
