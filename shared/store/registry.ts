import * as z from 'zod';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AREAS } from '../domain/areas.ts';
import { INITIAL_CRITERIA, type CriteriaVersion } from '../domain/criteria.ts';
import { REGIONS, type Member } from '../domain/members.ts';
import seed from '../domain/registry/members.json' with { type: 'json' };
import { dynamo } from './clients.ts';
import { CRITERIA_PARTITION, keys, MEMBER_PARTITION } from './keys.ts';
import { submissionsTable } from './tables-runtime.ts';

const memberSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['national', 'local']),
  country: z.string(),
  region: z.enum(REGIONS),
  contacts: z.array(z.object({ name: z.string(), email: z.email() })),
});

/** Members change rarely (admins edit the registry); a warm function reuses them for a minute. */
const CACHE_MS = 60_000;
let cache: { at: number; members: Map<string, Member> } | undefined;

export async function loadMembers(): Promise<Map<string, Member>> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.members;
  const members = new Map<string, Member>();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: submissionsTable(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': MEMBER_PARTITION },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      const member = memberSchema.parse(item);
      members.set(member.id, member);
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  cache = { at: Date.now(), members };
  return members;
}

export async function findMember(id: string): Promise<Member | undefined> {
  return (await loadMembers()).get(id);
}

export async function currentCriteria(): Promise<CriteriaVersion> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: submissionsTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CRITERIA_PARTITION },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const latest = page.Items?.[0];
  return latest ? (latest.definition as CriteriaVersion) : INITIAL_CRITERIA;
}

async function putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand({ TableName: submissionsTable(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Loads the reference data: areas, the first criteria version and the member registry. Existing
 * items are left as they are, so running it on every start or deploy is harmless and never
 * overwrites what admins have edited since.
 */
export async function seedReferenceData(): Promise<{ created: number }> {
  const items = [
    ...AREAS.map((area) => ({ ...keys.area(area.id), itemType: 'area', ...area })),
    { ...keys.criteria(INITIAL_CRITERIA.version), itemType: 'criteria', definition: INITIAL_CRITERIA },
    ...seed.members.map((member) => ({ ...keys.member(member.id), itemType: 'member', ...memberSchema.parse(member) })),
  ];
  let created = 0;
  const concurrency = 16;
  for (let start = 0; start < items.length; start += concurrency) {
    const results = await Promise.all(items.slice(start, start + concurrency).map(putIfAbsent));
    created += results.filter(Boolean).length;
  }
  cache = undefined;
  return { created };
}
