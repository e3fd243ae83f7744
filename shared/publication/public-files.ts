import { createHash } from 'node:crypto';
import { reformsCsv } from '../domain/publication.ts';
import type { Reform } from '../domain/reform.ts';

/**
 * The open-data exports: written once per release (and on an admin's request), never built by a
 * request. On AWS they are objects of the public-data bucket that CloudFront serves at these
 * paths; locally, files of the data directory that the local gateway serves at the same paths.
 */
export const PUBLIC_FILE_NAMES = ['csv', 'json'] as const;
export type PublicFileName = (typeof PUBLIC_FILE_NAMES)[number];

export interface PublicFile {
  /** Where people download it, on the site's origin. */
  path: string;
  /** The object key (AWS) or file name (locally): the path without its leading slash. */
  key: string;
  contentType: string;
  contentDisposition?: string;
}

export const PUBLIC_FILES: Readonly<Record<PublicFileName, PublicFile>> = {
  csv: {
    path: '/v1/reforms.csv',
    key: 'v1/reforms.csv',
    contentType: 'text/csv; charset=utf-8',
    contentDisposition: 'attachment; filename="open-gov-challenge-reforms.csv"',
  },
  json: { path: '/v1/reforms.json', key: 'v1/reforms.json', contentType: 'application/json; charset=utf-8' },
};

/**
 * Browsers keep a copy five minutes; the CDN (`s-maxage`) keeps it until the next release, whose
 * invalidation drops it. Locally there is no CDN: the ETag makes a repeated download a 304.
 */
export const PUBLIC_FILE_CACHE_CONTROL = 'public, max-age=300, s-maxage=31536000';

/** What the public data changes at a release: the counters, the list and its pages, each reform, the exports. */
export const PUBLIC_DATA_PATHS = ['/v1/stats*', '/v1/reforms*'] as const;

/** A byte-order mark first: without it Excel reads UTF-8 as a legacy code page and garbles accents. */
const UTF8_BOM = '\uFEFF';

export function renderPublicFiles(reforms: readonly Reform[]): Record<PublicFileName, Buffer> {
  return {
    csv: Buffer.from(UTF8_BOM + reformsCsv(reforms), 'utf8'),
    json: Buffer.from(JSON.stringify({ reforms }), 'utf8'),
  };
}

/** A strong validator of a file's bytes, as a quoted ETag. */
export const entityTag = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
