import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The two static front ends, the public site (`site/`) and the staff console (`console/`): each is
 * a folder `public/` of static files (index.html, CSS, icons) plus TypeScript modules under `src/`
 * bundled by esbuild from `src/main.ts`. They import `shared/` (schemas, areas, criteria, labels,
 * page URLs) directly, so a rule or a label exists once. The local platform and CDK build them with
 * this one function, so both runtimes serve the same files.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const WEB_APPS = {
  site: { dir: path.join(ROOT, 'site'), bundle: 'site.js' },
  console: { dir: path.join(ROOT, 'console'), bundle: 'console.js' },
} as const;
export type WebAppName = keyof typeof WEB_APPS;

/** Builds one front end into `outDir` (emptied first): its public files and its bundle. */
export async function buildWebApp(name: WebAppName, outDir: string): Promise<string> {
  const app = WEB_APPS[name];
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const publicDir = path.join(app.dir, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, outDir, { recursive: true });
  await build({
    entryPoints: [path.join(app.dir, 'src', 'main.ts')],
    outfile: path.join(outDir, app.bundle),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return outDir;
}
