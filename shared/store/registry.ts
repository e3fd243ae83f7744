import { createHash } from 'node:crypto';
import * as z from 'zod';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config/env.ts';
import { AREAS } from '../domain/areas.ts';
import { criteriaVersionSchema, INITIAL_CRITERIA, type StoredCriteriaVersion } from '../domain/criteria.ts';
import { LANGUAGES } from '../domain/language.ts';
import { MEMBER_KINDS, REGIONS, type Member } from '../domain/members.ts';
import seed from '../domain/registry/members.json' with { type: 'json' };
import { auditPut, type AuditEntry } from './audit.ts';
import { putAll } from './batch-writes.ts';
import { dynamo } from './clients.ts';
import { create, isConditionFailure, update } from './expressions.ts';
import { keys, MEMBER_PARTITION } from './keys.ts';
import { queryAll } from './reads.ts';
import { transact } from './submissions.ts';
import { submissionsTable } from './tables-runtime.ts';

/**
 * The registry: members with their POC contacts, and the versions of the criteria. Every admin
 * change is one transaction with its audit entry, conditional on the version the admin read.
 */

/** As stored. Items written before contacts had a language or members a version read with defaults. */
const storedMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(MEMBER_KINDS),
  country: z.string(),
  region: z.enum(REGIONS),
  retired: z.boolean().default(false),
  contacts: z
    .array(z.object({ name: z.string(), email: z.string(), language: z.enum(LANGUAGES).default('en'), undeliverable: z.boolean().optional() }))
    .default([]),
  version: z.number().int().default(1),
}) satisfies z.ZodType<Member, unknown>;

/** The published member list carries no contacts: whatever the seed file holds, only these fields are read. */
const seedMemberSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(MEMBER_KINDS), country: z.string(), region: z.enum(REGIONS) });

export const memberSubject = (id: string) => `member:${id}`;
export const CRITERIA_SUBJECT = 'criteria';

const memberItem = (member: Member, at: string) => ({ ...keys.member(member.id), itemType: 'member', ...member, updatedAt: at });

/** Members change rarely (admins edit the registry); a warm function reuses them for a minute. */
const CACHE_MS = 60_000;
let cache: { at: number; members: Map<string, Member> } | undefined;

/** Every member, retired ones included, straight from the table. */
export async function readMembers(): Promise<Member[]> {
  const items = await queryAll({
    TableName: submissionsTable(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': MEMBER_PARTITION },
    ConsistentRead: true,
  });
  return items.map((item) => storedMemberSchema.parse(item));
}

/** The members, as of at most a minute ago (each admin write clears this instance's copy). */
export async function loadMembers(): Promise<Map<string, Member>> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.members;
  const members = new Map((await readMembers()).map((member) => [member.id, member] as const));
  cache = { at: Date.now(), members };
  return members;
}

export async function findMember(id: string): Promise<Member | undefined> {
  return (await loadMembers()).get(id);
}

export async function getMember(id: string): Promise<Member | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: keys.member(id), ConsistentRead: true }));
  return Item ? storedMemberSchema.parse(Item) : undefined;
}

/** Creates a member with its audit entry; `false` when the id is taken. */
export async function putNewMember(member: Member, entry: AuditEntry, at: string): Promise<boolean> {
  const result = await transact([create(submissionsTable(), memberItem(member, at)), auditPut(memberSubject(member.id), entry, at)]);
  cache = undefined;
  return result.ok;
}

export interface MemberReplacement {
  member: Member;
  expectedVersion: number;
  entry: AuditEntry;
}

/** A transaction holds at most 100 items: a member and its audit entry are two. */
export const MEMBERS_PER_TRANSACTION = 50;

/**
 * Replaces members' states, each with its audit entry, all or none: `false` when any of them moved
 * on from its `expectedVersion` (or is gone), and then none is written.
 */
export async function replaceMembers(replacements: readonly MemberReplacement[], at: string): Promise<boolean> {
  if (replacements.length > MEMBERS_PER_TRANSACTION) throw new Error(`At most ${MEMBERS_PER_TRANSACTION} members in one transaction`);
  const result = await transact(
    replacements.flatMap(({ member, expectedVersion, entry }) => {
      const { id: _id, version: _version, ...fields } = member;
      return [
        update(submissionsTable(), keys.member(member.id), { set: { ...fields, updatedAt: at }, add: { version: 1 }, expect: { version: expectedVersion } }),
        auditPut(memberSubject(member.id), entry, at),
      ];
    }),
  );
  cache = undefined;
  return result.ok;
}

