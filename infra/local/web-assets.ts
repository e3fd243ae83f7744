import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { SECURITY_HEADERS } from '../../shared/http/responses.ts';
import { directoryStore } from '../../shared/publication/public-file-store.ts';
import { entityTag, PUBLIC_FILE_CACHE_CONTROL, PUBLIC_FILE_NAMES, PUBLIC_FILES, type PublicFileName } from '../../shared/publication/public-files.ts';
import { FRONT_END_SECURITY_HEADERS, frontEndContentSecurityPolicy } from '../web-policy.ts';
import { buildWebApp, publicFilesOf, REPOSITORY_ROOT, WEB_BUILD_RECIPE, type WebAppName } from '../web-apps.ts';

/**
 * Serves a front end built by `buildWebApp` (the public site at `/`, and the console under
 * `/console/` once it is built the same way) from memory, as CloudFront serves it from S3 in AWS:
 * its files by exact name, every other path without a file extension as `index.html` (the apps
 * route on the client), ETags for revalidation, and the security headers with a strict CSP.
 */

export interface WebAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Answers a request when its path is the app's; `false` leaves it to the next handler. */
export type WebAssetHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

export interface WebAssetsOptions {
  /** Where the app lives: `/` for the site, `/console/` for the console (always ends with a slash). */
  mount: string;
  contentSecurityPolicy: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

function listFiles(root: string, relative = ''): string[] {
  return readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    // Dotfiles (editor swap files, .DS_Store) are never part of an app.
    if (entry.name.startsWith('.')) return [];
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(root, name);
    return entry.isFile() ? [name] : [];
  });
}

/**
 * Reads every file of `root` once into memory. Requests are answered from that map only, by exact
 * name, so no request path ever reaches the file system: `..`, encoded slashes or symlinks cannot
 * escape the folder. Types outside `CONTENT_TYPES` are not served.
 */
export function loadWebAssets(root: string): ReadonlyMap<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  if (!existsSync(root)) return assets;
  for (const name of listFiles(root)) {
    const contentType = CONTENT_TYPES[path.extname(name).toLowerCase()];
    if (!contentType) continue;
    const body = readFileSync(path.join(root, name));
    assets.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  return assets;
}

/** Where built apps are kept between starts, each beside a list of the files it was built from. */
export const WEB_BUILD_CACHE = path.join(REPOSITORY_ROOT, 'node_modules', '.cache', 'ogc-web');
const MANIFEST = '.built-from.json';

const manifestSchema = z.object({
  recipe: z.string(),
  publicFiles: z.array(z.string()),
  /** Input file → sha256 of its content when the app was built. */
  inputs: z.record(z.string(), z.string()),
});

function contentHash(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('base64url');
  } catch {
    return undefined;
  }
}

/** True when the build in `dir` was made the same way from files that are all still as they were. */
function isCurrent(name: WebAppName, dir: string): boolean {
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')));
  } catch {
    return false;
  }
  if (manifest.recipe !== WEB_BUILD_RECIPE) return false;
  // A public file added since is copied by a new build, though nothing imports it.
  if (JSON.stringify(publicFilesOf(name)) !== JSON.stringify(manifest.publicFiles)) return false;
  return Object.entries(manifest.inputs).every(([file, hash]) => contentHash(file) === hash);
}

/**
 * Builds an app with `buildWebApp`, or takes the build kept in `cacheDir` when every file it was
 * built from is unchanged (a start of the platform, and each test file's platform, then costs no
 * bundling), and keeps the result in memory. A new build replaces the kept one by renaming, so a
 * platform starting meanwhile reads either whole, or builds for itself.
 */
