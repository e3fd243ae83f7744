import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { callApi } from '../../infra/local/api-client.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { validSubmission } from '../support/fixtures.ts';
import { waitFor } from '../support/platform.ts';
import { accessibilityViolations, launchChromium, openSignedIn, switchUser, type Browser } from '../support/console-browser.ts';
import { startOwnPlatform } from '../support/own-platform.ts';

/** Waits on a condition in the page; a busy two-core machine needs more than vitest's default second. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

/**
 * The review console as reviewers and an admin use it on a seeded cycle: in Debian's headless
 * Chromium, against a whole local platform started here, through the page only — except for what
 * other people do meanwhile (submitters posting, an admin starting the cycle, a second reviewer
 * deciding), which goes straight to the API.
 */

const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
/** The month now (UTC, the platform's default review time zone): a cycle that has begun. */
const cycle = new Date().toISOString().slice(0, 7);

let platform: Platform;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
/** Title → reference of the seeded submissions. */
const references = new Map<string, string>();

function api(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const { body, ...rest } = options;
  return callApi<any>(platform.apiUrl, path, { ...rest, method, ...(body !== undefined ? { json: body } : {}) });
}

const SEEDS = [
  { title: 'Publish an open register of public algorithms' },
  // The same member and title again: screening flags it as a possible duplicate of the first.
  { title: 'Publish an open register of public algorithms' },
  { title: HOSTILE_TITLE },
  { title: 'Budgets participatifs à Dakar', language: 'fr', area: 'public-participation', member: { type: 'national', memberId: 'senegal' } },
  { title: 'Contratación abierta en los municipios', language: 'es', area: 'anti-corruption', member: { type: 'national', memberId: 'chile' } },
  { title: 'Registre public des représentants d’intérêts', language: 'fr', area: 'anti-corruption', member: { type: 'national', memberId: 'france' } },
];

const tableReferences = () => page.locator('.submissions-table tbody th[scope="row"]').allTextContents();
const countText = () => page.locator('#table-count').textContent();

async function expectAccessible() {
  expect(await accessibilityViolations(page)).toEqual([]);
}

