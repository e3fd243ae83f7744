import * as z from 'zod';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients.ts';
import { batchGet } from './reads.ts';
import { submissionsTable } from './tables-runtime.ts';

/**
 * Addresses no mail may go to any more: SES reported a permanent bounce or a complaint for them.
 * One item per lower-cased address in the submissions table, under its own partition prefix (see
 * `keys.ts`), so the mailer checks a whole batch's recipients with one BatchGetItem.
 */
export const SUPPRESSION_REASONS = ['bounce', 'complaint'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export const normalizeAddress = (address: string) => address.trim().toLowerCase();
export const suppressionKey = (address: string) => ({ pk: `SUPPRESSED#${normalizeAddress(address)}`, sk: 'SUPPRESSION' });

export const suppressionSchema = z.object({
  address: z.string(),
  reason: z.enum(SUPPRESSION_REASONS),
  /** When SES reported it. */
  at: z.string(),
  /** SES's own words (bounce type and diagnostic, or complaint feedback type), for the Support Unit. */
  detail: z.string().optional(),
});
export type Suppression = z.infer<typeof suppressionSchema>;

/** Records (or refreshes) a suppression: the latest report for an address wins. */
export async function putSuppression(suppression: Suppression): Promise<void> {
  const address = normalizeAddress(suppression.address);
  await dynamo().send(
    new PutCommand({ TableName: submissionsTable(), Item: { ...suppressionKey(address), itemType: 'suppression', ...suppression, address } }),
  );
}

/** The suppressions among some addresses, by lower-cased address. */
export async function findSuppressions(addresses: readonly string[]): Promise<Map<string, Suppression>> {
  if (addresses.length === 0) return new Map();
  const items = await batchGet(submissionsTable(), addresses.map(suppressionKey));
  return new Map(items.map((item) => suppressionSchema.parse(item)).map((suppression) => [suppression.address, suppression]));
}
