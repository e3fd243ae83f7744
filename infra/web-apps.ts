import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';

/**
 * The two static front ends, the public site (`site/`) and the staff console (`console/`): each is
 * a folder `public/` of static files (index.html, CSS, icons) plus TypeScript modules under `src/`
 * bundled by esbuild from `src/main.ts`. They import `shared/` (schemas, areas, criteria, labels,
 * page URLs) directly, so a rule or a label exists once. The local platform and CDK build them with
 * this one function, so both runtimes serve the same files.
 */
export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const WEB_APPS = {
  site: { dir: path.join(REPOSITORY_ROOT, 'site'), bundle: 'site.js' },
  console: { dir: path.join(REPOSITORY_ROOT, 'console'), bundle: 'console.js' },
} as const;
export type WebAppName = keyof typeof WEB_APPS;

const BUNDLE_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** What decides a build's output besides its input files: the bundler and how it is asked to bundle. */
export const WEB_BUILD_RECIPE = JSON.stringify({ esbuild: esbuildVersion, ...BUNDLE_OPTIONS });

export interface WebAppBuild {
  outDir: string;
  /** Every file the build read (absolute paths): the bundle's modules, the TypeScript configs and the app's public files. */
  inputs: string[];
  /** The app's public files among them (`publicFilesOf`). */
  publicFiles: string[];
}

/** The app's public files (absolute paths), copied as they are beside the bundle. */
export function publicFilesOf(name: WebAppName): string[] {
  const publicDir = path.join(WEB_APPS[name].dir, 'public');
  if (!existsSync(publicDir)) return [];
  return readdirSync(publicDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Builds one front end into `outDir` (emptied first): its public files and its bundle. */
export async function buildWebApp(name: WebAppName, outDir: string): Promise<WebAppBuild> {
  const app = WEB_APPS[name];
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const publicDir = path.join(app.dir, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, outDir, { recursive: true });
  const { metafile } = await build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: REPOSITORY_ROOT,
    entryPoints: [path.join(app.dir, 'src', 'main.ts')],
    outfile: path.join(outDir, app.bundle),
    metafile: true,
  });
  const modules = Object.keys(metafile.inputs).map((input) => path.resolve(REPOSITORY_ROOT, input));
  // esbuild also reads the tsconfig.json nearest each module (module resolution, class fields).
  const configs = [path.join(app.dir, 'tsconfig.json'), path.join(REPOSITORY_ROOT, 'tsconfig.json')].filter((file) => existsSync(file));
  const publicFiles = publicFilesOf(name);
  return { outDir, inputs: [...modules, ...configs, ...publicFiles].sort(), publicFiles };
}
