import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { localDynamoClient, localTableName } from '../infra/local/dynamodb.ts';
import { sleep } from '../infra/local/processes.ts';
import { INTERRUPTED_SEND_REASON, isSettledMail } from '../shared/domain/mail-state.ts';
import { MAIL_PREFIX, outboxItemSchema } from '../shared/mail/outbox.ts';
import { keys } from '../shared/store/keys.ts';
import { SUBMISSIONS_TABLE, TABLES } from '../shared/store/tables.ts';
import type { Acknowledged } from './faults-load.ts';

/**
 * What the fault suite checks, read straight from DynamoDB Local and the SES emulator's store
 * (never through the code under test): every acknowledged submission with its data, each stored
 * once; every outbox item sent once (its message in the inbox, no second message) or failed with a
 * reason; nothing left pending.
 */

export interface IntakeVerdict {
  acknowledged: number;
  /** Acknowledged and stored with the data that was posted. */
  found: number;
  lost: string[];
  /** Stored, but not with the data posted under that reference. */
  altered: string[];
  /** Forms of the run stored more than once (a retry that made a second submission). */
  storedTwice: number;
  /** Forms of the run stored although nobody was told (a form given up, or refused after it was stored). */
  storedUnacknowledged: number;
}

export interface MailVerdict {
  /** Outbox items in the tables. */
  owed: number;
  sent: number;
  failed: number;
  pending: number;
  /** Failed items by reason (SES's error name, or `suppressed`). */
  failedBy: Record<string, number>;
  /** Failed items without a reason. */
  failedWithoutReason: number;
  /** Messages in the inbox. */
  messages: number;
  /** Sent items whose message is not in the inbox. */
  sentButMissing: number;
  /** Failed as interrupted: the mailer stopped while SES was being asked to send them, so they were not sent again. */
  interrupted: number;
  /** Of the interrupted ones, those SES had in fact delivered (a message to that recipient no sent item accounts for). */
  interruptedDelivered: number;
  /** Messages no outbox item accounts for: an email sent a second time (the item records only the last send). */
  duplicates: number;
  duplicateExamples: string[];
  /** Messages to an address whose mail SES was made to refuse (must be 0). */
  deliveredToRejected: number;
}

const submissionItemSchema = z.looseObject({
  pk: z.string(),
  sk: z.literal(keys.submission('').sk),
  request: z.looseObject({ title: z.string(), submitter: z.looseObject({ email: z.string() }) }),
});
const settledOutboxItemSchema = outboxItemSchema.extend({ messageId: z.string().optional(), failedReason: z.string().optional() });
const inboxSchema = z.object({
  emails: z.array(z.looseObject({ messageId: z.string(), destination: z.looseObject({ to: z.array(z.string()) }), subject: z.string() })),
});

