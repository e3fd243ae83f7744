import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR } from '../../infra/console-policy.ts';
import { createConsoleAssets } from '../../infra/local/console-assets.ts';
import { AREA_IDS } from '../../shared/domain/areas.ts';
import { INITIAL_CRITERIA } from '../../shared/domain/criteria.ts';

let root: string;
let server: http.Server;
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
  // A console folder next to a secret, as the repository has package.json next to console/.
  const parent = mkdtempSync(join(tmpdir(), 'ogc-console-assets-'));
  root = join(parent, 'console');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  writeFileSync(join(root, 'sub', 'theme.css'), 'body{}');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'notes.ts'), 'const secret = 1;');
  writeFileSync(join(parent, 'secret.json'), '{"secret":true}');

  const serve = createConsoleAssets(root);
  server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!serve(req, res, path)) {
      res.writeHead(418);
      res.end('not the console');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(join(root, '..'), { recursive: true, force: true });
});

describe('local console assets', () => {
  it('serves index.html at /console/ with its content type and security headers', async () => {
    const response = await request('/console/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<title>console</title>');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('gives scripts and styles their types, also in subfolders', async () => {
    expect((await request('/console/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await request('/console/sub/theme.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('redirects /console to /console/ so relative URLs resolve', async () => {
    const response = await request('/console?x=1');
    expect(response.status).toBe(308);
    expect(response.headers.location).toBe('/console/');
  });

  it('leaves other paths to the API', async () => {
    expect((await request('/v1/health')).status).toBe(418);
    expect((await request('/consoles')).status).toBe(418);
  });

  it('never serves anything outside the folder, dotfiles or unlisted types', async () => {
    for (const path of [
      '/console/../secret.json',
      '/console/%2e%2e/secret.json',
      '/console/..%2fsecret.json',
      '/console/sub/../../secret.json',
      '/console//etc/passwd',
      '/console/.env',
      '/console/notes.ts',
      '/console/missing.js',
    ]) {
      const response = await request(path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain('secret');
    }
  });

  it('answers GET and HEAD only, and revalidates with an ETag', async () => {
    expect((await request('/console/', { method: 'POST' })).status).toBe(405);
    const head = await request('/console/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBe('export {};'.length);

    const first = await request('/console/app.js');
    const again = await request('/console/app.js', { headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('the console page', () => {
  const app = readFileSync(join(CONSOLE_DIR, 'app.js'), 'utf8');
  const block = (name: string) => {
    const match = new RegExp(`const ${name} = \\[([\\s\\S]*?)\\]`).exec(app);
    if (!match?.[1]) throw new Error(`console/app.js has no ${name}`);
    return match[1];
  };

  it('names the criteria as shared/domain/criteria.ts does', () => {
    const criteria = [...block('CRITERIA').matchAll(/\{ id: '([^']+)', name: '([^']+)' \}/g)].map((match) => ({ id: match[1], name: match[2] }));
    expect(criteria).toEqual(INITIAL_CRITERIA.criteria.map((criterion) => ({ id: criterion.id, name: criterion.name.en })));
  });

  it('falls back to the ten area ids of shared/domain/areas.ts', () => {
    expect([...block('FALLBACK_AREAS').matchAll(/'([a-z-]+)'/g)].map((match) => match[1])).toEqual([...AREA_IDS]);
  });

  it('never turns API data into markup', () => {
    expect(app).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });
});