export async function buildWebAssets(name: WebAppName, cacheDir = WEB_BUILD_CACHE): Promise<ReadonlyMap<string, WebAsset>> {
  const kept = path.join(cacheDir, name);
  if (isCurrent(name, kept)) {
    try {
      const assets = loadWebAssets(kept);
      if (assets.size > 0) return assets;
    } catch {
      // Replaced by another start's build while being read: build instead.
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  const { outDir, inputs, publicFiles } = await buildWebApp(name, mkdtempSync(path.join(cacheDir, `${name}-`)));
  const manifest = {
    recipe: WEB_BUILD_RECIPE,
    publicFiles,
    inputs: Object.fromEntries(inputs.map((file) => [file, contentHash(file) ?? ''])),
  } satisfies z.infer<typeof manifestSchema>;
  writeFileSync(path.join(outDir, MANIFEST), JSON.stringify(manifest));
  const assets = loadWebAssets(outDir);
  const replaced = `${outDir}.old`;
  try {
    renameSync(kept, replaced);
  } catch {
    // Nothing kept yet, or another start replaced it first.
  }
  try {
    renameSync(outDir, kept);
  } catch {
    // Another start put its build in place first: keep that one.
  }
  rmSync(replaced, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
  return assets;
}

/** A path the client-side router owns: its last segment has no file extension. */
const isPagePath = (name: string) => !path.posix.basename(name).includes('.');

export function createWebAssets(assets: ReadonlyMap<string, WebAsset>, options: WebAssetsOptions): WebAssetHandler {
  const { mount } = options;
  const bare = mount.replace(/\/$/, '');
  const baseHeaders = {
    ...FRONT_END_SECURITY_HEADERS,
    'content-security-policy': options.contentSecurityPolicy,
    // Files are built once at start: revalidating costs a 304, and an edited file shows after a restart.
    'cache-control': 'no-cache',
  };

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer | string) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    res.writeHead(status, { ...baseHeaders, ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) });
    res.end(payload);
  };

  return (req, res, requestPath) => {
    if (bare && requestPath === bare) {
      // Relative URLs in index.html resolve only under the trailing slash.
      req.resume();
      send(res, 308, { location: mount, 'content-type': 'text/plain; charset=utf-8' }, `See ${mount}`);
      return true;
    }
    if (!requestPath.startsWith(mount)) return false;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      send(res, 405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'These pages are static: GET them.');
      return true;
    }
    const name = requestPath.slice(mount.length);
    const asset = assets.get(name) ?? (isPagePath(name) ? assets.get('index.html') : undefined);
    if (!asset) {
      send(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found');
      return true;
    }
    const headers = { 'content-type': asset.contentType, etag: asset.etag };
    if (req.headers['if-none-match'] === asset.etag) {
      send(res, 304, headers);
      return true;
    }
    if (method === 'HEAD') {
      res.writeHead(200, { ...baseHeaders, ...headers, 'content-length': String(asset.body.length) });
      res.end();
      return true;
    }
    send(res, 200, headers, asset.body);
    return true;
  };
}

/** The public site at `/`; the local API is this origin, so the CSP needs no other connect source. */
export async function createSiteAssets(): Promise<WebAssetHandler> {
  return createWebAssets(await buildWebAssets('site'), { mount: '/', contentSecurityPolicy: frontEndContentSecurityPolicy() });
}

/** Answers a request for one of the open-data exports; `false` leaves it to the next handler. */
export type PublicDataHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

/**
 * The open-data exports as CloudFront serves them from the public-data bucket on AWS: the files
 * publication wrote to `directory`, at their public paths, with the caching headers stored with
 * them there and an ETag, so a reader who has the current file gets a 304. Locally there is no
 * CDN in front: this revalidation is what stands for it. A file is read again only when it
 * changed (a release renames a new one into place).
 */
export function createPublicDataFiles(directory: string): PublicDataHandler {
  const byPath = new Map(PUBLIC_FILE_NAMES.map((name) => [PUBLIC_FILES[name].path, name]));
  const store = directoryStore(directory);
  const cached = new Map<PublicFileName, { changed: string; body: Buffer; etag: string }>();

  const current = async (name: PublicFileName) => {
    const file = path.join(directory, ...PUBLIC_FILES[name].key.split('/'));
    const stats = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!stats) return undefined;
    const changed = `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
    const known = cached.get(name);
    if (known?.changed === changed) return known;
    const body = await store.read(name);
    if (!body) return undefined;
    const entry = { changed, body, etag: entityTag(body) };
    cached.set(name, entry);
    return entry;
  };

  return async (req, res, requestPath) => {
    const name = byPath.get(requestPath);
    if (!name) return false;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    req.resume();
    const found = await current(name);
    const file = PUBLIC_FILES[name];
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'access-control-allow-origin': '*',
      'cache-control': PUBLIC_FILE_CACHE_CONTROL,
      'content-type': file.contentType,
      ...(file.contentDisposition ? { 'content-disposition': file.contentDisposition } : {}),
    };
    if (!found) {
      // Publication writes both files when the platform starts: a missing one is a broken data directory.
      res.writeHead(503, { ...headers, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' });
      res.end('The export has not been published yet.');
      return true;
    }
    headers.etag = found.etag;
    if (req.headers['if-none-match'] === found.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': String(found.body.length) });
    res.end(method === 'HEAD' ? undefined : found.body);
    return true;
  };
}
