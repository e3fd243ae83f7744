import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CONSOLE_DIR, consoleContentSecurityPolicy } from '../console-policy.ts';

/**
 * The staff review console (`console/`) under `/console/` on the local API's origin, so the page
 * and the API share an origin as they would behind one domain: no CORS, and `connect-src 'self'`.
 * In AWS the same files are served by CloudFront (infra/constructs/console-hosting.ts).
 */

export const CONSOLE_PREFIX = '/console/';

/** The policy CloudFront sends, less the API origin: locally the API is this origin. */
export const CONSOLE_CSP = consoleContentSecurityPolicy();

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // Files are read once at start: revalidating costs a 304, and an edited file shows after a restart.
  'cache-control': 'no-cache',
};

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Answers a request when its path is the console's; `false` leaves it to the next handler. */
export type ConsoleAssetHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

function listFiles(root: string, relative = ''): string[] {
  return readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    // Dotfiles (editor swap files, .DS_Store) are never part of the console.
    if (entry.name.startsWith('.')) return [];
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(root, name);
    return entry.isFile() ? [name] : [];
  });
}

/**
 * Reads every file of `root` once into memory. Requests are answered from that map only, by exact
 * name, so no request path ever reaches the file system: `..`, encoded slashes or symlinks added
 * later cannot escape the folder. Types outside `CONTENT_TYPES` are not served.
 */
export function loadConsoleAssets(root: string = CONSOLE_DIR): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(root)) return assets;
  for (const name of listFiles(root)) {
    const contentType = CONTENT_TYPES[path.extname(name).toLowerCase()];
    if (!contentType) continue;
    const body = readFileSync(path.join(root, name));
    assets.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  return assets;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer | string): void {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) });
  res.end(payload);
}

export function createConsoleAssets(root: string = CONSOLE_DIR): ConsoleAssetHandler {
  const assets = loadConsoleAssets(root);

  return (req, res, requestPath) => {
    if (requestPath !== '/console' && !requestPath.startsWith(CONSOLE_PREFIX)) return false;
    // Relative URLs in index.html (./app.js) resolve only under the trailing slash.
    if (requestPath === '/console') {
      req.resume();
      send(res, 308, { location: CONSOLE_PREFIX, 'content-type': 'text/plain; charset=utf-8' }, `See ${CONSOLE_PREFIX}`);
      return true;
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      send(res, 405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'The console is static: GET it.');
      return true;
    }
    const name = requestPath.slice(CONSOLE_PREFIX.length) || 'index.html';
    const asset = assets.get(name);
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
      res.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-length': String(asset.body.length) });
      res.end();
      return true;
    }
    send(res, 200, headers, asset.body);
    return true;
  };
}
