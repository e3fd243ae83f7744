import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import { validSubmission } from '../support/fixtures.ts';
import { callApi } from '../../infra/local/api-client.ts';
import { waitFor } from '../support/platform.ts';

/**
 * The review console as a reviewer and an admin use it: in Debian's headless Chromium (never a
 * downloaded browser), against a whole local platform started here, through the page only —
 * except for what other people do meanwhile (a submitter posting, an admin starting the cycle, a
 * second reviewer deciding), which goes straight to the API.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = process.env.CONSOLE_SCREENSHOT ?? '/tmp/console.png';
const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';

let platform: Platform;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const dialogs: string[] = [];
const pageErrors: string[] = [];

/** The month now (UTC, the platform's default review time zone): a cycle that has begun. */
const cycle = new Date().toISOString().slice(0, 7);
let reference: string;

/** The API as a plain client (not the page): `body` is sent as JSON. */
function api(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const { body, ...rest } = options;
  return callApi<any>(platform.apiUrl, path, { ...rest, method, ...(body !== undefined ? { json: body } : {}) });
}

const card = (): Locator => page.locator('article.submission', { has: page.getByText(reference, { exact: true }) });

async function signInAs(name: string) {
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await expect.poll(() => page.locator('#who-name').textContent()).toContain(name);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
  profileDir = mkdtempSync(join(tmpdir(), 'ogc-console-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await context?.close();
  await platform?.stop();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('review console', () => {
  it('is served under /console/ with its security headers', async () => {
    const redirect = await fetch(`${platform.apiUrl}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/console/');

    const response = await page.goto(`${platform.apiUrl}/console`);
    expect(response?.url()).toBe(`${platform.apiUrl}/console/`);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await expect.poll(() => page.locator('body').getAttribute('data-ready')).toBe('true');
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in', level: 1 }).isVisible()).toBe(true);
  });

  it('signs a dev reviewer in and shows who they are and the cycles', async () => {
    await signInAs('Rosa Reviewer');
    expect(await page.locator('#who-roles').textContent()).toBe('reviewer');
    await expect.poll(() => page.getByRole('heading', { name: 'Review cycles', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('No review cycle yet').isVisible()).toBe(true);
    // Starting a cycle is an admin's action: a reviewer is not offered it.
    expect(await page.locator('#start-cycle-form').isVisible()).toBe(false);
  });

  it('lists a cycle started by an admin, with its progress', async () => {
    const receipt = await api('POST', '/v1/submissions', { body: validSubmission({ title: HOSTILE_TITLE }) });
    expect(receipt.status).toBe(201);
    reference = receipt.body.reference;

    const admin = await platform.tokenFor('admin@example.org');
    const started = await api('POST', '/v1/review/cycles', { token: admin, body: { cycle } });
    expect([200, 202]).toContain(started.status);
    await waitFor(async () => {
      const listed = await api('GET', `/v1/review/cycles/${cycle}`, { token: admin });
      return listed.body?.cycle?.status === 'open' && listed.body.progress?.submissions >= 1;
    }, 30_000);

    await page.reload();
    const row = page.getByRole('row', { name: new RegExp(cycle) });
    await expect.poll(() => row.getByText('Open for decisions').isVisible()).toBe(true);
    await expect.poll(() => row.textContent()).toContain('0 of 1 decided');
  });

  it('shows a submission with its screening, and its hostile title as text', async () => {
    await page.getByRole('link', { name: cycle, exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: `Cycle ${cycle}`, level: 1 }).isVisible()).toBe(true);
    await card().waitFor();

    expect(await card().locator('h2 .title').textContent()).toBe(HOSTILE_TITLE);
    expect(await card().locator('img').count()).toBe(0);
    expect(await card().getByText('Undecided', { exact: true }).isVisible()).toBe(true);

    const relevance = card().locator('.screening tr', { hasText: 'Thematic relevance' });
    expect(await relevance.getByText('Needs judgement').isVisible()).toBe(true);
    expect(await relevance.textContent()).toContain('check that it advances');
    expect(await card().locator('.screening tr', { hasText: 'Public ownership' }).getByText('Pass').isVisible()).toBe(true);
  });

  it('shows the API\'s field errors next to the fields', async () => {
    await card().locator('summary', { hasText: 'Decide' }).click();
    const form = card().locator('form.decision-form');
    // Screening pre-fills what it could check; "needs judgement" is left to the reviewer.
    expect(await form.locator('input[name="criterion-public-ownership"][value="pass"]').isChecked()).toBe(true);
    expect(await form.locator('input[name="criterion-thematic-relevance"]:checked').count()).toBe(0);
    expect(await form.getByLabel('Question to the submitter').isVisible()).toBe(false);

    await form.getByRole('button', { name: 'Record decision' }).click();
    const relevanceError = form.locator('fieldset[data-criterion="thematic-relevance"] .field-error');
    await expect.poll(() => relevanceError.isVisible()).toBe(true);
    expect(await form.locator('.field', { has: page.getByLabel('Ambition (IRM scale)') }).locator('.field-error').isVisible()).toBe(true);
    expect(await form.locator('fieldset.outcome .field-error').isVisible()).toBe(true);
    expect(await form.locator('.form-errors').isVisible()).toBe(true);
    expect(await form.getByLabel('Ambition (IRM scale)').getAttribute('aria-invalid')).toBe('true');

    // The question appears only for needs-info.
    await form.getByRole('radio', { name: /^Needs more information/ }).check();
    expect(await form.getByLabel('Question to the submitter').isVisible()).toBe(true);
    await form.getByRole('radio', { name: /^Eligible/ }).check();
    expect(await form.getByLabel('Question to the submitter').isVisible()).toBe(false);
  });

  it('records a decision through the form and shows it', async () => {
    const form = card().locator('form.decision-form');
    await form.locator('input[name="criterion-thematic-relevance"][value="pass"]').check();
    await form.getByLabel('Challenge area (re-tag if needed)').selectOption('access-to-information');
    await form.getByLabel('Ambition (IRM scale)').selectOption('substantial');
    await form.getByRole('radio', { name: /^Eligible/ }).check();
    await form.getByLabel('Rationale').fill('A register of public algorithms: transparency with dated milestones.');
    await form.getByRole('button', { name: 'Record decision' }).click();

    await expect.poll(() => card().locator('[data-notice]').textContent()).toContain('Decision recorded (revision 1): Eligible.');
    expect(await card().getByText('Decided: Eligible').isVisible()).toBe(true);
    const current = card().locator('section.decision');
    expect(await current.textContent()).toContain('re-tagged from Digital Governance');
    expect(await current.textContent()).toContain('reviewer@example.org');
    await expect.poll(() => page.locator('#cycle-summary').textContent()).toContain('1 of 1 decided');
  });

  it('tells the reviewer when someone else decided meanwhile, and reloads', async () => {
    const listed = await api('GET', `/v1/review/cycles/${cycle}/submissions`, { token: await platform.tokenFor('reviewer2@example.org') });
    const current = listed.body.submissions.find((submission: any) => submission.reference === reference);
    const revised = await api('POST', `/v1/review/submissions/${reference}/decision`, {
      token: await platform.tokenFor('reviewer2@example.org'),
      headers: { 'if-match': `"${current.version}"` },
      body: {
        outcome: 'needs-info',
        criteria: { 'thematic-relevance': 'pass', 'ongoing-or-planned': 'pass', 'open-government-values': 'pass', 'public-ownership': 'pass', 'within-period': 'pass' },
        area: 'digital-governance',
        ambition: 'modest',
        rationale: 'The register needs its oversight board described.',
        question: 'Who sits on the oversight board?',
      },
    });
    expect(revised.status).toBe(200);

    // This page still holds the version it read before the second reviewer's revision.
    await card().locator('summary', { hasText: 'Revise the decision' }).click();
    const form = card().locator('form.decision-form');
    await form.getByLabel('Rationale').fill('Confirmed after a second reading.');
    await form.getByRole('button', { name: 'Record revised decision' }).click();

    const notice = card().locator('[data-notice]');
    await expect.poll(() => notice.textContent()).toContain('Someone else decided this meanwhile — reloaded.');
    expect(await notice.getAttribute('role')).toBe('alert');
    // Reloaded: the other reviewer's decision is what the card shows now.
    expect(await card().getByText('Decided: Needs more information').isVisible()).toBe(true);
    expect(await card().locator('section.decision').textContent()).toContain('Who sits on the oversight board?');
  });

  it('shows the audit trail of a submission', async () => {
    await card().locator('summary', { hasText: 'Audit trail' }).click();
    const trail = card().locator('.audit-list');
    await trail.waitFor();
    const entries = await trail.textContent();
    expect(entries).toContain('collected');
    expect(entries).toContain('decision-recorded by reviewer@example.org');
    expect(entries).toContain('decision-revised by reviewer2@example.org');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('lets an admin release the cycle after confirming', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs('Adil Admin');
    expect(await page.locator('#who-roles').textContent()).toBe('admin reviewer');
    await page.goto(`${platform.apiUrl}/console/#/cycles/${cycle}`);
    await page.reload();
    await card().waitFor();

    // Cancelling changes nothing.
    await page.getByRole('button', { name: 'Sign off and release…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Release this cycle?' });
    expect(await dialog.textContent()).toContain('1 of 1 submissions are decided');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await api('GET', `/v1/review/cycles/${cycle}`, { token: await platform.tokenFor('admin@example.org') })).body.cycle.status).toBe('open');

    await page.getByRole('button', { name: 'Sign off and release…' }).click();
    await dialog.getByRole('button', { name: 'Sign off and release' }).click();
    await expect.poll(() => page.locator('#cycle-summary').textContent()).toMatch(/Releasing|Released/);
    await expect.poll(() => page.locator('#cycle-summary').textContent()).toContain('admin@example.org');
    // The summary renders before the reloaded cards do.
    await expect.poll(() => card().getByText('Decisions are closed: the cycle has been signed off.').isVisible()).toBe(true);
  });

  it('lets a reviewer publish a story awaiting moderation, shown as text', async () => {
    const title = `Budgets ouverts <b>${Date.now()}</b>`;
    const shared = await api('POST', '/v1/stories', {
      body: {
        language: 'fr',
        author: { name: 'Awa <i>Diop</i>', email: 'awa.console@example.org', organisation: 'Réseau citoyen' },
        place: 'Dakar, Sénégal',
        area: 'public-participation',
        title,
        story: 'Chaque quartier a voté.\nLe conseil a suivi.',
        links: [],
        consentToPublish: true,
      },
    });
    expect(shared.status).toBe(201);
    await page.goto(`${platform.apiUrl}/console/#/stories`);
    const story = page.locator('article', { has: page.getByRole('heading', { name: title }) });
    await story.waitFor();
    expect(await story.getByText('By Awa <i>Diop</i>, Réseau citoyen', { exact: false }).count()).toBe(1);
    await story.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => story.getByRole('status').textContent()).toContain('Published');
    const published = await api('GET', '/v1/stories?limit=200');
    expect(published.body.stories.some((item: { id: string }) => item.id === shared.body.id)).toBe(true);
  });

  it('ran no script from submitted text and threw no error', () => {
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
