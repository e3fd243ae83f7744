import * as z from 'zod';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AREAS } from '../domain/areas.ts';
import { INITIAL_CRITERIA } from '../domain/criteria.ts';
import { REGIONS, type Member } from '../domain/members.ts';
import seed from '../domain/registry/members.json' with { type: 'json' };
import { dynamo } from './clients.ts';
import { keys, MEMBER_PARTITION } from './keys.ts';
import { queryAll } from './reads.ts';
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
  const items = await queryAll({
    TableName: submissionsTable(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': MEMBER_PARTITION },
  });
  const members = new Map(items.map((item) => memberSchema.parse(item)).map((member) => [member.id, member] as const));
  cache = { at: Date.now(), members };
  return members;
}

export async function findMember(id: string): Promise<Member | undefined> {
  return (await loadMembers()).get(id);
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
