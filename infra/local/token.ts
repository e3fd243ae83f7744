import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEV_USERS, KEY_FILE_NAME, createJwtIssuer, findDevUser } from './jwt-issuer.ts';
import { REPO_ROOT } from './lambda-runtime.ts';

/**
 * `npm run token -- admin@example.org` prints a bearer token for a dev user: from the running
 * platform's dev sign-in, or — when it is not running — signed with the key persisted in `.data/`
 * (valid once the platform runs again on the same port). Only the token goes to stdout:
 *   TOKEN=$(npm run --silent token -- admin@example.org)
 */

const email = process.argv[2];
if (!email || !findDevUser(email)) {
  console.error(`usage: npm run token -- <email>\ndev users: ${DEV_USERS.map((user) => `${user.email} (${user.groups.join(', ')})`).join(', ')}`);
  process.exit(2);
}

const port = process.env.PORT || '3000';
const apiUrl = `http://localhost:${port}`;

async function fromRunningPlatform(): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/local/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) throw new Error(`the dev sign-in answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return undefined;
    throw error;
  }
}

let token = await fromRunningPlatform();
if (!token) {
  const dataDir = path.resolve(process.env.OGC_DATA_DIR ?? path.join(REPO_ROOT, '.data'));
  if (!existsSync(path.join(dataDir, KEY_FILE_NAME))) {
    console.error(`The platform is not running on port ${port} and ${path.join(dataDir, KEY_FILE_NAME)} does not exist: run npm start first.`);
    process.exit(1);
  }
  console.error(`(platform not running on port ${port}: signed with the key in ${dataDir})`);
  token = await (await createJwtIssuer({ apiUrl, dataDir })).tokenFor(email);
}
console.log(token);
