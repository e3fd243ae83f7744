import { createHash } from 'node:crypto';
import { config } from '../config/env.ts';
import { reformStats, type ReformStats } from '../domain/publication.ts';
import type { Reform } from '../domain/reform.ts';
import { allReforms, storeReformStats, withUnlisted } from '../store/public-lists.ts';
import { cloudFrontInvalidator, type CacheInvalidator } from './cdn.ts';
import { bucketStore, directoryStore, type PublicFileStore } from './public-file-store.ts';
import { entityTag, PUBLIC_DATA_PATHS, PUBLIC_FILE_NAMES, renderPublicFiles, type PublicFileName } from './public-files.ts';

/**
 * Publication of the public data, once per release: the tracker's counters and the open-data
 * exports, computed from the list of published reforms and stored, so that `/v1/stats` is one
 * GetItem and the exports are files, whatever the number of reforms. Then the CDN's cached
 * public answers are dropped.
 *
 * Why a recomputation at the end of the release rather than counters in each release transaction:
 * the exports must be rewritten from the whole list at the end of a release anyway, and the same
 * reading gives the counters with `reformStats`, the one definition of the numbers; distinct
 * countries and localities would otherwise need an item per value. And a recomputation from the
 * list is exact and idempotent by construction: a retried step, or an admin's republication,
 * writes the same numbers and the same bytes again.
 */

export interface PublicationTargets {
  files: PublicFileStore;
  /** Absent locally, where there is no CDN: the files' ETags are the local equivalent. */
  cdn?: CacheInvalidator;
}

/** Where this runtime publishes: the bucket and distribution on AWS, the data directory locally. */
export function publicationTargets(): PublicationTargets {
  const settings = config();
  const bucket = settings.PUBLIC_DATA_BUCKET;
  const directory = settings.PUBLIC_DATA_DIR;
  const distribution = settings.CDN_DISTRIBUTION_ID;
  if (bucket) {
    const region = process.env.AWS_REGION;
    if (!region) throw new Error('AWS_REGION is not set: the public-data bucket cannot be reached');
    return { files: bucketStore(bucket, region), ...(distribution ? { cdn: cloudFrontInvalidator(distribution) } : {}) };
  }
  if (directory) return { files: directoryStore(directory) };
  throw new Error('Nowhere to publish the public data: set PUBLIC_DATA_BUCKET (AWS) or PUBLIC_DATA_DIR (local)');
}

export type PublicationResult =
  | { published: true; reforms: number; stats: ReformStats; files: Record<PublicFileName, { bytes: number; etag: string }> }
  /** Another publication read the list later and has stored its result: this older reading is dropped. */
  | { published: false; reforms: number };

/**
 * The reforms a cycle's release has just written, which the list's index may not all show yet:
 * how many there are, and their references a page at a time, read only when the list shows fewer
 * (a release of any size never holds all its references at once).
 */
export interface ReleasedCycle {
  cycle: string;
  reforms: number;
  references: () => AsyncIterable<readonly string[]>;
}

export interface PublishOptions {
  releasedCycle?: ReleasedCycle;
  targets?: PublicationTargets;
  now?: () => Date;
}

/**
 * The published reforms, with those of a just-released cycle that the index does not list yet:
 * when the list shows all of the cycle's, nothing more is read (the usual case); otherwise the
 * cycle's references are read a page at a time and only the missing ones are kept.
 */
async function listedReforms({ releasedCycle }: PublishOptions): Promise<Reform[]> {
  const reforms = await allReforms();
  if (!releasedCycle) return reforms;
  const shown = reforms.filter((reform) => reform.cycle === releasedCycle.cycle).length;
  if (shown >= releasedCycle.reforms) return reforms;
  const listed = new Set(reforms.map((reform) => reform.reference));
  const late: string[] = [];
  for await (const page of releasedCycle.references()) late.push(...page.filter((reference) => !listed.has(reference)));
  return withUnlisted(reforms, late);
}

export async function publishPublicData(options: PublishOptions = {}): Promise<PublicationResult> {
  const targets = options.targets ?? publicationTargets();
  const listedAt = (options.now ?? (() => new Date()))().toISOString();
  const reforms = await listedReforms(options);
  const stats = reformStats(reforms);
  if (!(await storeReformStats(stats, listedAt))) return { published: false, reforms: reforms.length };

  const files = renderPublicFiles(reforms);
  await Promise.all(PUBLIC_FILE_NAMES.map((name) => targets.files.write(name, files[name])));
  // Named by the content: a retry that writes the same bytes asks for the same invalidation, which CloudFront
  // does once. Published reforms are never changed nor removed, so content never returns to an earlier state.
  const version = createHash('sha256');
  for (const name of PUBLIC_FILE_NAMES) version.update(files[name]);
  await targets.cdn?.invalidate(PUBLIC_DATA_PATHS, `public-data-${version.digest('base64url')}`);

  const described = (name: PublicFileName) => ({ bytes: files[name].length, etag: entityTag(files[name]) });
  return { published: true, reforms: reforms.length, stats, files: { csv: described('csv'), json: described('json') } };
}

/** The local platform's start: a fresh data directory gets its (empty, or seeded) exports at once. */
export async function publishUnlessPublished(directory: string): Promise<void> {
  const files = directoryStore(directory);
  const present = await Promise.all(PUBLIC_FILE_NAMES.map((name) => files.read(name)));
  if (present.every(Boolean)) return;
  await publishPublicData({ targets: { files } });
}
