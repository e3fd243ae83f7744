import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A fresh clone holds everything the project needs: no code, script or configuration may reach
 * for a `shared` folder outside the repository (the one beside the checkout where the
 * specification lives). Relative paths to the project's own `shared/` are fine; a path that
 * climbs out of the repository, or an absolute one, is not.
 */

const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const THIS_FILE = fileURLToPath(import.meta.url);
const SCANNED_DIRS = ['infra', 'shared', 'functions', 'site', 'console', 'scripts', 'bench', 'test'];
const SCANNED_ROOT_FILES = ['package.json', 'cdk.json', 'tsconfig.json', 'vitest.config.ts'];
const CODE_FILE = /\.(?:[cm]?[jt]sx?|json|html)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', '.data', 'dist', 'screenshots']);

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a folder this checkout does not have (yet)
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(full);
    return CODE_FILE.test(entry.name) ? [full] : [];
  });
}

/** The paths in one file's text that lead to a `shared` folder outside the repository. */
function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  // An absolute path to the folder beside the checkout.
  for (const match of text.matchAll(/\/work\/shared\b/g)) found.push(match[0]);
  // A relative path (import specifier, file read, `new URL(…, import.meta.url)`), resolved from the file's folder.
  for (const match of text.matchAll(/(["'`])((?:\.\.\/)+shared(?:\/[^"'`\s]*)?)\1/g)) {
    const target = path.resolve(path.dirname(file), match[2]!);
    if (!target.startsWith(REPO_ROOT + path.sep)) found.push(match[2]!);
  }
  // Path segments joined at run time: `path.resolve(ROOT, '..', 'shared', …)`.
  for (const match of text.matchAll(/["']\.\.["']\s*,\s*["']shared["']/g)) found.push(match[0]);
  return found;
}

describe('the project is self-contained', () => {
  it('spots the ways a path can leave the repository', () => {
    const demo = path.join(REPO_ROOT, 'infra', 'local', 'demo.ts');
    expect(outsidePaths(demo, "path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'published-reforms.json')")).not.toEqual([]);
    expect(outsidePaths(demo, "readFileSync('../../../shared/fixtures/published-reforms.json')")).not.toEqual([]);
    expect(outsidePaths(demo, "new URL('../../../shared/fixtures/x.json', import.meta.url)")).not.toEqual([]);
    expect(outsidePaths(demo, "const file = '/work/shared/fixtures/published-reforms.json';")).not.toEqual([]);
    // The project's own shared code, imported relatively, is inside the repository.
    expect(outsidePaths(demo, "import { areaName } from '../../shared/domain/areas.ts';")).toEqual([]);
    expect(outsidePaths(path.join(REPO_ROOT, 'bench', 'run.ts'), "import x from '../shared/domain/areas.ts';")).toEqual([]);
  });

  it('has no code, script or configuration that reads a shared folder outside it', () => {
    const files = [...SCANNED_DIRS.flatMap((dir) => filesUnder(path.join(REPO_ROOT, dir))), ...SCANNED_ROOT_FILES.map((name) => path.join(REPO_ROOT, name))]
      .filter((file) => file !== THIS_FILE);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      return outsidePaths(file, text).map((found) => `${path.relative(REPO_ROOT, file)}: ${found}`);
    });
    expect(offenders).toEqual([]);
  });
});
