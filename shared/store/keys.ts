import * as z from 'zod';

/**
 * Item keys. Every item type has a distinct partition prefix, so one table holds several entities
 * without collisions and each access pattern is a GetItem or a Query on a known partition.
 */
export const keys = {
  submission: (reference: string) => ({ pk: `SUB#${reference}`, sk: 'SUBMISSION' }),
  story: (id: string) => ({ pk: `STORY#${id}`, sk: 'STORY' }),
  reform: (reference: string) => ({ pk: `SUB#${reference}`, sk: 'REFORM' }),
  referenceCounter: (month: string) => ({ pk: `COUNTER#${month}`, sk: 'COUNTER' }),
  idempotency: (recordId: string) => ({ pk: `IDEMPOTENCY#${recordId}`, sk: 'IDEMPOTENCY' }),
  member: (id: string) => ({ pk: 'REGISTRY#member', sk: id }),
  area: (id: string) => ({ pk: 'REGISTRY#area', sk: id }),
  criteria: (version: number) => ({ pk: 'REGISTRY#criteria', sk: `v${String(version).padStart(4, '0')}` }),
  /** Review table. */
  cycle: (cycle: string) => ({ pk: 'CYCLES', sk: cycle }),
  decision: (reference: string, cycle: string) => ({ pk: `SUB#${reference}`, sk: `DECISION#${cycle}` }),
  audit: (subject: string, at: string, id: string) => ({ pk: `AUDIT#${subject}`, sk: `${at}#${id}` }),
} as const;

const SUBMISSION_PREFIX = 'SUB#';

/** The reference a submission's partition key names: what a keys-only index gives back of it. */
export const referenceOfKey = z
  .string()
  .startsWith(SUBMISSION_PREFIX)
  .transform((pk) => pk.slice(SUBMISSION_PREFIX.length));

export const MEMBER_PARTITION = 'REGISTRY#member';
export const CYCLES_PARTITION = 'CYCLES';
