import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as createCriteria } from '../../functions/admin-create-criteria/handler.ts';
import { handler as createMember } from '../../functions/admin-create-member/handler.ts';
import { handler as listCriteria } from '../../functions/admin-list-criteria/handler.ts';
import { handler as listAdminMembers } from '../../functions/admin-list-members/handler.ts';
import { handler as updateMember } from '../../functions/admin-update-member/handler.ts';
import { handler as listMembers } from '../../functions/list-members/handler.ts';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { INITIAL_CRITERIA } from '../../shared/domain/criteria.ts';
import { ContactsCsvError } from '../../shared/domain/contacts-csv.ts';
import { importContacts } from '../../shared/registry/contacts-import.ts';
import { readAuditTrail } from '../../shared/store/audit.ts';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { CRITERIA_SUBJECT, getMember, memberSubject, replaceMember, seedReferenceData } from '../../shared/store/registry.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';
import { invoke, useOwnTables } from '../support/in-process.ts';
import { apiJson, platform, tokenFor } from '../support/platform.ts';

/**
 * Registry and criteria administration through the real handlers, on tables of this file's own
 * (so other files' members and criteria are untouched), and the contacts import, in process and
 * through `npm run registry` against the shared platform.
 */

beforeAll(async () => {
  await useOwnTables('admin-');
});

const unique = () => randomUUID().slice(0, 8);
const ADMIN = 'admin@example.org';
const REVIEWER = 'reviewer@example.org';

function newMember(id: string) {
  return {
    id,
    name: 'Atlantis',
    kind: 'national',
    country: 'Atlantis',
    region: 'europe',
    contacts: [{ name: 'Élise Durand', email: `elise.${id}@example.org`, language: 'fr' }],
  };
}

