import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../infra/local/api-client.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { recordSesEvent } from '../../shared/mail/suppression.ts';
import { executionNameForCycle } from '../../shared/review/workflow.ts';
import { accessibilityViolations, launchChromium, openSignedIn, type Browser } from '../support/console-browser.ts';
import { validSubmission } from '../support/fixtures.ts';
import { waitFor } from '../support/platform.ts';
import { startOwnPlatform } from '../support/own-platform.ts';

/** Waits on a condition in the page; a busy two-core machine needs more than vitest's default second. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

/**
 * The admins' screens in Chromium: the member registry (add, edit, retire, contacts in their
 * language, errors at their fields), the criteria (new wording as a new version), the designations
 * awaiting confirmation, and resuming a cycle whose run was stopped.
 */

const cycle = new Date().toISOString().slice(0, 7);

let platform: Platform;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function api(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const { body, ...rest } = options;
  return callApi<any>(platform.apiUrl, path, { ...rest, method, ...(body !== undefined ? { json: body } : {}) });
}

async function expectAccessible() {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** Stops the cycle's run in the Step Functions stand-in, as an operator (or a crash) might. */
async function stopCycleRun() {
  const sfn = new SFNClient({ endpoint: platform.stepFunctionsUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
  for (const machine of stateMachines) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, statusFilter: 'RUNNING' }));
    const run = executions.find((execution) => execution.name === executionNameForCycle(cycle));
    if (run) {
      await sfn.send(new StopExecutionCommand({ executionArn: run.executionArn, error: 'Test', cause: 'Stopped by the console test' }));
      return;
    }
  }
  throw new Error(`No running execution for cycle ${cycle}`);
}

