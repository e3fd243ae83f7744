import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontEndContentSecurityPolicy } from '../../infra/web-policy.ts';
import { buildWebAssets, createWebAssets, loadWebAssets, type WebAssetHandler } from '../../infra/local/web-assets.ts';
import { REPOSITORY_ROOT, WEB_APPS } from '../../infra/web-apps.ts';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback-server.ts';

let parent: string;
let server: LoopbackServer;
let port: number;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the path exactly as written: fetch would normalise `..` away before sending. */
function request(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // A built app next to a secret, as the repository has package.json next to site/.
  parent = mkdtempSync(join(tmpdir(), 'ogc-web-assets-'));
  const root = join(parent, 'app');
  mkdirSync(join(root, 'img'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>site</title>');
  writeFileSync(join(root, 'site.js'), 'export {};');
  writeFileSync(join(root, 'img', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'notes.ts'), 'const secret = 1;');
  writeFileSync(join(parent, 'secret.json'), '{"secret":true}');

  const assets = loadWebAssets(root);
  const handlers: WebAssetHandler[] = [
    createWebAssets(assets, { mount: '/console/', contentSecurityPolicy: "default-src 'none'" }),
    createWebAssets(assets, { mount: '/', contentSecurityPolicy: frontEndContentSecurityPolicy() }),
  ];
  server = await serveOnLoopback((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/v1/') || !handlers.some((serve) => serve(req, res, path))) {
      res.writeHead(418);
      res.end('not a front end');
    }
  });
  port = server.port;
});

afterAll(async () => {
  await server.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('front ends served from memory', () => {
  it('answers every page path without an extension with index.html, with the CSP and security headers', async () => {
    for (const path of ['/', '/submit', '/reforms/OGC-2026-01-0001', '/status/OGC-2026-01-0001', '/stories/new']) {
      const response = await request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<title>site</title>');
      expect(response.headers['content-security-policy']).toBe(frontEndContentSecurityPolicy());
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves files by exact name with their types, and 404 for a missing file', async () => {
    expect((await request('/site.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await request('/img/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await request('/missing.js')).status).toBe(404);
  });

  it('mounts an app under a prefix, redirecting the bare prefix so relative URLs resolve', async () => {
    const redirect = await request('/console?x=1');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/console/');
    const page = await request('/console/cycles/2026-11');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe("default-src 'none'");
  });

  it('leaves paths outside its mount to others', async () => {
    expect((await request('/v1/health')).status).toBe(418);
  });

  it('never serves anything outside the folder, dotfiles or unlisted types', async () => {
    for (const path of ['/../secret.json', '/%2e%2e/secret.json', '/..%2fsecret.json', '/img/../../secret.json', '/.env', '/notes.ts', '/console/.env']) {
      const response = await request(path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain('secret');
    }
  });

  it('answers GET and HEAD only, and revalidates with an ETag', async () => {
    expect((await request('/submit', { method: 'POST' })).status).toBe(405);
    const head = await request('/site.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBe('export {};'.length);
    const first = await request('/site.js');
    const again = await request('/site.js', { headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('a front end built once for many starts', () => {
  const bundleOf = (assets: ReadonlyMap<string, { body: Buffer }>) => assets.get('console.js')?.body.toString('utf8') ?? '';

  it('is taken from the cache while its files are unchanged, and built again when one changes', async () => {
    const cacheDir = join(parent, 'cache');
    const kept = join(cacheDir, 'console');
    const built = await buildWebAssets('console', cacheDir);
    expect(bundleOf(built).length).toBeGreaterThan(1000);
    const manifest = JSON.parse(readFileSync(join(kept, '.built-from.json'), 'utf8'));
    const inputs = Object.keys(manifest.inputs);
    expect(inputs).toContain(join(WEB_APPS.console.dir, 'src', 'main.ts'));
    expect(inputs.some((file) => file.startsWith(join(REPOSITORY_ROOT, 'shared')))).toBe(true);
    expect(inputs).toContain(join(WEB_APPS.console.dir, 'tsconfig.json'));
    expect(manifest.publicFiles).toContain(join(WEB_APPS.console.dir, 'public', 'index.html'));

    // Marked in the cache: a second start serves the mark, so it did not build.
    appendFileSync(join(kept, 'console.js'), '\n// kept');
    expect(bundleOf(await buildWebAssets('console', cacheDir))).toMatch(/\/\/ kept$/);

    // One of its files as if edited since: built again, the mark gone.
    const [first] = inputs;
    writeFileSync(join(kept, '.built-from.json'), JSON.stringify({ ...manifest, inputs: { ...manifest.inputs, [first!]: 'edited' } }));
    const rebuilt = await buildWebAssets('console', cacheDir);
    expect(bundleOf(rebuilt)).toBe(bundleOf(built));

    // A cache it cannot read is built again too, and left readable.
    writeFileSync(join(kept, '.built-from.json'), '{');
    expect(bundleOf(await buildWebAssets('console', cacheDir))).toBe(bundleOf(built));
    expect(JSON.parse(readFileSync(join(kept, '.built-from.json'), 'utf8')).inputs).toEqual(manifest.inputs);
    expect(readdirSync(cacheDir)).toEqual(['console']);
  });
});
