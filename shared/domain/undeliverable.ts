import * as z from 'zod';
import { email } from './schemas.ts';

/**
 * Why mail to an address stopped: SES reported a permanent bounce (the mailbox does not exist or
 * refuses mail for good) or a complaint (the recipient marked our email as spam).
 */
export const UNDELIVERABLE_REASONS = ['bounce', 'complaint'] as const;
export type UndeliverableReason = (typeof UNDELIVERABLE_REASONS)[number];

/**
 * Set on a submission when mail it owed its submitter came back undeliverable: staff see that the
 * submitter has not heard from us (receipt, question or outcome) and must reach them another way.
 */
export const undeliverableSchema = z.object({
  /** The address as SES reported it, lower-cased. */
  address: z.string(),
  reason: z.enum(UNDELIVERABLE_REASONS),
  /** When SES reported it. */
  at: z.string(),
});
export type Undeliverable = z.infer<typeof undeliverableSchema>;

/**
 * An address no mail may go to any more, as stored and as the admins' API lists it: the report
 * that suppressed it, in SES's own words (`detail`: bounce type and diagnostic, or complaint type).
 */
export const suppressionSchema = undeliverableSchema.extend({ detail: z.string().optional() });
export type Suppression = z.infer<typeof suppressionSchema>;

/** An admin lifts the suppression of an address (`POST /v1/admin/suppressions/lift`). */
export const liftSuppressionRequestSchema = z.strictObject({ address: email });
