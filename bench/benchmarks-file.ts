import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** BENCHMARKS.md at the repository's root, which `npm run bench` writes and a few benchmarks add a section of their own to. */
export const BENCHMARKS_FILE = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

/** A section of BENCHMARKS.md: from its `## heading` line to the next heading or the end. */
export const sectionPattern = (heading: string) => new RegExp(`## ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`);

/** Replaces the section under `heading` (or appends it), leaving the rest of the file as it was. */
export function writeBenchmarksSection(heading: string, lines: readonly string[]): void {
  const section = lines.join('\n');
  const current = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const existing = sectionPattern(heading);
  writeFileSync(BENCHMARKS_FILE, existing.test(current) ? current.replace(existing, section) : `${current.trimEnd()}\n\n${section}`);
}
