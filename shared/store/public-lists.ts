import * as z from 'zod';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ATTR, INDEX } from '../config/constants.ts';
import { AREA_IDS } from '../domain/areas.ts';
import { AppError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { reformStats, type ReformStats } from '../domain/publication.ts';
import { PUBLIC_LEVEL, REGIONS } from '../domain/members.ts';
import { PUBLIC_LIST, reformListKey, type Reform } from '../domain/reform.ts';
import { BRANCHES, CHANNELS, COMMITMENT_STATUSES, GOVERNMENT_LEVELS, PARTNER_KINDS, PUBLIC_LEVELS, VALUES } from '../domain/schemas.ts';
import { dynamo } from './clients.ts';
import { keys } from './keys.ts';
import { isConditionFailure } from './expressions.ts';
import { batchGet, decodeCursor, queryAll, queryPage } from './reads.ts';
import { submissionsTable } from './tables-runtime.ts';

/**
 * The public lists: published reforms and stories, read through the `publicList` index (partition
 * `reform` or `story`). Items are parsed field by field into their public shape, so nothing that
 * is not meant to be public can leak from an item into an answer.
 */
export const reformSchema = z
  .object({
    reference: z.string(),
    countryOrLocal: z.string(),
    levelOfGovernment: z.enum(PUBLIC_LEVELS),
    leadInstitution: z.string(),
    titleOfReform: z.string(),
    challengeArea: z.enum(AREA_IDS),
    region: z.enum(REGIONS),
    memberId: z.string(),
    country: z.string(),
    publishedInCycle: z.string(),
    publishedAt: z.string(),
  })
  .transform(({ publishedInCycle, ...reform }) => ({ ...reform, cycle: publishedInCycle })) satisfies z.ZodType<Reform>;

/**
 * The reform's cycle is stored as `publishedInCycle`: an item with a `cycle` attribute would be
 * listed by the `byCycle` index, which must hold submissions only.
 */
export function reformItem({ cycle, ...reform }: Reform): Record<string, unknown> {
  return {
    ...keys.reform(reform.reference),
    itemType: 'reform',
    ...reform,
    publishedInCycle: cycle,
    [ATTR.publicList]: PUBLIC_LIST.reform,
    [ATTR.publicKey]: reformListKey(reform),
  };
}

const INDEX_KEY = [ATTR.pk, ATTR.sk, ATTR.publicList, ATTR.publicKey];

export interface ReformFilters {
  area?: string;
  region?: string;
  /** The tracker's wording (`Local (non-member)`) or the form's member type (`local-non-member`). */
  level?: string;
  member?: string;
}

const isMemberType = (level: string): level is keyof typeof PUBLIC_LEVEL => level in PUBLIC_LEVEL;

const FILTER_ATTRIBUTES: Record<keyof ReformFilters, keyof Reform> = {
  area: 'challengeArea',
  region: 'region',
  level: 'levelOfGovernment',
  member: 'memberId',
};

/**
 * A filter hides items after DynamoDB has read them, so one Query can return few or none while
 * more exist. Reading on until the page is full — asking each time for no more than it still
 * needs — keeps the cursor exact (it is where reading stopped); the bound keeps a very selective
 * filter from turning one request into a scan of the whole list.
 */
const MAX_QUERIES_PER_PAGE = 10;

export async function reformsPage(
  filters: ReformFilters,
  limit: number,
  cursor: string | undefined,
  language: Language,
): Promise<{ reforms: Reform[]; nextCursor?: string }> {
  const active = (Object.keys(FILTER_ATTRIBUTES) as (keyof ReformFilters)[]).filter((name) => filters[name] !== undefined);
  const filterNames = Object.fromEntries(active.map((name) => [`#${name}`, FILTER_ATTRIBUTES[name]]));
  const wanted = { ...filters, ...(filters.level && isMemberType(filters.level) ? { level: PUBLIC_LEVEL[filters.level] } : {}) };
  const filterValues = Object.fromEntries(active.map((name) => [`:${name}`, wanted[name]]));
  const filterExpression = active.map((name) => `#${name} = :${name}`).join(' AND ');

  const reforms: Reform[] = [];
  let next = cursor;
  for (let query = 0; query < MAX_QUERIES_PER_PAGE && reforms.length < limit; query++) {
    const page = await queryPage({
      TableName: submissionsTable(),
      IndexName: INDEX.publicList,
      KeyConditionExpression: '#list = :list',
      ExpressionAttributeNames: { '#list': ATTR.publicList, ...filterNames },
      ExpressionAttributeValues: { ':list': PUBLIC_LIST.reform, ...filterValues },
      ...(filterExpression ? { FilterExpression: filterExpression } : {}),
      Limit: limit - reforms.length,
      ...(next ? { ExclusiveStartKey: decodeCursor(next, INDEX_KEY, { [ATTR.publicList]: PUBLIC_LIST.reform }, language) } : {}),
    });
    reforms.push(...page.items.map((item) => reformSchema.parse(item)));
    next = page.cursor;
    if (!next) break;
  }
  return { reforms, ...(next ? { nextCursor: next } : {}) };
}

/** Reads per Query of the whole list: each stays small and quick however long the list grows. */
const EXPORT_PAGE = 500;

/**
 * Every published reform the list's index shows, in list order, read a bounded page at a time:
 * only publication reads it, once per release, to write the counters and the exports (no request
 * reads the whole list).
 */
export async function allReforms(): Promise<Reform[]> {
  const items = await queryAll({
    TableName: submissionsTable(),
    IndexName: INDEX.publicList,
    KeyConditionExpression: '#list = :list',
    ExpressionAttributeNames: { '#list': ATTR.publicList },
    ExpressionAttributeValues: { ':list': PUBLIC_LIST.reform },
    Limit: EXPORT_PAGE,
  });
  return items.map((item) => reformSchema.parse(item));
}

/**
 * The index trails the table by a moment on AWS, so the reforms a release has just written may
 * not be listed yet: `references` names them, and those `listed` misses are read from the table
 * itself (consistently) and put in their place, so the result is exact for the release that asks.
 */
export async function withUnlisted(listed: readonly Reform[], references: readonly string[]): Promise<Reform[]> {
  const known = new Set(listed.map((reform) => reform.reference));
  const missing = references.filter((reference) => !known.has(reference));
  if (missing.length === 0) return [...listed];
  const late = (await batchGet(submissionsTable(), missing.map((reference) => keys.reform(reference)))).map((item) => reformSchema.parse(item));
  // In the index's own order (DynamoDB sorts keys by their UTF-8 bytes), so the exports do not depend on how late the index was.
  const listKey = (reform: Reform) => Buffer.from(reformListKey(reform), 'utf8');
  return [...listed, ...late].sort((a, b) => Buffer.compare(listKey(a), listKey(b)));
}

/** The counters of the tracker, as publication last computed them (`reformStats`). */
export const reformStatsSchema = z.object({
  participatingCountries: z.number().int().nonnegative(),
  participatingLocalities: z.number().int().nonnegative(),
  challengeCommitments: z.object({ total: z.number().int().nonnegative(), byArea: z.record(z.enum(AREA_IDS), z.number().int().nonnegative()) }),
}) satisfies z.ZodType<ReformStats>;

/** One item holds the counters: `/v1/stats` is one GetItem however many reforms there are. */
const STATS_KEY = { pk: 'PUBLIC', sk: 'STATS' } as const;

const statsItemSchema = z.object({ stats: reformStatsSchema, listedAt: z.string() });

/** The counters; before the first publication, all zero. */
export async function storedReformStats(): Promise<ReformStats> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: STATS_KEY }));
  return Item ? statsItemSchema.parse(Item).stats : reformStats([]);
}

