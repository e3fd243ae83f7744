import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ATTR, INDEX } from '../config/constants.ts';
import { suppressionSchema, type Suppression, type Undeliverable } from '../domain/undeliverable.ts';
import { auditPut, type AuditEntry } from './audit.ts';
import { dynamo } from './clients.ts';
import { update } from './expressions.ts';
import { keys } from './keys.ts';
import { batchGet, queryAll } from './reads.ts';
import { transact } from './submissions.ts';
import { submissionsTable } from './tables-runtime.ts';

/**
 * Addresses no mail may go to any more: SES reported a permanent bounce or a complaint for them.
 * One item per lower-cased address in the submissions table, under its own partition prefix (see
 * `keys.ts`), so the mailer checks a whole batch's recipients with one BatchGetItem. Each also sits
 * in the table's queue index under a partition of its own (a few hundred addresses at most, written
 * rarely: no sharding), so the Support Unit's list of them is one Query, never a Scan.
 */
const SUPPRESSED_QUEUE = 'address-suppressed';

export const normalizeAddress = (address: string) => address.trim().toLowerCase();

const SUPPRESSION_PREFIX = 'SUPPRESSED#';
export const suppressionKey = (address: string) => ({ pk: `${SUPPRESSION_PREFIX}${normalizeAddress(address)}`, sk: 'SUPPRESSION' });
/** The audit trail of an address's suppressions and their lifting. */
export const suppressionSubject = (address: string) => `suppression:${normalizeAddress(address)}`;

/** Records (or refreshes) a suppression: the latest report for an address wins. */
export async function putSuppression(suppression: Suppression): Promise<void> {
  const address = normalizeAddress(suppression.address);
  await dynamo().send(
    new PutCommand({
      TableName: submissionsTable(),
      Item: {
        ...suppressionKey(address),
        itemType: 'suppression',
        ...suppression,
        address,
        [ATTR.queue]: SUPPRESSED_QUEUE,
        [ATTR.statusKey]: `${suppression.at}#${address}`,
      },
    }),
  );
}

/** The suppressions among some addresses, by lower-cased address. */
export async function findSuppressions(addresses: readonly string[]): Promise<Map<string, Suppression>> {
  if (addresses.length === 0) return new Map();
  const items = await batchGet(submissionsTable(), addresses.map(suppressionKey));
  return new Map(items.map((item) => suppressionSchema.parse(item)).map((suppression) => [suppression.address, suppression]));
}

/** Every suppressed address, oldest first. The index projects keys only: the items are read whole. */
export async function listSuppressions(): Promise<Suppression[]> {
  const entries = await queryAll({
    TableName: submissionsTable(),
    IndexName: INDEX.byQueue,
    KeyConditionExpression: '#queue = :suppressed',
    ExpressionAttributeNames: { '#queue': ATTR.queue },
    ExpressionAttributeValues: { ':suppressed': SUPPRESSED_QUEUE },
  });
  const found = await findSuppressions(entries.map((entry) => String(entry.pk).slice(SUPPRESSION_PREFIX.length)));
  return [...found.values()].sort((a, b) => a.at.localeCompare(b.at) || a.address.localeCompare(b.address));
}

/** Deletes a suppression with its audit entry, in one transaction; `false` when it was already gone. */
export async function deleteSuppression(address: string, entry: AuditEntry, at: string): Promise<boolean> {
  const result = await transact([
    { Delete: { TableName: submissionsTable(), Key: suppressionKey(address), ConditionExpression: 'attribute_exists(pk)' } },
    auditPut(suppressionSubject(address), entry, at),
  ]);
  return result.ok;
}

/**
 * Records on a submission that mail to its submitter came back undeliverable, with its audit entry,
 * in one transaction. The first report stands: a replayed event, or another report for the same
 * submission, changes nothing (`false`). The version is not bumped: nothing a reviewer or the
 * submitter decided on changed, so their next write must not be refused for it.
 */
export async function markSubmissionUndeliverable(reference: string, undeliverable: Undeliverable, at: string): Promise<boolean> {
  const result = await transact([
    update(submissionsTable(), keys.submission(reference), { set: { undeliverable }, expect: { reference, undeliverable: null } }),
    auditPut(reference, { actor: 'system', action: 'submitter-undeliverable', after: { undeliverable } }, at),
  ]);
  return result.ok;
}
