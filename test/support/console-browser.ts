import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { LOCAL_OAUTH_PATHS } from '../../infra/local/oauth-server.ts';

/**
 * Debian's headless Chromium (never a downloaded browser) for the console's browser tests and the
 * console benchmark, signing in through the local issuer's dev-user picker (the OAuth code flow the
 * console runs in AWS too), and axe-core for accessibility.
 */

const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * Debian's headless shell (`chromium-headless-shell`, the build Playwright itself runs headless) when
 * it is installed: the same engine without the desktop browser's layers, for about a fifth less CPU
 * over the browser files. Otherwise Debian's `chromium`.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** The browser's language (Accept-Language and navigator.language), as a reader's would be. */
  locale?: string;
}

/** A fresh profile in headless Chromium, with its first tab. */
export async function launchChromium({ viewport = { width: 1280, height: 900 }, locale }: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium-headless-shell) or set CHROMIUM_PATH`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'ogc-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Opens a console address; when the tab is not signed in, picks the dev user on the issuer's page. */
export async function openSignedIn(page: Page, url: string, userName: string): Promise<void> {
  await page.goto(url);
  const picker = page.getByRole('button', { name: `Sign in as ${userName}` });
  const signedIn = page.locator('#who-name', { hasText: userName });
  await picker.or(signedIn).waitFor();
  if (await picker.isVisible()) await picker.click();
  await signedIn.waitFor();
}

/** Signs out through the console, then in again as someone else, landing on `url`. */
export async function switchUser(page: Page, url: string, userName: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((current) => current.pathname === LOCAL_OAUTH_PATHS.authorize);
  await openSignedIn(page, url, userName);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is, at every impact. axe is loaded into the
 * document when it is not there yet (a page that routes on the client keeps it), over CDP, so the
 * page's CSP does not apply.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate("typeof axe !== 'undefined'"))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((result) => result.violations)",
  );
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}