beforeAll(async () => {
  platform = await startOwnPlatform();
  expect((await api('POST', '/v1/submissions', { body: validSubmission() })).status).toBe(201);
  const admin = await platform.tokenFor('admin@example.org');
  expect([200, 202]).toContain((await api('POST', '/v1/review/cycles', { token: admin, body: { cycle } })).status);
  await waitFor(async () => (await api('GET', `/v1/review/cycles/${cycle}`, { token: admin })).body?.cycle?.status === 'open', 120_000);

  browser = await launchChromium();
  page = browser.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openSignedIn(page, `${platform.apiUrl}${PAGE_PATHS.consoleMembers}`, 'Adil Admin');
  // The platform (a JVM, CDK synthesis) and a cycle's run take minutes on a busy two-core machine.
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('the member registry', () => {
  it('finds members, with their contacts and each contact’s language', async () => {
    await page.getByLabel('Search').fill('kenya');
    const kenya = page.locator('tr[data-member="kenya"]');
    await kenya.waitFor();
    expect(await kenya.textContent()).toMatch(/National.*Africa and the Middle East/);
    expect(await kenya.textContent()).toMatch(/@example\.org>, (English|French|Spanish)/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('kenya');
    await expectAccessible();
  });

  it('adds a member, with its errors shown at their fields first', async () => {
    await page.getByRole('button', { name: 'Add a member' }).click();
    const form = page.locator('form.member-form');
    await form.getByLabel('Id').fill('Not An Id');
    await form.getByLabel('Name').fill('Mombasa');
    await form.getByLabel('Kind').selectOption('local');
    await form.getByLabel('Country').fill('Kenya');
    await form.getByLabel('Region').selectOption('africa-middle-east');
    await form.getByRole('button', { name: 'Add a contact' }).click();
    await form.locator('#member-contacts-0-name').fill('Halima Omar');
    await form.locator('#member-contacts-0-email').fill('halima@');
    await form.locator('#member-contacts-0-language').selectOption('fr');
    await form.getByRole('button', { name: 'Add member' }).click();

    await poll(() => form.locator('.error-summary').isVisible()).toBe(true);
    expect(await form.locator('#member-id-error').textContent()).toMatch(/^[A-Z].*\.$/);
    expect(await form.locator('#member-contacts-0-email-error').textContent()).toMatch(/^Enter an email address.*\.$/);
    expect(await form.locator('#member-contacts-0-email').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible();

    await form.getByLabel('Id').fill('kenya--mombasa');
    await form.locator('#member-contacts-0-email').fill('halima.omar@example.org');
    await form.getByRole('button', { name: 'Add member' }).click();
    const row = page.locator('tr[data-member="kenya--mombasa"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Halima Omar <halima.omar@example.org>, French');
    const stored = await api('GET', '/v1/admin/members', { token: await platform.tokenFor('admin@example.org') });
    expect(stored.body.items.find((member: { id: string }) => member.id === 'kenya--mombasa')).toMatchObject({ kind: 'local', country: 'Kenya', contacts: [{ email: 'halima.omar@example.org', language: 'fr' }] });
  });

  it('edits and retires a member; the public list no longer shows it', async () => {
    await page.getByRole('button', { name: 'Edit Mombasa' }).click();
    const form = page.locator('form.member-form');
    await form.getByRole('button', { name: 'Add a contact' }).click();
    await form.locator('#member-contacts-1-name').fill('Juan Pérez');
    await form.locator('#member-contacts-1-email').fill('juan.perez@example.org');
    await form.locator('#member-contacts-1-language').selectOption('es');
    await form.getByLabel(/^Retired/).check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => page.locator('tr[data-member="kenya--mombasa"]').count()).toBe(0);
    await page.getByLabel('Include retired members').check();
    const row = page.locator('tr[data-member="kenya--mombasa"]');
    await poll(() => row.textContent()).toContain('Retired');
    expect(await row.textContent()).toContain('Juan Pérez <juan.perez@example.org>, Spanish');
    const listed = await api('GET', '/v1/members');
    expect(JSON.stringify(listed.body)).not.toContain('kenya--mombasa');
  });
});

describe('the criteria', () => {
  it('saves new wording as a new version, refusing a blank one at its field', async () => {
    await page.getByRole('link', { name: 'Criteria' }).click();
    await page.getByRole('heading', { name: 'In force: version 1' }).waitFor();
    const field = page.locator('#criteria-0-name-fr');
    await field.fill(' ');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await poll(() => page.locator('#criteria-0-name-fr-error').isVisible()).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible();

    await field.fill('Pertinence au regard des domaines du Défi');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('heading', { name: 'In force: version 2' }).waitFor();
    expect(await page.locator('.criteria-table').first().textContent()).toContain('Pertinence au regard des domaines du Défi');
    expect(await page.locator('details.version summary').first().textContent()).toContain('Version 1');
  });
});

describe('undeliverable addresses', () => {
  it('lists a bounced address with why, and lifts its suppression, clearing the POC mark', async () => {
    // SES's bounce arrives in the handlers' own code (the platform set their environment here).
    const address = 'poc.senegal@example.org';
    await recordSesEvent({
      type: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }], timestamp: '2026-12-02T10:00:00.000Z' },
    });
    await page.getByRole('link', { name: 'Undeliverable addresses' }).click();
    await page.getByRole('heading', { name: 'Undeliverable addresses', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(address) });
    await poll(() => row.textContent()).toContain('Bounced: the address does not accept mail');
    expect(await row.textContent()).toContain('550 5.1.1 user unknown');
    await expectAccessible();

    await row.getByRole('button', { name: `Lift the suppression of ${address}` }).click();
    await poll(() => page.locator('#flash').textContent()).toContain(`Mail can go to ${address} again. The point of contact of Senegal is no longer marked undeliverable.`);
    expect(await page.getByRole('row', { name: new RegExp(address) }).count()).toBe(0);
    const members = await api('GET', '/v1/admin/members', { token: await platform.tokenFor('admin@example.org') });
    const senegal = members.body.items.find((member: { id: string }) => member.id === 'senegal');
    expect(senegal.contacts).toEqual([{ name: 'Mehdi Diop', email: address, language: 'fr' }]);
  });
});

describe('designations and resuming a cycle', () => {
  it('lists the designations awaiting confirmation', async () => {
    await page.getByRole('link', { name: 'Designations' }).click();
    await page.getByRole('heading', { name: 'Designations awaiting confirmation', level: 1 }).waitFor();
    await poll(() => page.locator('main').textContent()).toMatch(/Nothing is waiting|awaiting confirmation\./);
    await expectAccessible();
  });

  it('offers an admin to resume a cycle whose run was stopped, and resumes it', async () => {
    await stopCycleRun();
    await page.goto(`${platform.apiUrl}${PAGE_PATHS.consoleCycle(cycle)}`);
    const resume = page.getByRole('button', { name: 'Resume this cycle' });
    await resume.waitFor();
    expect(await page.locator('.notice--warning').textContent()).toContain('The run of this cycle has stopped');
    // Release waits for a live run.
    expect(await page.getByRole('button', { name: 'Sign off and release…' }).count()).toBe(0);
    await resume.click();
    await poll(() => page.getByRole('button', { name: 'Resume this cycle' }).count()).toBe(0);
    const detail = await api('GET', `/v1/review/cycles/${cycle}`, { token: await platform.tokenFor('admin@example.org') });
    expect(detail.body.run.status).toBe('RUNNING');
  });

  it('threw no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