/**
 * Stores the counters computed from the list as read at `listedAt`, unless counters from a later
 * reading are already stored (two publications at once: the later reading wins). `false` then.
 */
export async function storeReformStats(stats: ReformStats, listedAt: string): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: submissionsTable(),
        Item: { ...STATS_KEY, itemType: 'reform-stats', stats, listedAt },
        ConditionExpression: 'attribute_not_exists(pk) OR listedAt <= :listedAt',
        ExpressionAttributeValues: { ':listedAt': listedAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * What the public may read of a published reform's submission, when its submitter consented to
 * publish: the commitment itself, never the submitter, their email or position.
 */
export const publicDetailsSchema = z.object({
  problem: z.string(),
  statusQuo: z.string(),
  description: z.string(),
  values: z.array(z.enum(VALUES)),
  milestones: z.array(z.object({ description: z.string(), deliverable: z.string(), dueDate: z.string() })),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(COMMITMENT_STATUSES),
  coCreated: z.boolean(),
  partners: z.array(z.object({ name: z.string(), kind: z.enum(PARTNER_KINDS) })),
  government: z.object({ level: z.enum(GOVERNMENT_LEVELS), branch: z.enum(BRANCHES) }),
  channel: z.enum(CHANNELS),
  actionPlan: z.object({ id: z.string(), commitmentId: z.string() }).optional(),
  links: z.array(z.string()),
});

const consentSchema = z.object({ consentToPublish: z.boolean() });

/**
 * One published reform with its public details. Reforms imported from OGP's tracker have no
 * submission here, so they come with the tracker columns only. Unknown or unpublished: 404.
 */
export async function publishedReform(reference: string) {
  const [reformItem, submissionItem] = await Promise.all(
    [keys.reform(reference), keys.submission(reference)].map(async (key) => (await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: key }))).Item),
  );
  if (!reformItem) throw new AppError('not_found', { key: 'notFound' });
  const reform = reformSchema.parse(reformItem);
  const request = submissionItem ? z.object({ request: z.record(z.string(), z.unknown()) }).parse(submissionItem).request : undefined;
  const details = request && consentSchema.parse(request).consentToPublish ? publicDetailsSchema.parse(request) : undefined;
  return { ...reform, ...(details ? { details } : {}) };
}

/**
 * A story as the public sees it once moderation published it: the author's name and organisation
 * as they consented to share them, never their email.
 */
const storyItemSchema = z.object({
  id: z.string(),
  publishedAt: z.string(),
  language: z.string(),
  request: z.object({
    author: z.object({ name: z.string(), organisation: z.string().optional() }),
    place: z.string(),
    area: z.enum(AREA_IDS),
    title: z.string(),
    story: z.string(),
    links: z.array(z.string()).default([]),
  }),
});

export async function storiesPage(limit: number, cursor: string | undefined, language: Language) {
  const page = await queryPage({
    TableName: submissionsTable(),
    IndexName: INDEX.publicList,
    KeyConditionExpression: '#list = :list',
    ExpressionAttributeNames: { '#list': ATTR.publicList },
    ExpressionAttributeValues: { ':list': PUBLIC_LIST.story },
    Limit: limit,
    ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, INDEX_KEY, { [ATTR.publicList]: PUBLIC_LIST.story }, language) } : {}),
  });
  const stories = page.items.map((item) => {
    const { id, publishedAt, language: storyLanguage, request } = storyItemSchema.parse(item);
    return {
      id,
      language: storyLanguage,
      title: request.title,
      story: request.story,
      place: request.place,
      area: request.area,
      author: { name: request.author.name, ...(request.author.organisation ? { organisation: request.author.organisation } : {}) },
      links: request.links,
      publishedAt,
    };
  });
  return { stories, ...(page.cursor ? { nextCursor: page.cursor } : {}) };
}