beforeAll(async () => {
  platform = await startOwnPlatform();
  for (const seed of SEEDS) {
    const receipt = await api('POST', '/v1/submissions', { body: validSubmission(seed) });
    expect(receipt.status).toBe(201);
    if (!references.has(seed.title)) references.set(seed.title, receipt.body.reference);
  }
  const admin = await platform.tokenFor('admin@example.org');
  const started = await api('POST', '/v1/review/cycles', { token: admin, body: { cycle } });
  expect([200, 202]).toContain(started.status);
  await waitFor(async () => {
    const detail = await api('GET', `/v1/review/cycles/${cycle}`, { token: admin });
    return detail.body?.cycle?.status === 'open' && detail.body.progress?.submissions === SEEDS.length;
  }, 120_000);

  browser = await launchChromium();
  page = browser.page;
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The platform (a JVM, CDK synthesis) and a cycle's run take minutes on a busy two-core machine.
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('review console', () => {
  it('lists the cycles with their progress, once signed in', async () => {
    await openSignedIn(page, `${platform.apiUrl}${PAGE_PATHS.console}`, 'Rosa Reviewer');
    await poll(() => page.getByRole('heading', { name: 'Review cycles', level: 1 }).isVisible()).toBe(true);
    const row = page.getByRole('row', { name: new RegExp(cycle) });
    await poll(() => row.textContent()).toContain(`0 of ${SEEDS.length} decided`);
    expect(await row.getByText('Open for decisions').isVisible()).toBe(true);
    // Starting a cycle is an admin's action, and so is the member registry.
    expect(await page.getByRole('heading', { name: 'Start a cycle by hand' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await expectAccessible();
  });

  it('shows the cycle as a table, people’s text as text', async () => {
    await page.getByRole('link', { name: cycle, exact: true }).click();
    await page.waitForURL(`**${PAGE_PATHS.consoleCycle(cycle)}`);
    await poll(countText).toBe(`Showing 1–${SEEDS.length} of ${SEEDS.length} submissions.`);
    expect(await page.locator('.submissions-table thead th').allTextContents()).toEqual(['Reference', 'Title', 'Member', 'Area', 'Language', 'Screening', 'Decision', 'Reviewer'].map((label) => expect.stringContaining(label)));

    const hostile = page.getByRole('row', { name: new RegExp(references.get(HOSTILE_TITLE)!) });
    expect(await hostile.locator('.cell-title').textContent()).toBe(HOSTILE_TITLE);
    expect(await page.locator('.submissions-table img').count()).toBe(0);
    const spanish = page.getByRole('row', { name: new RegExp(references.get('Contratación abierta en los municipios')!) });
    expect(await spanish.textContent()).toContain('Chile');
    expect(await spanish.textContent()).toContain('Anti-Corruption');
    expect(await spanish.textContent()).toContain('Spanish');
    expect(await spanish.textContent()).toContain('Undecided');
    expect(await spanish.locator('td').nth(4).textContent()).toMatch(/\d met/);
    await expectAccessible();
  });

  it('searches, filters and keeps both in the address across a reload', async () => {
    await page.getByLabel('Search').fill('dakar');
    await poll(tableReferences).toEqual([references.get('Budgets participatifs à Dakar')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('dakar');
    await page.getByLabel('Search').fill('');

    await page.getByLabel('Area').selectOption('anti-corruption');
    await poll(countText).toBe(`Showing 1–2 of 2 submissions (filtered from ${SEEDS.length}).`);
    await page.getByLabel('Region').selectOption('americas');
    await poll(tableReferences).toEqual([references.get('Contratación abierta en los municipios')]);
    await page.reload();
    await poll(tableReferences).toEqual([references.get('Contratación abierta en los municipios')]);
    expect(await page.getByLabel('Area').inputValue()).toBe('anti-corruption');
    expect(await page.getByLabel('Region').inputValue()).toBe('americas');

    await page.getByLabel('Area').selectOption('');
    await page.getByLabel('Region').selectOption('');
    await page.getByLabel('Possible duplicates only').check();
    await poll(() => tableReferences().then((shown) => shown.length)).toBe(1);
    expect(await page.locator('.submissions-table tbody').textContent()).toContain(`May duplicate ${references.get('Publish an open register of public algorithms')}`);
    await page.getByLabel('Possible duplicates only').uncheck();
    await page.getByLabel('Member').selectOption({ label: 'France' });
    await poll(tableReferences).toEqual([references.get('Registre public des représentants d’intérêts')]);
    await page.getByLabel('Member').selectOption('');
    await page.getByLabel('Decision').selectOption('eligible');
    await poll(countText).toBe(`No submission shown (of ${SEEDS.length}).`);
    await page.getByLabel('Decision').selectOption('undecided');
    await poll(countText).toBe(`Showing 1–${SEEDS.length} of ${SEEDS.length} submissions.`);
  });

  it('sorts by a column both ways, announced to assistive technology', async () => {
    const titleHeader = page.locator('th[data-sort="title"]');
    await titleHeader.getByRole('button').click();
    await poll(() => titleHeader.getAttribute('aria-sort')).toBe('ascending');
    // Titles as shown, without the duplicate badge beside one of them.
    const titles = async () => (await page.locator('.submissions-table .cell-title').allTextContents()).map((text) => text.replace(/ May duplicate .*$/, ''));
    const byTitle = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });
    const ascending = await titles();
    expect(ascending).toEqual([...ascending].sort(byTitle));
    await titleHeader.getByRole('button').click();
    await poll(() => titleHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await titles()).toEqual([...ascending].sort((a, b) => byTitle(b, a)));
    expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
    // Back to reference order for what follows.
    await page.locator('th[data-sort="reference"]').getByRole('button').click();
  });

  it('opens a submission and walks the filtered list with j and k, but not while typing', async () => {
    const order = await tableReferences();
    await page.getByRole('link', { name: order[0]!, exact: true }).click();
    await page.waitForURL(`**${PAGE_PATHS.consoleSubmission(cycle, order[0]!)}*`);
    await poll(() => page.locator('h1').textContent()).toContain(order[0]!);
    expect(await page.locator('#shortcut-hint').isVisible()).toBe(true);
    expect(await page.locator('.walk__position').textContent()).toBe(`1 of ${SEEDS.length} in this list`);
    await expectAccessible();

    await page.keyboard.press('j');
    await page.waitForURL(`**${PAGE_PATHS.consoleSubmission(cycle, order[1]!)}*`);
    await page.keyboard.press('n');
    await page.waitForURL(`**${PAGE_PATHS.consoleSubmission(cycle, order[2]!)}*`);
    await page.keyboard.press('k');
    await page.waitForURL(`**${PAGE_PATHS.consoleSubmission(cycle, order[1]!)}*`);
    await page.keyboard.press('p');
    await page.waitForURL(`**${PAGE_PATHS.consoleSubmission(cycle, order[0]!)}*`);
    // The filter of the table (decision: undecided) rides along.
    expect(new URL(page.url()).searchParams.get('decision')).toBe('undecided');

    await page.getByLabel('Rationale').fill('jk');
    await page.getByLabel('Rationale').press('j');
    expect(new URL(page.url()).pathname).toBe(PAGE_PATHS.consoleSubmission(cycle, order[0]!));
    expect(await page.getByLabel('Rationale').inputValue()).toBe('jkj');
  });

  it('shows decision errors as sentences at their fields, and the API’s field errors too', async () => {
    const reference = references.get('Publish an open register of public algorithms')!;
    await page.goto(`${platform.apiUrl}${PAGE_PATHS.consoleSubmission(cycle, reference)}`);
    const form = page.locator('form.decision-form');
    await form.waitFor();
    // Screening pre-fills what it could check; "needs judgement" is left to the reviewer.
    expect(await form.locator('input[name="criterion-public-ownership"][value="pass"]').isChecked()).toBe(true);
    expect(await form.locator('input[name="criterion-thematic-relevance"]:checked').count()).toBe(0);

    await form.getByRole('button', { name: 'Record decision' }).click();
    const summary = form.locator('.error-summary');
    await poll(() => summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain('Choose whether “Thematic relevance” is met or not met.');
    expect(await form.locator('#decide-criteria-thematic-relevance-error').textContent()).toBe('Choose whether “Thematic relevance” is met or not met.');
    expect(await form.locator('#decide-ambition-error').textContent()).toBe('Choose the ambition on the IRM scale.');
    expect(await form.locator('#decide-outcome-error').textContent()).toBe('Choose an outcome.');
    expect(await form.getByLabel('Ambition (IRM scale)').getAttribute('aria-invalid')).toBe('true');
    // The summary's links move to the field.
    await summary.getByRole('link', { name: 'Choose the ambition on the IRM scale.' }).click();
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('decide-ambition');

    // A rule across fields, worded by the shared schema, at the field it concerns.
    await form.locator('input[name="criterion-thematic-relevance"][value="pass"]').check();
    await form.getByLabel('Ambition (IRM scale)').selectOption('substantial');
    await form.getByRole('radio', { name: /^Not eligible/ }).check();
    await form.getByLabel('Rationale').fill('Every criterion is met.');
    await form.getByRole('button', { name: 'Record decision' }).click();
    await poll(() => form.locator('#decide-criteria-error').isVisible()).toBe(true);
    expect(await form.locator('#decide-criteria-error').textContent()).toMatch(/^[A-Z].*criterion.*\.$/);

    // What only the API can refuse: its field paths land at the same places.
    await page.route('**/decision', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'validation_failed', message: 'Check the decision.', fields: [{ path: 'rationale', message: 'Use 5000 characters or fewer' }] } }),
      }),
    );
    await form.getByRole('radio', { name: /^Eligible/ }).check();
    await form.getByRole('button', { name: 'Record decision' }).click();
    await poll(() => form.locator('#decide-rationale-error').textContent()).toBe('Use 5000 characters or fewer.');
    expect(await summary.textContent()).toContain('Check the decision.');
    await page.unroute('**/decision');
    await expectAccessible();
  });

  it('records a decision, and tells the audit trail as sentences', async () => {
    const form = page.locator('form.decision-form');
    await form.getByLabel('Challenge area (re-tag if needed)').selectOption('access-to-information');
    await form.getByLabel('Rationale').fill('A register of public algorithms: transparency with dated milestones.');
    await form.getByRole('button', { name: 'Record decision' }).click();

    await poll(() => page.locator('#decision-notice').textContent()).toContain('Decision recorded (revision 1): Eligible.');
    expect(await page.locator('section.decision').textContent()).toContain('re-tagged from Digital Governance');
    const trail = page.locator('.audit-list');
    await poll(() => trail.textContent()).toContain('reviewer@example.org recorded a decision (revision 1): Eligible.');
    const text = await trail.textContent();
    expect(text).toContain('The review run collected it into cycle');
    expect(text).toContain('re-tagged it from Digital Governance to Access to Information');
    expect(text).not.toMatch(/[{}]|"outcome"/);
  });

  it('tells the reviewer when someone else decided meanwhile, and shows their decision', async () => {
    const reference = references.get('Publish an open register of public algorithms')!;
    const second = await platform.tokenFor('reviewer2@example.org');
    const listed = await api('GET', `/v1/review/cycles/${cycle}/submissions?limit=200`, { token: second });
    const current = listed.body.submissions.find((submission: { reference: string }) => submission.reference === reference);
    const revised = await api('POST', `/v1/review/submissions/${reference}/decision`, {
      token: second,
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

    const form = page.locator('form.decision-form');
    await form.getByLabel('Rationale').fill('Confirmed after a second reading.');
    await form.getByRole('button', { name: 'Record revised decision' }).click();
    const notice = page.locator('#decision-notice');
    await poll(() => notice.textContent()).toContain('Someone else decided this meanwhile');
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await page.locator('section.decision').textContent()).toContain('Who sits on the oversight board?');
    await poll(() => page.locator('.audit-list').textContent()).toContain('reviewer2@example.org revised the decision (revision 2).');
    expect(await page.locator('.audit-list').textContent()).toContain('Outcome: Eligible → More information needed');
  });

  it('summarises the cycle by outcome and area, and exports it as CSV', async () => {
    await page.goto(`${platform.apiUrl}${PAGE_PATHS.consoleCycleSummary(cycle)}`);
    const byArea = page.locator('#summary-by-area');
    await byArea.waitFor();
    expect(await byArea.locator('tfoot').textContent()).toMatch(/All areas\s*0\s*0\s*1\s*5\s*6/);
    expect(await page.locator('.stat-list').textContent()).toContain('More information needed');
    await expectAccessible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download counts (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe(`cycle-${cycle}-summary.csv`);
    const stream = await download.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += String(chunk);
    expect(csv.split('\r\n')[0]).toBe('Area,Eligible,Not eligible,More information needed,Undecided,Total');
    expect(csv).toContain('All areas,0,0,1,5,6');
  });

  it('lets an admin sign the cycle off after confirming', async () => {
    await switchUser(page, `${platform.apiUrl}${PAGE_PATHS.consoleCycle(cycle)}`, 'Adil Admin');
    expect((await page.locator('#who-roles').textContent())?.split(' ').sort()).toEqual(['admin', 'reviewer']);
    const release = page.getByRole('button', { name: 'Sign off and release…' });
    await release.click();
    const dialog = page.getByRole('dialog', { name: 'Release this cycle?' });
    expect(await dialog.textContent()).toContain(`1 of ${SEEDS.length} submissions are decided`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => dialog.isVisible()).toBe(false);
    expect((await api('GET', `/v1/review/cycles/${cycle}`, { token: await platform.tokenFor('admin@example.org') })).body.cycle.status).toBe('open');

    await release.click();
    await dialog.getByRole('button', { name: 'Sign off and release' }).click();
    await poll(() => page.locator('#cycle-facts').textContent()).toMatch(/Releasing|Released/);
    expect(await page.locator('#cycle-facts').textContent()).toContain('admin@example.org');
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
    await page.getByRole('link', { name: 'Stories' }).click();
    const story = page.locator('article', { has: page.getByRole('heading', { name: title }) });
    await story.waitFor();
    expect(await story.getByText('By Awa <i>Diop</i>, Réseau citoyen', { exact: false }).count()).toBe(1);
    await expectAccessible();
    await story.getByRole('button', { name: 'Publish' }).click();
    await poll(() => story.getByRole('status').textContent()).toContain('Published');
    const published = await api('GET', '/v1/stories?limit=200');
    expect(published.body.stories.some((item: { id: string }) => item.id === shared.body.id)).toBe(true);
  });

  it('ran no script from submitted text and threw no error', () => {
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
