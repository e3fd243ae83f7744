import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DEV_USERS } from './jwt-issuer.ts';
import { REPO_ROOT } from './lambda-runtime.ts';
import { startPlatform } from './platform.ts';

/**
 * `npm start`: the whole platform on this machine, data under `.data/` so a restart keeps every
 * submission. `npm run start:fresh` wipes `.data/` first. Ctrl-C stops everything it started.
 *
 * Ports: PORT (API, 3000), DYNAMODB_PORT (8000), SES_PORT (8005), STEPFUNCTIONS_PORT (8083).
 * SES_URL uses an SES emulator already running instead of starting one. LOCAL_FAULTS injects
 * faults at the SDK boundary (see infra/local/fault-injection.ts; `npm run faults` sets both).
 * Other variables the handlers read (REVIEW_TIME_ZONE, REVIEW_DEADLINE_SECONDS, …) pass through.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name}=${raw} is not a port number`);
  return value;
}

const dataDir = path.resolve(process.env.OGC_DATA_DIR ?? path.join(REPO_ROOT, '.data'));
if (process.argv.includes('--fresh')) {
  await rm(dataDir, { recursive: true, force: true });
  console.log(`Wiped ${path.relative(process.cwd(), dataDir) || dataDir}`);
}

let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform({
    apiPort: port('PORT', 3000),
    dynamoPort: port('DYNAMODB_PORT', 8000),
    sesPort: port('SES_PORT', 8005),
    ...(process.env.SES_URL ? { sesUrl: process.env.SES_URL } : {}),
    stepFunctionsPort: port('STEPFUNCTIONS_PORT', 8083),
    dataDir,
  });
} catch (error) {
  console.error(`\nThe local platform could not start:\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const api = platform.apiUrl.replace('127.0.0.1', 'localhost');
const lines = [
  '',
  'Open Gov Challenge — local platform',
  `  Public site    ${api}/   (tracker, submission form, stories)`,
  `  API            ${api}/v1   (OpenAPI: ${api}/v1/openapi.json, index: ${api}/local/)`,
  `  Review console ${api}/console/   (sign in as a dev user below)`,
  `  Mail inbox     ${platform.inboxUrl}`,
  `  DynamoDB       ${platform.dynamoEndpoint}   tables: ${Object.values(platform.tables).join(', ')}`,
  `  Step Functions ${platform.stepFunctionsUrl}   (aws stepfunctions --endpoint-url ${platform.stepFunctionsUrl} ...)`,
  ...Object.entries(platform.stateMachines).map(([name, arn]) => `                 ${name}: ${arn}`),
  `  Data           ${dataDir}`,
  '',
  'Dev users (staff routes):',
  ...DEV_USERS.map((user) => `  ${user.email.padEnd(24)} ${user.groups.join(', ')}`),
  'Token:  npm run token -- admin@example.org',
  `   or:  curl -s -X POST -H 'content-type: application/json' -d '{"email":"admin@example.org"}' ${api}/local/auth/token`,
  `Demo data (in another terminal): ${api.endsWith(':3000') && platform.dynamoEndpoint.endsWith(':8000') && platform.inboxUrl.endsWith(':8005') ? '' : `OGC_API_URL=${api} OGC_DYNAMODB_URL=${platform.dynamoEndpoint} OGC_INBOX_URL=${platform.inboxUrl} `}npm run demo`,
  '',
  'Running review cycles are kept with the data: after a restart, every waiting decision and',
  "the admin's sign-off resume where they stood.",
  'Ctrl-C stops everything.',
  '',
];
console.log(lines.join('\n'));

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) {
    // A second Ctrl-C: leave now; the exit hook still stops the children.
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  platform
    .stop()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGHUP', () => shutdown('SIGHUP'));
