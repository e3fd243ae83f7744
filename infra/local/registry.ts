import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContactsCsvError } from '../../shared/domain/contacts-csv.ts';
import { importContacts } from '../../shared/registry/contacts-import.ts';
import { onceForContent } from '../../shared/store/registry.ts';
import { REPO_ROOT } from './lambda-runtime.ts';

/**
 * The registry's local side: the key that signs the POCs' designation links (a Secrets Manager
 * secret on AWS), the demo's invented contacts, and the daily designation reminders (an
 * EventBridge schedule on AWS).
 */

export const DESIGNATION_KEY_FILE_NAME = 'designation-signing-key';
export const DEMO_CONTACTS_FILE = path.join(REPO_ROOT, 'infra', 'local', 'demo-data', 'contacts.csv');

/** The key persisted under `dataDir` (links in the inbox keep working after a restart), else one per run. */
export async function loadOrCreateDesignationKey(dataDir: string | null): Promise<string> {
  const created = randomBytes(32).toString('base64url');
  if (dataDir === null) return created;
  const file = path.join(dataDir, DESIGNATION_KEY_FILE_NAME);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Unreadable designation key ${file}: delete it to get a new one`, { cause: error });
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, created, { mode: 0o600 });
  return created;
}

/**
 * Loads the demo's invented example.org contacts into the registry, once per version of the file
 * (so an admin's later edits survive restarts). The deployed registry starts with no contacts; this
 * file is the only contacts file the repository holds. A missing file is no error.
 */
export async function importDemoContacts(file = DEMO_CONTACTS_FILE): Promise<{ imported: boolean; refused?: ContactsCsvError }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { imported: false };
    throw error;
  }
  try {
    const imported = await onceForContent('contacts', text, async () => {
      await importContacts(text, 'local demo data (contacts.csv)');
    });
    return { imported };
  } catch (error) {
    // A demo file out of step with the registry imports nothing, and the platform still starts.
    if (error instanceof ContactsCsvError) return { imported: false, refused: error };
    throw error;
  }
}

const REMINDER_CHECK_MS = 60 * 60 * 1000;

/**
 * Runs the reminder function every hour while the platform runs (it sends only what is due). The
 * function is imported when first run, as the platform imports every handler: after the environment is set.
 */
export function startDesignationReminderTimer(log: (message: string) => void): { stop(): void } {
  const run = async () => {
    const { handler } = await import('../../functions/designation-reminders/handler.ts');
    await handler();
  };
  const timer = setInterval(() => {
    run().catch((error: unknown) => log(`designation reminders failed: ${String(error)}`));
  }, REMINDER_CHECK_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
