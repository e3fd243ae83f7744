import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { LOCAL_REGION, localCredentialsEnvironment, tableEnvironment } from '../infra/local/dynamodb.ts';
import { ENV } from '../shared/config/constants.ts';
import { CONTACTS_CSV_HEADER, ContactsCsvError } from '../shared/domain/contacts-csv.ts';
import { REVIEW_TABLE, SUBMISSIONS_TABLE } from '../shared/store/tables.ts';

/**
 * `npm run registry -- import contacts.csv`: loads POC contacts into the member registry.
 *
 *   locally (default)  the running platform's DynamoDB Local (DYNAMODB_PORT, default 8000)
 *   --aws              the deployed tables, with the usual AWS credentials (AWS_PROFILE, …) and
 *                      --submissions-table / --review-table (or SUBMISSIONS_TABLE / REVIEW_TABLE),
 *                      as the stack outputs name them
 *
 * The whole file is checked first; a file with any problem imports nothing.
 */

const USAGE = `usage: npm run registry -- import <contacts.csv> [--aws --submissions-table NAME --review-table NAME] [--actor WHO]

The file: UTF-8 CSV, header ${CONTACTS_CSV_HEADER.join(',')}, one contact per line, language en|fr|es.
For each member it names, its contacts replace that member's list; other members keep theirs.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    aws: { type: 'boolean', default: false },
    'submissions-table': { type: 'string' },
    'review-table': { type: 'string' },
    actor: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const [command, file] = positionals;
if (values.help || command !== 'import' || !file) fail(USAGE);

if (values.aws) {
  const submissions = values['submissions-table'] ?? process.env[SUBMISSIONS_TABLE.envVar];
  const review = values['review-table'] ?? process.env[REVIEW_TABLE.envVar];
  if (!submissions || !review) fail(`--aws needs the table names: --submissions-table and --review-table (see the stack outputs)\n\n${USAGE}`);
  Object.assign(process.env, { [SUBMISSIONS_TABLE.envVar]: submissions, [REVIEW_TABLE.envVar]: review });
} else {
  Object.assign(process.env, {
    ...tableEnvironment(),
    [ENV.dynamodbEndpoint]: `http://127.0.0.1:${process.env.DYNAMODB_PORT || '8000'}`,
    AWS_REGION: LOCAL_REGION,
    ...localCredentialsEnvironment(),
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}

const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => fail(`Cannot read ${file}: ${error.message}`));
const actor = values.actor ?? `registry import by ${userInfo().username}`;
// Imported once the environment names the tables and endpoint.
const { importContacts } = await import('../shared/registry/contacts-import.ts');
try {
  const report = await importContacts(text, actor);
  console.log(`${report.contacts} contact(s) read; ${report.updated.length} member(s) updated, ${report.unchanged.length} already up to date.`);
  if (report.updated.length > 0) console.log(`updated: ${report.updated.join(', ')}`);
} catch (error) {
  if (error instanceof ContactsCsvError) {
    console.error(`Nothing was imported.\n${error.message}`);
    process.exit(1);
  }
  if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' || (error as { code?: string }).code === 'ECONNREFUSED') {
    fail('DynamoDB Local is not reachable: start the platform (npm start) first, or pass --aws for the deployed tables.');
  }
  throw error;
}
