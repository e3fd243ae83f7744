import { ATTR, ENV, INDEX } from '../config/constants.ts';

/**
 * The one declaration of every table: CDK builds `TableV2`s from it and the local platform creates
 * the same tables in DynamoDB Local. Attribute types are all strings ('S') on purpose: sort keys are
 * composed (`2026-11-30T10:00:00.000Z#OGC-2026-11-0042`) so that ordering is lexicographic.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

/**
 * What an index copies of each item. ALL doubles every write of a large item; an index whose
 * readers only need keys (then read the item itself, consistently) or a few row fields projects
 * just those.
 */
export type IndexProjection = { type: 'ALL' } | { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] };

export interface IndexDeclaration {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** ALL when absent. */
  projection?: IndexProjection;
}

export const projectionOf = (index: IndexDeclaration): IndexProjection => index.projection ?? { type: 'ALL' };

export interface TableDeclaration {
  /** Logical id in CDK and the suffix of the local table name. */
  id: string;
  /** Environment variable through which handlers learn the physical name. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  indexes: IndexDeclaration[];
  /** Attribute holding an epoch-seconds expiry, if items expire. */
  timeToLiveAttribute?: string;
  /** Tables whose stream drives the mailer (transactional outbox). */
  streamsOutbox: boolean;
}

const s = (name: string): KeyAttribute => ({ name, type: 'S' });

/** Submissions, stories, outbox, idempotency records, reference counters, registry, published reforms. */
export const SUBMISSIONS_TABLE: TableDeclaration = {
  id: 'Submissions',
  envVar: ENV.submissionsTable,
  partitionKey: s(ATTR.pk),
  sortKey: s(ATTR.sk),
  indexes: [
    { indexName: INDEX.byQueue, partitionKey: s(ATTR.queue), sortKey: s(ATTR.statusKey), projection: { type: 'KEYS_ONLY' } },
    // The review console's rows (shared/store/cycle-listing.ts): `request` for its title, institution and submitter only.
    { indexName: INDEX.byCycle, partitionKey: s(ATTR.cycle), sortKey: s(ATTR.reference), projection: { type: 'INCLUDE', attributes: [ATTR.status, 'version', 'area', 'language', 'member', 'place', 'request', 'screening', 'decisionState', 'undeliverable'] } },
    // The public lists serve whole rows, and those items are written once (at release, at moderation): ALL costs no extra writes.
    { indexName: INDEX.publicList, partitionKey: s(ATTR.publicList), sortKey: s(ATTR.publicKey), projection: { type: 'ALL' } },
  ],
  timeToLiveAttribute: ATTR.expiresAt,
  streamsOutbox: true,
};

/** Review cycles, decisions, progress counters and the append-only audit log; `byQueue` holds its pending outbox mail. */
export const REVIEW_TABLE: TableDeclaration = {
  id: 'Review',
  envVar: ENV.reviewTable,
  partitionKey: s(ATTR.pk),
  sortKey: s(ATTR.sk),
  indexes: [{ indexName: INDEX.byQueue, partitionKey: s(ATTR.queue), sortKey: s(ATTR.statusKey), projection: { type: 'KEYS_ONLY' } }],
  streamsOutbox: true,
};

export const TABLES = [SUBMISSIONS_TABLE, REVIEW_TABLE] as const;
