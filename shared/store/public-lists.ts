import * as z from 'zod';
import { ATTR, INDEX } from '../config/constants.ts';
import { AREA_IDS } from '../domain/areas.ts';
import type { Language } from '../domain/language.ts';
import { REGIONS } from '../domain/members.ts';
import { PUBLIC_LIST, reformListKey, type Reform } from '../domain/reform.ts';
import { keys } from './keys.ts';
import { decodeCursor, queryAll, queryPage } from './reads.ts';
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
    levelOfGovernment: z.enum(['National', 'Local', 'Local (non-member)']),
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
  level?: string;
  member?: string;
}

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
  const filterValues = Object.fromEntries(active.map((name) => [`:${name}`, filters[name]]));
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

/** Every published reform, in list order (exports and counters). */
export async function allReforms(): Promise<Reform[]> {
  const items = await queryAll({
    TableName: submissionsTable(),
    IndexName: INDEX.publicList,
    KeyConditionExpression: '#list = :list',
    ExpressionAttributeNames: { '#list': ATTR.publicList },
    ExpressionAttributeValues: { ':list': PUBLIC_LIST.reform },
  });
  return items.map((item) => reformSchema.parse(item));
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
