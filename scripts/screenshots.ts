import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import type { Language } from '../shared/domain/language.ts';
import { PAGE_PATHS } from '../shared/domain/page-urls.ts';
import { callApi } from '../infra/local/api-client.ts';
import { startPlatform, type Platform } from '../infra/local/platform.ts';
import { putSuppression } from '../shared/store/suppressions.ts';
import { openSignedIn } from '../test/support/console-browser.ts';

/**
 * `npm run screenshots` — writes a desktop (1280 px) and a phone (375 px) picture of every page
 * into docs/screenshots/. It starts a platform of its own (in memory, free ports), fills it with
 * `npm run demo`, adds what the demo does not leave behind (a submission whose private status link
 * is known), then photographs each page in Chromium.
 *
 * Pages are listed in SHOTS; a console page joins the list the same way, with `prepare` signing in.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 812 } } as const;

interface Shot {
  /** File name without extension; `-desktop` / `-phone` is added. */
  name: string;
  /** Path on the platform's origin (a fragment is kept). */
  path: string;
  language?: Language;
  /** What to do once the page is ready, before the picture (fill a form, sign in…). */
  prepare?: (page: Page) => Promise<void>;
  /** A console page: the dev user (by name) who signs in first. */
  staff?: string;
}

interface DemoFacts {
  reformReference: string;
  statusPath: string;
}

function shots({ reformReference, statusPath }: DemoFacts): Shot[] {
  return [
    { name: 'tracker', path: PAGE_PATHS.tracker },
    { name: 'tracker-filtered-fr', path: `${PAGE_PATHS.tracker}?area=justice&level=National`, language: 'fr' },
    { name: 'reform', path: PAGE_PATHS.reform(reformReference) },
    { name: 'stories', path: PAGE_PATHS.stories },
    { name: 'story-form-es', path: PAGE_PATHS.newStory, language: 'es' },
    { name: 'submit', path: PAGE_PATHS.submit },
    {
      name: 'submit-errors-fr',
      path: PAGE_PATHS.submit,
      language: 'fr',
      prepare: async (page) => {
        await page.getByLabel('Nom complet').fill('Jeanne Martin');
        await page.getByLabel('Adresse e-mail').fill('jeanne.martin@');
        await page.getByRole('button', { name: 'Envoyer l’engagement' }).click();
        await page.locator('.error-summary').waitFor();
        await page.evaluate('window.scrollTo(0, 0)');
      },
    },
    { name: 'status', path: statusPath },
    { name: 'designation-invalid-link', path: `${PAGE_PATHS.designation('OGC-2026-01-0001')}#sig=expired` },
  ];
}

/** The review console's screens, on the cycle the demo leaves open, as the admin sees them. */
async function consoleShots(platform: Platform): Promise<Shot[]> {
  const token = await platform.tokenFor('admin@example.org');
  const cycles = await callApi<{ cycles: { cycle: string; status: string }[] }>(platform.apiUrl, '/v1/review/cycles', { token });
  const cycle = cycles.body.cycles.find((entry) => entry.status === 'open')?.cycle ?? cycles.body.cycles[0]?.cycle;
  if (!cycle) throw new Error('The demo left no review cycle');
  const listed = await callApi<{ submissions: { reference: string; decided: boolean }[] }>(platform.apiUrl, `/v1/review/cycles/${cycle}/submissions?limit=200`, { token });
  const undecided = listed.body.submissions.find((submission) => !submission.decided) ?? listed.body.submissions[0];
  if (!undecided) throw new Error(`Cycle ${cycle} has no submission`);
  const staff = 'Adil Admin';
  const submission = PAGE_PATHS.consoleSubmission(cycle, undecided.reference);
  // One address that bounced for good, as SES would have reported it, so the suppressions screen has a row to lift.
  await putSuppression({ address: 'poc.kenya@example.org', reason: 'bounce', at: new Date().toISOString(), detail: 'Permanent/General: smtp; 550 5.1.1 user unknown' });
  return [
    { name: 'console-cycles', path: PAGE_PATHS.console, staff },
    { name: 'console-cycle', path: PAGE_PATHS.consoleCycle(cycle), staff },
    { name: 'console-submission', path: submission, staff },
    {
      name: 'console-decision-errors',
      path: submission,
      staff,
      prepare: async (page) => {
        await page.getByRole('button', { name: /^Record (revised )?decision$/ }).click();
        await page.locator('.error-summary').waitFor();
      },
    },
    { name: 'console-summary', path: PAGE_PATHS.consoleCycleSummary(cycle), staff },
    { name: 'console-members', path: PAGE_PATHS.consoleMembers, staff },
    { name: 'console-criteria', path: PAGE_PATHS.consoleCriteria, staff },
    { name: 'console-designations', path: PAGE_PATHS.consoleDesignations, staff },
    { name: 'console-stories', path: PAGE_PATHS.consoleStories, staff },
    { name: 'console-suppressions', path: PAGE_PATHS.consoleSuppressions, staff },
  ];
}

