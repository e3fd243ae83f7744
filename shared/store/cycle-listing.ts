import * as z from 'zod';
import { ATTR, INDEX } from '../config/constants.ts';
import { AREA_IDS } from '../domain/areas.ts';
import { CRITERION_IDS } from '../domain/criteria.ts';
import { rowDecisionSchema } from '../domain/cycle-row.ts';
import { LANGUAGES } from '../domain/language.ts';
import { REGIONS } from '../domain/members.ts';
import { VERDICTS } from '../domain/schemas.ts';
import { SUBMISSION_STATUSES } from '../domain/submission.ts';
import { undeliverableSchema } from '../domain/undeliverable.ts';
import { decodeCursor, encodeCursor, queryPage } from './reads.ts';
import { submissionsTable } from './tables-runtime.ts';

/**
 * The rows of the review console's cycle table, straight from the `byCycle` index (an INCLUDE
 * projection of the attributes below): neither the submissions nor their decisions are read again.
 */

/** What a saved decision leaves on its submission for the table (set in `saveDecision`), with the cycle it was made in. */
export const decisionStateSchema = rowDecisionSchema.extend({ cycle: z.string() });

/** A row as the index gives it back, through `ROW_PATHS`. */
const rowItemSchema = z.object({
  reference: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  version: z.number().int(),
  area: z.enum(AREA_IDS),
  language: z.enum(LANGUAGES),
  member: z.object({ id: z.string(), name: z.string(), region: z.enum(REGIONS) }),
  place: z.string(),
  request: z.object({
    title: z.string(),
    leadInstitution: z.object({ name: z.string() }),
    submitter: z.object({ name: z.string(), email: z.string() }),
  }),
  screening: z
    .object({
      criteria: z.partialRecord(z.enum(CRITERION_IDS), z.object({ verdict: z.enum(VERDICTS) })),
      duplicateOf: z.string().optional(),
    })
    .optional(),
  decisionState: decisionStateSchema.optional(),
  undeliverable: undeliverableSchema.optional(),
});
export type RowItem = z.infer<typeof rowItemSchema>;

/**
 * The document paths a row reads: the request's few row fields and the screening's verdicts, not
 * the request's text or the screening's reasons. Every path starts with an attribute the index
 * projects (a test holds the declaration in `tables.ts` to it).
 */
export const ROW_PATHS: readonly (readonly string[])[] = [
  // The index key, for the cursor after the last row.
  [ATTR.pk],
  [ATTR.sk],
  [ATTR.cycle],
  [ATTR.reference],
  [ATTR.status],
  ['version'],
  ['area'],
  ['language'],
  ['member', 'id'],
  ['member', 'name'],
  ['member', 'region'],
  ['place'],
  ['request', 'title'],
  ['request', 'leadInstitution', 'name'],
  ['request', 'submitter', 'name'],
  ['request', 'submitter', 'email'],
  ...CRITERION_IDS.map((id) => ['screening', 'criteria', id, 'verdict']),
  ['screening', 'duplicateOf'],
  ['decisionState'],
  ['undeliverable'],
];

/** `#n0.#n1` placeholders for every path (criterion ids have hyphens; `status` is a reserved word). */
function projection(paths: readonly (readonly string[])[]) {
  const names = [...new Set(paths.flat())];
  const placeholder = (name: string) => `#n${names.indexOf(name)}`;
  return {
    ProjectionExpression: paths.map((path) => path.map(placeholder).join('.')).join(', '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name) => [placeholder(name), name])),
    placeholder,
  };
}

const ROW_PROJECTION = projection(ROW_PATHS);
const BY_CYCLE_KEY = [ATTR.pk, ATTR.sk, ATTR.cycle, ATTR.reference];

/**
 * Up to `limit` rows of a cycle by reference, and the cursor to the rest. DynamoDB stops a Query
 * at 1 MB, so one page of rows may take a few Queries; they follow each other here rather than
 * costing the client a round trip each. One row more than asked is read, so that a cycle of
 * exactly `limit` rows ends without a cursor (and the client asks for no empty page).
 */
export async function cycleRowItems(cycle: string, limit: number, cursor?: string): Promise<{ items: RowItem[]; cursor?: string }> {
  const items: Record<string, unknown>[] = [];
  let next = cursor;
  do {
    const page = await queryPage({
      TableName: submissionsTable(),
      IndexName: INDEX.byCycle,
      KeyConditionExpression: `${ROW_PROJECTION.placeholder(ATTR.cycle)} = :cycle`,
      ProjectionExpression: ROW_PROJECTION.ProjectionExpression,
      ExpressionAttributeNames: ROW_PROJECTION.ExpressionAttributeNames,
      ExpressionAttributeValues: { ':cycle': cycle },
      Limit: limit + 1 - items.length,
      ...(next ? { ExclusiveStartKey: decodeCursor(next, BY_CYCLE_KEY, { [ATTR.cycle]: cycle }) } : {}),
    });
    items.push(...page.items);
    next = page.cursor;
  } while (next && items.length <= limit);
  const kept = items.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map((item) => rowItemSchema.parse(item)),
    ...(items.length > limit && last ? { cursor: encodeCursor(Object.fromEntries(BY_CYCLE_KEY.map((name) => [name, last[name]]))) } : {}),
  };
}

/** How many rows of the cycle the reminder looks through for its examples, at most (a few Queries). */
export const UNDECIDED_SEARCH_ROWS = 5000;
const UNDECIDED_SEARCH_PAGE = 1000;

/**
 * Up to `wanted` references of the cycle still in review with no decision made in it, in the
 * index's order: DynamoDB keeps only those rows (a filter on the index's `decisionState`), and the
 * search stops once it has enough or has looked through `UNDECIDED_SEARCH_ROWS` rows. These are
 * examples for an email whose count comes from the counters; the index trails the table by a
 * moment, so a decision just made may not show yet.
 */
export async function undecidedReferences(cycle: string, wanted: number): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  for (let looked = 0; found.length < wanted && looked < UNDECIDED_SEARCH_ROWS; looked += UNDECIDED_SEARCH_PAGE) {
    const page = await queryPage({
      TableName: submissionsTable(),
      IndexName: INDEX.byCycle,
      KeyConditionExpression: '#cycle = :cycle',
      FilterExpression: '#status = :inReview AND (attribute_not_exists(#decisionState) OR #decisionState.#cycle <> :cycle)',
      ProjectionExpression: '#reference',
      ExpressionAttributeNames: { '#cycle': ATTR.cycle, '#status': ATTR.status, '#decisionState': 'decisionState', '#reference': ATTR.reference },
      ExpressionAttributeValues: { ':cycle': cycle, ':inReview': 'in-review' },
      Limit: UNDECIDED_SEARCH_PAGE,
      ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, BY_CYCLE_KEY, { [ATTR.cycle]: cycle }) } : {}),
    });
    found.push(...page.items.map((item) => z.object({ reference: z.string() }).parse(item).reference));
    cursor = page.cursor;
    if (!cursor) break;
  }
  return found.slice(0, wanted);
}