export function storeReader(dynamoEndpoint: string, tablePrefix = 'ogc-') {
  const client = DynamoDBDocumentClient.from(localDynamoClient(dynamoEndpoint, tablePrefix));
  const outboxTables = TABLES.filter((table) => table.streamsOutbox).map((table) => localTableName(table, tablePrefix));
  const submissionsTable = localTableName(SUBMISSIONS_TABLE, tablePrefix);

  async function scan(table: string, filter: { expression: string; names: Record<string, string>; values: Record<string, unknown> }): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: filter.expression,
          ...(Object.keys(filter.names).length > 0 ? { ExpressionAttributeNames: filter.names } : {}),
          ExpressionAttributeValues: filter.values,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  const outboxItems = async () =>
    (await Promise.all(outboxTables.map((table) => scan(table, { expression: 'begins_with(sk, :mail)', names: {}, values: { ':mail': MAIL_PREFIX } }))))
      .flat()
      .map((item) => settledOutboxItemSchema.parse(item));

  return {
    /** Outbox items not settled yet (pending, or claimed mid-send), in every outbox table. */
    async pendingMail(): Promise<number> {
      return (await outboxItems()).filter((item) => !isSettledMail(item.state)).length;
    },

    async verifyIntake(acknowledged: readonly Acknowledged[], runId: string): Promise<IntakeVerdict> {
      const stored = (await scan(submissionsTable, { expression: 'sk = :submission AND contains(#request.title, :run)', names: { '#request': 'request' }, values: { ':submission': keys.submission('').sk, ':run': runId } })).map(
        (item) => submissionItemSchema.parse(item),
      );
      const byPk = new Map(stored.map((item) => [item.pk, item]));
      const titles = new Map<string, number>();
      for (const item of stored) titles.set(item.request.title, (titles.get(item.request.title) ?? 0) + 1);
      const acknowledgedTitles = new Set(acknowledged.map((submission) => submission.title));
      const verdict: IntakeVerdict = { acknowledged: acknowledged.length, found: 0, lost: [], altered: [], storedTwice: 0, storedUnacknowledged: 0 };
      for (const submission of acknowledged) {
        const item = byPk.get(keys.submission(submission.reference).pk);
        if (!item) verdict.lost.push(submission.reference);
        else if (item.request.title !== submission.title || item.request.submitter.email !== submission.email) verdict.altered.push(submission.reference);
        else verdict.found++;
      }
      verdict.storedTwice = [...titles.values()].filter((count) => count > 1).length;
      verdict.storedUnacknowledged = [...titles.keys()].filter((title) => !acknowledgedTitles.has(title)).length;
      return verdict;
    },

    async verifyMail(sesUrl: string, rejectPattern: RegExp): Promise<MailVerdict> {
      const [items, inbox] = await Promise.all([outboxItems(), fetch(`${sesUrl}/store`).then(async (response) => inboxSchema.parse(await response.json()))]);
      const byMessageId = new Map(inbox.emails.map((email) => [email.messageId, email]));
      const accountedFor = new Set<string>();
      const verdict: MailVerdict = {
        owed: items.length,
        sent: 0,
        failed: 0,
        pending: 0,
        failedBy: {},
        failedWithoutReason: 0,
        messages: inbox.emails.length,
        sentButMissing: 0,
        interrupted: 0,
        interruptedDelivered: 0,
        duplicates: 0,
        duplicateExamples: [],
        deliveredToRejected: inbox.emails.filter((email) => email.destination.to.some((to) => rejectPattern.test(to))).length,
      };
      // Recipients of interrupted sends: each may account for one message SES delivered before the kill.
      const inDoubt = new Map<string, number>();
      for (const item of items) {
        if (!isSettledMail(item.state)) verdict.pending++;
        else if (item.state === 'failed') {
          if (item.failedReason === INTERRUPTED_SEND_REASON) {
            verdict.interrupted++;
            inDoubt.set(item.to.toLowerCase(), (inDoubt.get(item.to.toLowerCase()) ?? 0) + 1);
          }
          verdict.failed++;
          if (!item.failedReason) verdict.failedWithoutReason++;
          const reason = item.failedReason?.split(':')[0] ?? 'none';
          verdict.failedBy[reason] = (verdict.failedBy[reason] ?? 0) + 1;
        } else {
          verdict.sent++;
          if (item.messageId && byMessageId.has(item.messageId)) accountedFor.add(item.messageId);
          else verdict.sentButMissing++;
        }
      }
      const extra = inbox.emails.filter((email) => {
        if (accountedFor.has(email.messageId)) return false;
        const to = email.destination.to[0]?.toLowerCase() ?? '';
        const doubtful = inDoubt.get(to) ?? 0;
        if (doubtful === 0) return true;
        inDoubt.set(to, doubtful - 1);
        verdict.interruptedDelivered++;
        return false;
      });
      verdict.duplicates = extra.length;
      verdict.duplicateExamples = extra.slice(0, 5).map((email) => `${email.destination.to.join(', ')}: ${email.subject}`);
      return verdict;
    },

    destroy: () => client.destroy(),
  };
}

export type StoreReader = ReturnType<typeof storeReader>;

/**
 * Waits for the stream mailer to empty the outbox: until nothing is pending, or nothing has moved for
 * `stallMs` (what is left then waits for the sweeper). Returns the seconds it took and what is left.
 */
export async function waitForOutbox(reader: StoreReader, stallMs = 20_000): Promise<{ seconds: number; pending: number }> {
  const started = Date.now();
  let pending = await reader.pendingMail();
  let lastChange = Date.now();
  while (pending > 0 && Date.now() - lastChange < stallMs) {
    await sleep(500);
    const now = await reader.pendingMail();
    if (now !== pending) lastChange = Date.now();
    pending = now;
  }
  return { seconds: ((pending === 0 ? Date.now() : lastChange) - started) / 1000, pending };
}
