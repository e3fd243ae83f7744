import * as z from 'zod';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { AREA_IDS } from '../domain/areas.ts';
import { designationSchema } from '../domain/designation.ts';
import { REGIONS } from '../domain/members.ts';
import { LANGUAGES } from '../domain/language.ts';
import { COMMITMENT_STATUSES } from '../domain/schemas.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../domain/submission.ts';
import { outboxItem, type Mail } from '../mail/outbox.ts';
import { undeliverableSchema } from '../domain/undeliverable.ts';
import { dynamo } from './clients.ts';
import { create } from './expressions.ts';
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
  /** Mail to the submitter came back undeliverable (set by the SES events handler; see shared/mail/suppression.ts). */
  undeliverable: undeliverableSchema.optional(),
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

/**
 * Reserved blocks by counter: the table and the month. A block is only good for the table whose
 * counter reserved it (a process that points itself at other tables must not draw from it).
 */
const reservedBlocks = new Map<string, { next: number; last: number }>();
const reservations = new Map<string, Promise<void>>();

async function reserveBlock(table: string, month: string, counter: string): Promise<void> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: table,
      Key: keys.referenceCounter(month),
      UpdateExpression: 'ADD #value :block',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':block': SEQUENCE_BLOCK },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const last = Number(Attributes?.value);
  reservedBlocks.clear(); // blocks of earlier months (or other tables) are never needed again
  reservedBlocks.set(counter, { next: last - SEQUENCE_BLOCK + 1, last });
}

/**
 * Next number of the month's sequence. Numbers come from blocks reserved with an atomic counter, so
 * no two requests anywhere ever get the same number; the price is gaps (a block's unused numbers
 * when a function instance retires), which a reference never promised not to have.
 */
export async function nextSequence(month: string): Promise<number> {
  const table = submissionsTable();
  const counter = `${table}|${month}`;
  for (;;) {
    const block = reservedBlocks.get(counter);
    if (block && block.next <= block.last) return block.next++;
    let reservation = reservations.get(counter);
    if (!reservation) {
      reservation = reserveBlock(table, month, counter).finally(() => reservations.delete(counter));
      reservations.set(counter, reservation);
    }
    await reservation;
  }
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;
export type TransactItem = TransactItems[number];

/** Runs a transaction; a failed condition is an answer (`failed`: the positions of the members whose condition failed), every other error is thrown. */
async function transactionOutcome(items: TransactItems): Promise<{ ok: true } | { ok: false; failed: number[] }> {
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    if (error instanceof TransactionCanceledException || (error as Error).name === 'TransactionCanceledException') {
      const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
      const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (failed.length > 0) return { ok: false, failed };
    }
    throw error;
  }
}

/**
 * Runs a transaction whose conditions name the state it starts from: `ok: false` when one of them
 * failed — someone else got there first (a 409, or an idempotent replay) — rather than a real failure.
 */
export async function transact(items: TransactItems): Promise<{ ok: boolean }> {
  return { ok: (await transactionOutcome(items)).ok };
}

/**
 * A transaction whose members that callers need to tell apart are named: a failure says which
 * named members failed their condition, by name, so the list can change without breaking anyone.
 */
export async function transactNamed<Name extends string>(
  members: Partial<Record<Name, TransactItem>>,
  rest: readonly TransactItem[] = [],
): Promise<{ ok: true } | { ok: false; failed: Name[] }> {
  const named = Object.entries(members).flatMap(([name, member]) => (member ? [{ name: name as Name, member: member as TransactItem }] : []));
  const result = await transactionOutcome([...named.map(({ member }) => member), ...rest]);
  if (result.ok) return result;
  return { ok: false, failed: named.filter((_, index) => result.failed.includes(index)).map(({ name }) => name) };
}

export interface IdempotencyRecord {
  recordId: string;
  fingerprint: string;
  reference: string;
  sealedToken: string;
  /** Epoch seconds; an expired record may be taken over by a new post with the same key. */
  expiresAt: number;
  status: SubmissionStatus;
}

/**
 * Intake's one write: the new submission, its idempotency record (when the post had a key) and
 * every email it owes, in one transaction — so nothing of it exists until all of it does.
 * `failed: ['idempotency']` means a concurrent post with the same key stored its submission first.
 */
export function storeNewSubmission(input: { submission: { pk: string } & Record<string, unknown>; idempotency?: IdempotencyRecord; mails: readonly Mail[]; at: string; nowSeconds: number }) {
  const { submission, idempotency, at } = input;
  const table = submissionsTable();
  return transactNamed<'submission' | 'idempotency'>(
    {
      submission: create(table, submission),
      ...(idempotency
        ? {
            idempotency: {
              Put: {
                TableName: table,
                Item: { ...keys.idempotency(idempotency.recordId), itemType: 'idempotency', ...withoutRecordId(idempotency) },
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                ExpressionAttributeValues: { ':now': input.nowSeconds },
              },
            },
          }
        : {}),
    },
    input.mails.map((mail) => create(table, outboxItem(submission.pk, mail, at))),
  );
}

const withoutRecordId = ({ recordId: _recordId, ...record }: IdempotencyRecord) => record;