describe('the members of the registry', () => {
  it('are seeded again at every start without touching an admin\'s edit, and a missing one comes back', async () => {
    const edited = (await getMember('burkina-faso'))!;
    const at = new Date().toISOString();
    expect(await replaceMember({ ...edited, name: 'Burkina Faso (as the admin spells it)', version: edited.version + 1 }, edited.version, { actor: ADMIN, action: 'member-updated' }, at)).toBe(true);
    await dynamo().send(new DeleteCommand({ TableName: submissionsTable(), Key: keys.member('cabo-verde') }));

    expect(await seedReferenceData()).toEqual({ created: 1 });
    expect(await getMember('burkina-faso')).toMatchObject({ name: 'Burkina Faso (as the admin spells it)', version: edited.version + 1 });
    expect(await getMember('cabo-verde')).toMatchObject({ name: 'Cabo Verde', version: 1, contacts: [] });
    expect(await seedReferenceData()).toEqual({ created: 0 });
  });

  it('are admin-only: anonymous 401, reviewer 403, admin 200, for every route', async () => {
    const reviewer = await tokenFor(REVIEWER);
    const admin = await tokenFor(ADMIN);
    const id = `auth-${unique()}`;
    const calls = [
      (token?: string) => invoke(listAdminMembers, 'GET', '/v1/admin/members', { ...(token ? { token } : {}) }),
      (token?: string) => invoke(createMember, 'POST', '/v1/admin/members', { body: newMember(id), ...(token ? { token } : {}) }),
      (token?: string) =>
        invoke(updateMember, 'PUT', '/v1/admin/members/{memberId}', {
          pathParameters: { memberId: id },
          headers: { 'If-Match': '"1"' },
          body: { ...newMember(id), id: undefined, name: 'Atlantis (renamed)', retired: false },
          ...(token ? { token } : {}),
        }),
      (token?: string) => invoke(createCriteria, 'POST', '/v1/admin/criteria', { body: { period: INITIAL_CRITERIA.period, criteria: INITIAL_CRITERIA.criteria }, ...(token ? { token } : {}) }),
    ];
    for (const call of calls) {
      expect((await call()).status).toBe(401);
      const forbidden = await call(reviewer);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
    }
    expect((await calls[0]!(admin)).status).toBe(200);
    expect((await calls[1]!(admin)).status).toBe(201);
    expect((await calls[2]!(admin)).status).toBe(200);
    expect((await calls[3]!(admin)).status).toBe(201);
    // Reading the criteria is for every reviewer.
    expect((await invoke(listCriteria, 'GET', '/v1/admin/criteria')).status).toBe(401);
    expect((await invoke(listCriteria, 'GET', '/v1/admin/criteria', { token: reviewer })).status).toBe(200);
  });

  it('are seeded without contacts, and added, edited and retired by an admin with every change audited', async () => {
    const admin = await tokenFor(ADMIN);
    const id = `atlantis-${unique()}`;

    const seeded = await invoke(listAdminMembers, 'GET', '/v1/admin/members', { token: admin });
    expect(seeded.body.items.find((member: { id: string }) => member.id === 'kenya')).toMatchObject({ id: 'kenya', kind: 'national', retired: false, contacts: [], version: 1 });

    const created = await invoke(createMember, 'POST', '/v1/admin/members', { token: admin, body: newMember(id) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ ...newMember(id), retired: false, version: 1 });
    expect((await invoke(createMember, 'POST', '/v1/admin/members', { token: admin, body: newMember(id) })).body.error.code).toBe('conflict');

    const edit = (version: string | undefined, body: Record<string, unknown>) =>
      invoke(updateMember, 'PUT', '/v1/admin/members/{memberId}', {
        token: admin,
        pathParameters: { memberId: id },
        ...(version ? { headers: { 'If-Match': version } } : {}),
        body: { name: 'Atlantis', kind: 'national', country: 'Atlantis', region: 'europe', retired: false, contacts: newMember(id).contacts, ...body },
      });
    const contacts = [...newMember(id).contacts, { name: 'Pablo Ruiz', email: `pablo.${id}@example.org`, language: 'es' }];
    const edited = await edit('"1"', { name: 'Atlantis Republic', contacts });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Atlantis Republic', version: 2, contacts });
    expect(edited.headers.etag).toBe('"2"');

    // A stale reading, no reading, and a bad list are refused and change nothing.
    expect((await edit('"1"', { name: 'Lost update' })).body.error.code).toBe('conflict');
    expect((await edit(undefined, { name: 'Blind update' })).body.error.fields).toEqual([{ path: 'headers.If-Match', message: expect.any(String) }]);
    const bad = await edit('"2"', { region: 'atlantic', contacts: [contacts[0], { name: 'X', email: 'x@example.org', language: 'de' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['contacts.1.language', 'region']);
    const twice = await edit('"2"', { contacts: [contacts[0], { ...contacts[0], name: 'Twice', email: contacts[0]!.email.toUpperCase() }] });
    expect(twice.body.error.fields).toEqual([{ path: 'contacts', message: expect.any(String) }]);
    expect((await getMember(id))?.version).toBe(2);

    const retired = await edit('"2"', { name: 'Atlantis Republic', contacts, retired: true });
    expect(retired.body).toMatchObject({ retired: true, version: 3 });

    // The public list: never a contact, never a retired member.
    const publicList = await invoke(listMembers, 'GET', '/v1/members');
    expect(publicList.body.members.some((member: { id: string }) => member.id === id)).toBe(false);
    expect(JSON.stringify(publicList.body)).not.toMatch(/contacts|@/);

    const trail = await readAuditTrail(memberSubject(id));
    expect(trail.map((entry) => [entry.actor, entry.action])).toEqual([
      [ADMIN, 'member-added'],
      [ADMIN, 'member-updated'],
      [ADMIN, 'member-retired'],
    ]);
    expect(trail[1]).toMatchObject({ before: { name: 'Atlantis', contacts: newMember(id).contacts }, after: { name: 'Atlantis Republic', contacts } });
    expect(trail[2]).toMatchObject({ before: { retired: false }, after: { retired: true } });
    expect(Object.keys(trail[2]!.after as object)).toEqual(['retired']);
  });
});

describe('the criteria', () => {
  it('get a new version with new wording; the ids stay, every criterion once, audited', async () => {
    const admin = await tokenFor(ADMIN);
    const before = await invoke(listCriteria, 'GET', '/v1/admin/criteria', { token: admin });
    const current = before.body.current;
    const reworded = [...current.criteria].reverse().map((criterion: { id: string; name: Record<string, string> }) =>
      criterion.id === 'public-ownership' ? { ...criterion, name: { ...criterion.name, fr: 'Portage par une institution publique' } } : criterion,
    );

    const invalid = await invoke(createCriteria, 'POST', '/v1/admin/criteria', {
      token: admin,
      body: { period: { startYear: 2028, endYear: 2023 }, criteria: [reworded[0], reworded[0], reworded[1], reworded[2], reworded[3]] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['criteria', 'period.endYear']);

    const created = await invoke(createCriteria, 'POST', '/v1/admin/criteria', { token: admin, body: { period: current.period, criteria: reworded } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ version: current.version + 1, createdBy: ADMIN });
    expect(created.body.criteria.map((criterion: { id: string }) => criterion.id)).toEqual(INITIAL_CRITERIA.criteria.map((criterion) => criterion.id));

    const after = await invoke(listCriteria, 'GET', '/v1/admin/criteria', { token: admin });
    expect(after.body.current.version).toBe(current.version + 1);
    expect(after.body.current.criteria.find((criterion: { id: string }) => criterion.id === 'public-ownership').name.fr).toBe('Portage par une institution publique');
    expect(after.body.versions.map((version: { version: number }) => version.version)).toEqual(
      Array.from({ length: current.version + 1 }, (_, index) => current.version + 1 - index),
    );
    const entry = (await readAuditTrail(CRITERIA_SUBJECT)).at(-1);
    expect(entry).toMatchObject({ actor: ADMIN, action: 'criteria-version-added', before: { version: current.version }, after: { version: current.version + 1 } });
  });
});

describe('the contacts import', () => {
  it('replaces the contacts of the members a good file names, audited, and imports nothing from a bad file', async () => {
    const admin = await tokenFor(ADMIN);
    const first = `import-a-${unique()}`;
    const second = `import-b-${unique()}`;
    for (const id of [first, second]) expect((await invoke(createMember, 'POST', '/v1/admin/members', { token: admin, body: { ...newMember(id), contacts: [] } })).status).toBe(201);

    const good = ['memberId,name,email,language', `${first},Ana Pérez,ana.${first}@example.org,es`, `${first},"Smith, John",john.${first}@example.org,en`, `${second},Awa Diop,awa.${second}@example.org,fr`].join('\n');
    const report = await importContacts(good, 'registry import by test');
    expect(report).toEqual({ updated: [first, second], unchanged: [], contacts: 3 });
    expect((await getMember(first))?.contacts).toEqual([
      { name: 'Ana Pérez', email: `ana.${first}@example.org`, language: 'es' },
      { name: 'Smith, John', email: `john.${first}@example.org`, language: 'en' },
    ]);
    expect((await readAuditTrail(memberSubject(second))).at(-1)).toMatchObject({ actor: 'registry import by test', action: 'contacts-imported', before: { contacts: [] } });
    expect(await importContacts(good, 'again')).toEqual({ updated: [], unchanged: [first, second], contacts: 3 });

    // One member that does not exist and one bad line: the good lines are not imported either.
    const bad = ['memberId,name,email,language', `${first},Nobody,nobody.${first}@example.org,en`, `no-such-member-${unique()},Someone,someone@example.org,en`, `${second},Bad,not-an-email,fr`].join('\n');
    const failure = await importContacts(bad, 'registry import by test').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContactsCsvError);
    expect((failure as ContactsCsvError).problems.map((problem) => problem.line)).toEqual([3, 4]);
    expect((await getMember(first))?.contacts.map((contact) => contact.email)).toEqual([`ana.${first}@example.org`, `john.${first}@example.org`]);
  });

  it('writes 50 members to a transaction, and one by one where an admin changed one of them meanwhile', async () => {
    const admin = await tokenFor(ADMIN);
    const ids = Array.from({ length: 52 }, (_, index) => `bulk-${index}-${unique()}`);
    for (const id of ids) expect((await invoke(createMember, 'POST', '/v1/admin/members', { token: admin, body: { ...newMember(id), contacts: [] } })).status).toBe(201);
    // The import reads the registry, then an admin renames a member of the first group before its write.
    const edited = ids[7]!;
    const transactions: number[] = [];
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          transactions.push((args.input as { TransactItems: unknown[] }).TransactItems.length);
          if (transactions.length === 1) {
            const current = (await getMember(edited))!;
            expect(await replaceMember({ ...current, name: 'Renamed meanwhile', version: current.version + 1 }, current.version, { actor: ADMIN, action: 'member-updated' }, new Date().toISOString())).toBe(true);
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'importMeanwhile' },
    );
    try {
      const file = ['memberId,name,email,language', ...ids.map((id) => `${id},Contact of ${id},contact.${id}@example.org,fr`)].join('\n');
      expect(await importContacts(file, 'bulk import by test')).toEqual({ updated: ids, unchanged: [], contacts: 52 });
    } finally {
      dynamo().middlewareStack.remove('importMeanwhile');
    }
    // Groups of 50 and 2 members (100 and 4 items). The first, refused whole, went again member by
    // member (50 of 2 items) and the renamed one once more after reading it again; the rename was one more.
    const bySize = (size: number) => transactions.filter((items) => items === size).length;
    expect([bySize(100), bySize(4), bySize(2), transactions.length]).toEqual([1, 1, 52, 54]);
    for (const id of ids) expect((await getMember(id))?.contacts).toEqual([{ name: `Contact of ${id}`, email: `contact.${id}@example.org`, language: 'fr' }]);
    expect(await getMember(edited)).toMatchObject({ name: 'Renamed meanwhile' });
    // Both changes audited (the import's entries carry the time it started).
    expect((await readAuditTrail(memberSubject(edited))).map((entry) => entry.action).sort()).toEqual(['contacts-imported', 'member-added', 'member-updated']);
  });

  it('runs as `npm run registry -- import` against the running platform', async () => {
    const admin = await tokenFor(ADMIN);
    const id = `cli-${unique()}`;
    expect((await apiJson('/v1/admin/members', { method: 'POST', token: admin, json: { ...newMember(id), contacts: [] } })).status).toBe(201);
    const folder = await mkdtemp(path.join(tmpdir(), 'contacts-'));
    const run = (file: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/registry.ts', 'import', file, '--actor', 'cli test'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DYNAMODB_PORT: new URL(platform().dynamoEndpoint).port },
      }).then(
        ({ stdout }) => ({ code: 0, output: stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
      );
    const members = async () => (await apiJson<{ items: { id: string; contacts: { email: string; language: string }[] }[] }>('/v1/admin/members', { token: admin })).body.items.find((member) => member.id === id);

    const badFile = path.join(folder, 'bad.csv');
    await writeFile(badFile, `memberId,name,email,language\n${id},Kofi Mensah,kofi.${id}@example.org,en\n${id},Ama,ama.${id}@example.org,twi\n`);
    const refused = await run(badFile);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Nothing was imported');
    expect(refused.output).toContain('line 3: language "twi" must be one of en, fr, es');
    expect((await members())?.contacts).toEqual([]);

    const goodFile = path.join(folder, 'good.csv');
    await writeFile(goodFile, `memberId,name,email,language\n${id},Kofi Mensah,kofi.${id}@example.org,fr\n`);
    const imported = await run(goodFile);
    expect(imported.code, imported.output).toBe(0);
    expect(imported.output).toContain('1 member(s) updated');
    expect((await members())?.contacts).toEqual([{ name: 'Kofi Mensah', email: `kofi.${id}@example.org`, language: 'fr' }]);
  }, 60_000);
});
