import { describe, expect, it } from 'vitest';
import { runStaffCommand, type CognitoPort } from '../../scripts/staff.ts';

/**
 * `npm run staff` with the Cognito client faked at its one method: which calls it makes, with what,
 * and what the admin reads back — including AWS's refusals and usage mistakes.
 */

interface Call {
  command: string;
  input: Record<string, unknown>;
}

/** Records every command; `answers` gives a command's result, or the error it throws. */
function fakeCognito(answers: Record<string, (input: any) => unknown> = {}): CognitoPort & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async send(command: object) {
      const name = command.constructor.name;
      const input = (command as { input: Record<string, unknown> }).input;
      calls.push({ command: name, input });
      const answer = answers[name];
      return answer ? answer(input) : {};
    },
  };
}

function awsError(name: string): Error {
  const error = new Error(`${name} from the fake`);
  error.name = name;
  return error;
}

async function run(argv: string[], cognito: CognitoPort, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runStaffCommand(argv, { cognito, out: (line) => out.push(line), err: (line) => err.push(line), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const POOL = 'eu-west-1_Staff123';

describe('npm run staff', () => {
  it('adds a reviewer: creates the account with a verified address, then grants the group', async () => {
    const cognito = fakeCognito();
    const result = await run(['add', 'Rosa@Example.org', '--role', 'reviewer', '--name', 'Rosa Reviewer', '--user-pool-id', POOL], cognito);
    expect(result.code).toBe(0);
    expect(cognito.calls).toEqual([
      {
        command: 'AdminCreateUserCommand',
        input: {
          UserPoolId: POOL,
          Username: 'rosa@example.org',
          UserAttributes: [
            { Name: 'email', Value: 'rosa@example.org' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Rosa Reviewer' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
      { command: 'AdminAddUserToGroupCommand', input: { UserPoolId: POOL, Username: 'rosa@example.org', GroupName: 'reviewer' } },
    ]);
    expect(result.out).toContain('temporary password');
    expect(result.out).toContain('authenticator app');
  });

  it('grants a second role to an existing account instead of failing', async () => {
    const cognito = fakeCognito({
      AdminCreateUserCommand: () => {
        throw awsError('UsernameExistsException');
      },
    });
    const result = await run(['add', 'adil@example.org', '--role', 'admin', '--user-pool-id', POOL], cognito);
    expect(result.code).toBe(0);
    expect(cognito.calls.map((call) => call.command)).toEqual(['AdminCreateUserCommand', 'AdminAddUserToGroupCommand']);
    expect(cognito.calls[1]!.input.GroupName).toBe('admin');
    expect(result.out).toContain('already has an account');
  });

  it('removes a person: signs them out everywhere, then deletes the account', async () => {
    const cognito = fakeCognito();
    const result = await run(['remove', 'ren@example.org', '--user-pool-id', POOL], cognito);
    expect(result.code).toBe(0);
    expect(cognito.calls).toEqual([
      { command: 'AdminUserGlobalSignOutCommand', input: { UserPoolId: POOL, Username: 'ren@example.org' } },
      { command: 'AdminDeleteUserCommand', input: { UserPoolId: POOL, Username: 'ren@example.org' } },
    ]);
  });

  it('removes only a role when one is named', async () => {
    const cognito = fakeCognito();
    expect((await run(['remove', 'adil@example.org', '--role', 'admin', '--user-pool-id', POOL], cognito)).code).toBe(0);
    expect(cognito.calls).toEqual([{ command: 'AdminRemoveUserFromGroupCommand', input: { UserPoolId: POOL, Username: 'adil@example.org', GroupName: 'admin' } }]);
  });

  it('finds the stack\'s pool by name across pages when no id is given, or takes STAFF_USER_POOL_ID', async () => {
    const cognito = fakeCognito({
      ListUserPoolsCommand: (input) =>
        input.NextToken
          ? { UserPools: [{ Id: POOL, Name: 'open-gov-challenge-staff' }] }
          : { UserPools: [{ Id: 'eu-west-1_Other', Name: 'something-else' }], NextToken: 'page-2' },
    });
    expect((await run(['add', 'rosa@example.org', '--role', 'reviewer'], cognito)).code).toBe(0);
    expect(cognito.calls.filter((call) => call.command === 'ListUserPoolsCommand')).toHaveLength(2);
    expect(cognito.calls.at(-1)!.input.UserPoolId).toBe(POOL);

    const fromEnv = fakeCognito();
    expect((await run(['remove', 'rosa@example.org', '--role', 'reviewer'], fromEnv, { STAFF_USER_POOL_ID: 'eu-west-1_FromEnv' })).code).toBe(0);
    expect(fromEnv.calls.map((call) => call.input.UserPoolId)).toEqual(['eu-west-1_FromEnv']);
  });

  it('says so when no pool of that name exists, and changes nothing', async () => {
    const cognito = fakeCognito({ ListUserPoolsCommand: () => ({ UserPools: [] }) });
    const result = await run(['add', 'rosa@example.org', '--role', 'reviewer'], cognito);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--user-pool-id');
    expect(cognito.calls.map((call) => call.command)).toEqual(['ListUserPoolsCommand']);
  });

  it('refuses usage mistakes before calling AWS, with the usage', async () => {
    for (const argv of [
      [],
      ['promote', 'rosa@example.org'],
      ['add', 'not-an-address', '--role', 'reviewer'],
      ['add', 'rosa@example.org'],
      ['add', 'rosa@example.org', '--role', 'superuser'],
      ['add', 'rosa@example.org', '--role', 'reviewer', 'extra'],
      ['remove', 'rosa@example.org', '--name', 'Rosa'],
      ['add', 'rosa@example.org', '--role', 'reviewer', '--colour', 'blue'],
    ]) {
      const cognito = fakeCognito();
      const result = await run(argv, cognito);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toContain('usage:');
      expect(cognito.calls, argv.join(' ')).toEqual([]);
    }
  });

  it('reports what Cognito refused, in words', async () => {
    const missing = fakeCognito({
      AdminUserGlobalSignOutCommand: () => {
        throw awsError('UserNotFoundException');
      },
    });
    const gone = await run(['remove', 'nobody@example.org', '--user-pool-id', POOL], missing);
    expect(gone).toMatchObject({ code: 1, err: 'There is no staff account with that address.' });
    expect(missing.calls.map((call) => call.command)).toEqual(['AdminUserGlobalSignOutCommand']);

    const denied = fakeCognito({
      AdminCreateUserCommand: () => {
        throw awsError('AccessDeniedException');
      },
    });
    const refused = await run(['add', 'rosa@example.org', '--role', 'reviewer', '--user-pool-id', POOL], denied);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('AccessDeniedException');
    expect(denied.calls.map((call) => call.command)).toEqual(['AdminCreateUserCommand']);
  });
});
