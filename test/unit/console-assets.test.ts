import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { WEB_APPS } from '../../infra/web-apps.ts';
import { createConsoleAssets } from '../../infra/local/console-assets.ts';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback-server.ts';

/**
 * The console as the local platform serves it: built by esbuild from console/src, under /console/,
 * with index.html for every console address (the page routes on the client) and its security headers.
 */

let server: LoopbackServer;
let base: string;

beforeAll(async () => {
  const serve = await createConsoleAssets();
  server = await serveOnLoopback((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!serve(req, res, path)) {
      res.writeHead(418);
      res.end('not the console');
    }
  });
  base = server.url;
});

afterAll(async () => {
  await server.close();
});

describe('the built console', () => {
  it('serves index.html at every console address, with a strict CSP', async () => {
    for (const path of [
      PAGE_PATHS.console,
      PAGE_PATHS.consoleCycle('2026-11'),
      PAGE_PATHS.consoleSubmission('2026-11', 'OGC-2026-11-0042'),
      PAGE_PATHS.consoleCycleSummary('2026-11'),
      PAGE_PATHS.consoleMembers,
      PAGE_PATHS.consoleCriteria,
      PAGE_PATHS.consoleDesignations,
      PAGE_PATHS.consoleStories,
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      // Absolute asset paths: relative ones would break under /console/cycles/….
      expect(html).toContain('src="/console/console.js"');
      expect(html).toContain('href="/console/console.css"');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('serves the bundle and the stylesheet with their types, and nothing else', async () => {
    const script = await fetch(`${base}/console/console.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(10_000);
    expect((await fetch(`${base}/console/console.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${base}/console/app.js`)).status).toBe(404);
    expect((await fetch(`${base}/console/../package.json`)).status).not.toBe(200);
  });

  it('redirects /console to /console/ and leaves other paths alone', async () => {
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/console/');
    expect((await fetch(`${base}/v1/health`)).status).toBe(418);
    expect((await fetch(`${base}/consoles`)).status).toBe(418);
  });
});

describe('the console sources', () => {
  const sourceDir = join(WEB_APPS.console.dir, 'src');
  const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));

  it('never turn API data into markup', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(readFileSync(join(sourceDir, file), 'utf8'), file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    }
  });
});
