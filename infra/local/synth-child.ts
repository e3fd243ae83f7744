import { writeFile } from 'node:fs/promises';

/**
 * Child process of `synthesizeInChild` (cloud-template.ts): synthesizes the CDK app without
 * bundling and writes `{ ok, templates }` to the file named by argv[2]. The result goes to a file,
 * not stdout, because CDK and construct code may print to stdout.
 */

const outFile = process.argv[2];
if (!outFile) {
  console.error('usage: synth-child.ts <out-file>');
  process.exit(2);
}
// The platform holds our stdin: when it goes away, so do we.
process.stdin.on('end', () => process.exit(1));
process.stdin.on('error', () => process.exit(1));
process.stdin.resume();

const synthModule = new URL('../synth.ts', import.meta.url);
try {
  const { synthesizeTemplates } = (await import(synthModule.href)) as {
    synthesizeTemplates: (options: { bundle: boolean }) => Promise<{ stateful: unknown; stateless: unknown }> | { stateful: unknown; stateless: unknown };
  };
  const templates = await synthesizeTemplates({ bundle: false });
  await writeFile(outFile, JSON.stringify({ ok: true, templates }));
  process.exit(0);
} catch (error) {
  const missing =
    (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(synthModule.pathname);
  await writeFile(outFile, JSON.stringify({ ok: false, missing, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
  process.exit(1);
}
