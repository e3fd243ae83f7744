import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  type ListUserPoolsCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { ROLES, type Role } from '../shared/config/constants.ts';
import { STAFF_USER_POOL_NAME } from '../infra/constructs/staff-auth.ts';
import { isEntryPoint } from '../infra/entry-point.ts';

/**
 * Staff onboarding on AWS, one command per change of a person's access:
 *   npm run staff -- add <email> --role reviewer|admin [--name "Full Name"]
 *   npm run staff -- remove <email> [--role reviewer|admin]
 * with `--user-pool-id <StaffUserPoolId output>` (or STAFF_USER_POOL_ID), else the pool the stateful
 * stack created is found by its name; `--region` or the AWS CLI's region and credentials.
 */

export const USAGE = `usage:
  npm run staff -- add <email> --role reviewer|admin [--name "Full Name"] [--user-pool-id <id>] [--region <region>]
  npm run staff -- remove <email> [--role reviewer|admin] [--user-pool-id <id>] [--region <region>]

add     creates the account (Cognito e-mails a temporary password) and grants the role;
        run it again with the other role to grant both.
remove  with --role, takes that role away; without, signs the person out everywhere and deletes the account.
The user pool is the StaffUserPoolId output of the OpenGovChallenge-Stateful stack.`;

/** The SDK client's one method this command uses, so tests can stand in for AWS at that boundary. */
export interface CognitoPort {
  send(command: object): Promise<unknown>;
}

export interface StaffCommandIo {
  cognito: CognitoPort;
  out: (line: string) => void;
  err: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

const emailSchema = z.email();
const roleSchema = z.enum(ROLES);

const errorName = (error: unknown) => (error instanceof Error ? error.name : '');

function parse(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        name: { type: 'string' },
        'user-pool-id': { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true } as const;
  const [action, email, ...extra] = positionals;
  if (action !== 'add' && action !== 'remove') throw new UsageError(action ? `Unknown action "${action}": use add or remove.` : 'Say what to do: add or remove.');
  if (!email || !emailSchema.safeParse(email).success) throw new UsageError(email ? `"${email}" is not an e-mail address.` : 'Give the person\'s e-mail address.');
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  let role: Role | undefined;
  if (values.role !== undefined) {
    const checked = roleSchema.safeParse(values.role);
    if (!checked.success) throw new UsageError(`--role must be ${ROLES.join(' or ')}, not "${values.role}".`);
    role = checked.data;
  }
  if (action === 'add' && !role) throw new UsageError(`add needs --role ${ROLES.join('|')}.`);
  if (action === 'remove' && values.name !== undefined) throw new UsageError('--name is for add only.');
  return { help: false, action, email: email.trim().toLowerCase(), role, name: values.name, userPoolId: values['user-pool-id'], region: values.region } as const;
}

/** The pool named by the stateful stack, when no id was given: exactly one must exist in the region. */
async function findUserPool(cognito: CognitoPort): Promise<string> {
  const matches: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = (await cognito.send(new ListUserPoolsCommand({ MaxResults: 60, ...(nextToken ? { NextToken: nextToken } : {}) }))) as ListUserPoolsCommandOutput;
    for (const pool of page.UserPools ?? []) if (pool.Name === STAFF_USER_POOL_NAME && pool.Id) matches.push(pool.Id);
    nextToken = page.NextToken;
  } while (nextToken);
  if (matches.length === 1) return matches[0]!;
  throw new UsageError(
    matches.length === 0
      ? `No user pool named ${STAFF_USER_POOL_NAME} in this region: deploy the stacks first, or pass --user-pool-id (the StaffUserPoolId output).`
      : `Several user pools are named ${STAFF_USER_POOL_NAME} (${matches.join(', ')}): pass --user-pool-id.`,
  );
}

async function add(io: StaffCommandIo, userPoolId: string, email: string, role: Role, name: string | undefined): Promise<void> {
  try {
    await io.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          // The address is the one the admin typed and Cognito mails the temporary password to.
          { Name: 'email_verified', Value: 'true' },
          ...(name ? [{ Name: 'name', Value: name }] : []),
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    io.out(`Created ${email}: Cognito has e-mailed a temporary password.`);
  } catch (error) {
    if (errorName(error) !== 'UsernameExistsException') throw error;
    io.out(`${email} already has an account.`);
  }
  await io.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: role }));
  io.out(`${email} now has the ${role} role. At the first sign-in to the console they choose a password and enrol an authenticator app (TOTP).`);
}

async function remove(io: StaffCommandIo, userPoolId: string, email: string, role: Role | undefined): Promise<void> {
  if (role) {
    await io.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: role }));
    io.out(`${email} no longer has the ${role} role (from their next sign-in or token renewal, within the hour).`);
    return;
  }
  // Revokes every refresh token first, so no session outlives the account by more than an ID token's hour.
  await io.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: email }));
  await io.cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
  io.out(`Deleted ${email}'s account; tokens already issued expire within the hour.`);
}

/** Runs one staff command; resolves to the process exit code (0 done, 1 AWS refused, 2 usage). */
export async function runStaffCommand(argv: readonly string[], io: StaffCommandIo): Promise<number> {
  try {
    const command = parse(argv);
    if (command.help) {
      io.out(USAGE);
      return 0;
    }
    const userPoolId = command.userPoolId ?? io.env?.STAFF_USER_POOL_ID ?? (await findUserPool(io.cognito));
    if (command.action === 'add') await add(io, userPoolId, command.email, command.role!, command.name);
    else await remove(io, userPoolId, command.email, command.role);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    const name = errorName(error);
    if (name === 'UserNotFoundException') io.err('There is no staff account with that address.');
    else if (name === 'ResourceNotFoundException') io.err('The user pool or the group does not exist: check --user-pool-id and the region.');
    else io.err(`Cognito refused: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  const argv = process.argv.slice(2);
  const region = parseArgs({ args: argv, strict: false, allowPositionals: true }).values.region;
  const cognito = new CognitoIdentityProviderClient(typeof region === 'string' ? { region } : {});
  process.exitCode = await runStaffCommand(argv, { cognito, out: console.log, err: console.error, env: process.env });
}
