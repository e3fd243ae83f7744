import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { keys } from './keys.ts';
import { queryAll } from './reads.ts';
import { reviewTable } from './tables-runtime.ts';

/** Who did something: a staff member's email, `submitter`, or `system` for the workflow. */
export interface AuditEntry {
  actor: string;
  action: string;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

/**
 * An append-only audit entry, as a transaction item: it is written in the same transaction as
 * the change it records (the create condition means an entry is never overwritten).
 */
export function auditPut(subject: string, entry: AuditEntry, at: string) {
  return {
    Put: {
      TableName: reviewTable(),
      Item: { ...keys.audit(subject, at, randomUUID()), itemType: 'audit', subject, at, ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export const auditRecordSchema = z.object({
  subject: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** The whole trail of a subject, oldest first (paged through, however long it grows). */
export async function readAuditTrail(subject: string): Promise<AuditRecord[]> {
  const items = await queryAll({
    TableName: reviewTable(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.audit(subject, '', '').pk },
  });
  return items.map((item) => auditRecordSchema.parse(item));
}
