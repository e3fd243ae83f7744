import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FRONT_END_SECURITY_HEADERS, frontEndContentSecurityPolicy } from '../web-policy.ts';
import { buildWebApp, type WebAppName } from '../web-apps.ts';

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

/** Builds an app with `buildWebApp` into a scratch folder and keeps the result in memory only. */
export async function buildWebAssets(name: WebAppName): Promise<ReadonlyMap<string, WebAsset>> {
  const outDir = mkdtempSync(path.join(tmpdir(), `ogc-${name}-`));
  try {
    await buildWebApp(name, outDir);
    return loadWebAssets(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
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