function runDemo(platform: Platform): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'infra', 'local', 'demo.ts')], {
      cwd: ROOT,
      env: { ...process.env, OGC_API_URL: platform.apiUrl, OGC_DYNAMODB_URL: platform.dynamoEndpoint, OGC_INBOX_URL: platform.sesUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run demo exited with ${code}`))));
  });
}

async function demoFacts(platform: Platform): Promise<DemoFacts> {
  const reforms = await callApi<{ reforms: { reference: string }[] }>(platform.apiUrl, '/v1/reforms?limit=1');
  const reformReference = reforms.body.reforms[0]?.reference;
  if (!reformReference) throw new Error('The demo left no published reform');
  const receipt = await callApi<{ reference: string; statusToken: string }>(platform.apiUrl, '/v1/submissions', {
    method: 'POST',
    json: {
      channel: 'standalone',
      language: 'en',
      submitter: { name: 'Wanjiru Kamau', email: 'wanjiru.kamau@example.org', position: 'Director, Open Government Office' },
      member: { type: 'national', memberId: 'kenya' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: 'Office of the Data Protection Commissioner', isPublic: true },
      partners: [{ name: 'Mzalendo Trust', kind: 'civil-society' }],
      title: 'Publish an open register of public algorithms',
      area: 'digital-governance',
      problem: 'Citizens cannot see which automated systems decide on public services.',
      statusQuo: 'No public inventory exists.',
      description: 'Create and publish a register of algorithms used by national agencies, with an oversight board.',
      values: ['transparency', 'public-accountability'],
      milestones: [{ description: 'Publish the register schema after consultation', deliverable: 'Register schema', dueDate: '2027-06-30' }],
      startDate: '2026-01-01',
      endDate: '2028-06-30',
      status: 'ongoing',
      coCreated: true,
      links: [],
      consentToPublish: true,
    },
  });
  if (receipt.status !== 201) throw new Error(`POST /v1/submissions answered ${receipt.status}: ${receipt.text}`);
  return { reformReference, statusPath: `${PAGE_PATHS.status(receipt.body.reference)}#token=${receipt.body.statusToken}` };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  mkdirSync(OUT_DIR, { recursive: true });
  const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true, env: { LOG_LEVEL: 'silent' } });
  const profile = mkdtempSync(path.join(tmpdir(), 'ogc-screenshots-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  try {
    console.log('Filling the platform with the demo…');
    await runDemo(platform);
    const facts = await demoFacts(platform);
    const page = browser.pages()[0] ?? (await browser.newPage());
    for (const shot of [...shots(facts), ...(await consoleShots(platform))]) {
      for (const [viewport, size] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(size);
        // The language switch remembers the choice: set it as a reader would have.
        await page.goto(`${platform.apiUrl}/`);
        await page.evaluate(`localStorage.setItem('ogc.language', ${JSON.stringify(shot.language ?? 'en')})`);
        if (shot.staff) await openSignedIn(page, `${platform.apiUrl}${shot.path}`, shot.staff);
        await page.goto(`${platform.apiUrl}${shot.path}`);
        await page.locator('body[data-ready="true"]').waitFor();
        await page.locator('.loading').waitFor({ state: 'detached' });
        await shot.prepare?.(page);
        const file = path.join(OUT_DIR, `${shot.name}-${viewport}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`  ${path.relative(ROOT, file)}`);
      }
    }
  } finally {
    await browser.close();
    await platform.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