/** Replaces a member's state if it is still at `expectedVersion`; `false` when it moved on (or is gone). */
export function replaceMember(member: Member, expectedVersion: number, entry: AuditEntry, at: string): Promise<boolean> {
  return replaceMembers([{ member, expectedVersion, entry }], at);
}

// ---------------------------------------------------------------- criteria

const criteriaItemSchema = z.object({ definition: criteriaVersionSchema.omit({ createdAt: true, createdBy: true }), createdAt: z.string().optional(), createdBy: z.string().optional() });
const toVersion = (item: Record<string, unknown>): StoredCriteriaVersion => {
  const { definition, createdAt, createdBy } = criteriaItemSchema.parse(item);
  return { ...definition, ...(createdAt ? { createdAt } : {}), ...(createdBy ? { createdBy } : {}) };
};

/** Every version, newest first. */
export async function listCriteriaVersions(): Promise<StoredCriteriaVersion[]> {
  const items = await queryAll({
    TableName: submissionsTable(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.criteria(0).pk },
    ScanIndexForward: false,
    ConsistentRead: true,
  });
  return items.map(toVersion);
}

/** The version in force: the newest. */
export async function currentCriteria(): Promise<StoredCriteriaVersion> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: submissionsTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.criteria(0).pk },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const [newest] = Items ?? [];
  if (!newest) throw new Error('The criteria are not seeded: run functions/seed-registry');
  return toVersion(newest);
}

/** Adds a version with its audit entry; `false` when another admin took that number first. */
export async function putCriteriaVersion(version: StoredCriteriaVersion, entry: AuditEntry): Promise<boolean> {
  const { createdAt, createdBy, ...definition } = version;
  const at = createdAt ?? new Date().toISOString();
  const result = await transact([
    create(submissionsTable(), { ...keys.criteria(version.version), itemType: 'criteria', definition, createdAt: at, createdBy }),
    auditPut(CRITERIA_SUBJECT, entry, at),
  ]);
  return result.ok;
}

// ---------------------------------------------------------------- seeding and one-off imports

async function putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand(create(submissionsTable(), item).Put));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const storedKeySchema = z.object({ pk: z.string(), sk: z.string() });
const keyOf = (item: { pk: string; sk: string }) => `${item.pk}\n${item.sk}`;

/** The keys already stored in the given partitions. */
async function storedKeys(partitions: readonly string[]): Promise<Set<string>> {
  const pages = await Promise.all(
    partitions.map((pk) =>
      queryAll({ TableName: submissionsTable(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk', ConsistentRead: true }),
    ),
  );
  return new Set(pages.flat().map((item) => keyOf(storedKeySchema.parse(item))));
}

/**
 * Loads the reference data: areas, the first criteria version (its period from the configuration)
 * and the member registry, without contacts. Only items it does not find are written, so running
 * it on every start or deploy is harmless and never overwrites what admins have edited since. The
 * missing ones go 25 to a request (a fresh store takes some ten requests, not one per item); an
 * item an admin created between the read and the write — possible only in the seconds of a first
 * deployment, before anyone can sign in — would be written over.
 */
export async function seedReferenceData(): Promise<{ created: number }> {
  const { CHALLENGE_START_YEAR: startYear, CHALLENGE_END_YEAR: endYear } = config();
  const at = new Date().toISOString();
  const items = [
    ...AREAS.map((area) => ({ ...keys.area(area.id), itemType: 'area', ...area })),
    { ...keys.criteria(INITIAL_CRITERIA.version), itemType: 'criteria', definition: { ...INITIAL_CRITERIA, period: { startYear, endYear } } },
    ...seed.members.map((entry) => memberItem({ ...seedMemberSchema.parse(entry), retired: false, contacts: [], version: 1 }, at)),
  ];
  const stored = await storedKeys([...new Set(items.map((item) => item.pk))]);
  const missing = items.filter((item) => !stored.has(keyOf(item)));
  await putAll(submissionsTable(), missing);
  cache = undefined;
  return { created: missing.length };
}

/**
 * Runs `load` once per distinct content: a marker item named by the content's hash records that it
 * ran. The local platform loads its demo contacts this way at every start, and so loads them again
 * only when the file changes — never over what an admin edited since.
 */
export async function onceForContent(kind: string, content: string, load: () => Promise<void>): Promise<boolean> {
  const digest = createHash('sha256').update(content).digest('base64url');
  const marker = { pk: 'REGISTRY#import', sk: `${kind}#${digest}` };
  const { Item } = await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: marker, ConsistentRead: true }));
  if (Item) return false;
  await load();
  await putIfAbsent({ ...marker, itemType: 'import', kind, at: new Date().toISOString() });
  return true;
}
