import * as z from 'zod';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { AREA_IDS } from '../domain/areas.ts';
import { designationSchema } from '../domain/designation.ts';
import { REGIONS } from '../domain/members.ts';
import { LANGUAGES } from '../domain/language.ts';
import { COMMITMENT_STATUSES } from '../domain/schemas.ts';
import { SUBMISSION_STATUSES } from '../domain/submission.ts';
import { dynamo } from './clients.ts';
import { keys } from './keys.ts';
import { submissionsTable } from './tables-runtime.ts';

export const submissionItemSchema = z.object({
  reference: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  statusKey: z.string(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  channel: z.enum(['standalone', 'action-plan']),
  language: z.enum(LANGUAGES),
  tokenHash: z.string(),
  /** Hashes of the status tokens minted for outcome emails (a string set), accepted like the receipt's. */
  outcomeTokenHashes: z.set(z.string()).optional(),
  version: z.number().int(),
  area: z.enum(AREA_IDS),
  member: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['national', 'local']),
    country: z.string(),
    region: z.enum(REGIONS),
  }),
  place: z.string(),
  publicLevel: z.enum(['National', 'Local', 'Local (non-member)']),
  /** The request as validated at intake (contact details included: never served publicly). */
  request: z.record(z.string(), z.unknown()),
  cycle: z.string().optional(),
  commitmentStatus: z.enum(COMMITMENT_STATUSES).optional(),
  screening: z.unknown().optional(),
  outcome: z.unknown().optional(),
  question: z.string().optional(),
  answer: z.string().optional(),
  answeredAt: z.string().optional(),
  /** Callback token of the open decision task while the submission waits for a reviewer. */
  decisionTaskToken: z.string().optional(),
  /** Whether intake could write to a POC of the member (false: the member has no reachable contact). */
  pocInformed: z.boolean().optional(),
  /** Action-plan commitments: the POC's confirmation of the designation, and the reminders sent for it. */
  designation: designationSchema.optional(),
});
export type SubmissionItem = z.infer<typeof submissionItemSchema>;

export async function getSubmission(reference: string, consistent = false): Promise<SubmissionItem | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: submissionsTable(), Key: keys.submission(reference), ConsistentRead: consistent }),
  );
  return Item ? submissionItemSchema.parse(Item) : undefined;
}

/** How many numbers one reservation takes: a warm function draws most references without a write. */
const SEQUENCE_BLOCK = 10;

const reservedBlocks = new Map<string, { next: number; last: number }>();
const reservations = new Map<string, Promise<void>>();

async function reserveBlock(month: string): Promise<void> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: submissionsTable(),
      Key: keys.referenceCounter(month),
      UpdateExpression: 'ADD #value :block',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':block': SEQUENCE_BLOCK },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const last = Number(Attributes?.value);
  reservedBlocks.clear(); // blocks of earlier months are never needed again
  reservedBlocks.set(month, { next: last - SEQUENCE_BLOCK + 1, last });
}

/**
 * Next number of the month's sequence. Numbers come from blocks reserved with an atomic counter, so
 * no two requests anywhere ever get the same number; the price is gaps (a block's unused numbers
 * when a function instance retires), which a reference never promised not to have.
 */
export async function nextSequence(month: string): Promise<number> {
  for (;;) {
    const block = reservedBlocks.get(month);
    if (block && block.next <= block.last) return block.next++;
    let reservation = reservations.get(month);
    if (!reservation) {
      reservation = reserveBlock(month).finally(() => reservations.delete(month));
      reservations.set(month, reservation);
    }
    await reservation;
  }
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/**
 * Runs a transaction and reports which of its items failed a condition, by index, so callers can
 * tell "someone else got there first" (a 409, or an idempotent replay) from a real failure.
 */
export async function transact(items: TransactItems): Promise<{ ok: true } | { ok: false; failedConditions: number[] }> {
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    if (error instanceof TransactionCanceledException || (error as Error).name === 'TransactionCanceledException') {
      const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
      const failedConditions = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (failedConditions.length > 0) return { ok: false, failedConditions };
    }
    throw error;
  }
}
