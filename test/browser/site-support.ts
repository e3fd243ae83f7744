import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { callApi, type ApiReply, type ApiRequest } from '../../infra/local/api-client.ts';
import type { Platform, PlatformOptions } from '../../infra/local/platform.ts';
import type { Language } from '../../shared/domain/language.ts';
import { launchChromium } from '../support/console-browser.ts';
import { startOwnPlatform } from '../support/own-platform.ts';

/**
 * The public site in Debian's headless Chromium against a whole local platform, for the site's
 * browser tests: starting both, the API as other people use it meanwhile, moving between pages and
 * languages as a reader does, and the phone layout check.
 */

export interface SiteSession {
  platform: Platform;
  /** The site's origin as emails write it (`http://localhost:<port>`). */
  origin: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a test ends by expecting none. */
  pageErrors: string[];
  stop(): Promise<void>;
}

export async function startSite(options: { locale: string; platform?: PlatformOptions }): Promise<SiteSession> {
  const platform = await startOwnPlatform(options.platform);
  const browser = await launchChromium({ locale: options.locale });
  const { context, page } = browser;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    pageErrors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    platform,
    origin: platform.apiUrl.replace('127.0.0.1', 'localhost'),
    context,
    page,
    pageErrors,
    async stop() {
      await browser.close();
      await platform.stop();
    },
  };
}

/** The API as a plain client (a submitter's script, the staff): `json` is sent as the body. */
export function callAs<T = any>(session: SiteSession, method: string, path: string, request: Omit<ApiRequest, 'method'> = {}): Promise<ApiReply<T>> {
  return callApi<T>(session.platform.apiUrl, path, { ...request, method });
}

/** Opens a page and waits until it has rendered (the loading notice gone). */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.locator('.loading').waitFor({ state: 'detached' });
}

/**
 * Goes to another page through the site's own router (as a click on one of its links does), so
 * the document and what was injected into it (axe) stay; waits until the page has rendered.
 */
export async function navigateInApp(page: Page, path: string): Promise<void> {
  // The router renders synchronously up to its first request: the loading notice exists on return.
  await page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate'))`);
  await page.locator('.loading').waitFor({ state: 'detached' });
}

/** Chooses the language with the header's switch, as a reader does. */
export async function chooseLanguage(page: Page, language: Language): Promise<void> {
  const names: Record<Language, string> = { en: 'English', fr: 'Français', es: 'Español' };
  await page.getByRole('button', { name: names[language], exact: true }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
  await page.locator('.loading').waitFor({ state: 'detached' });
}

/** True when the page needs no sideways scrolling at the current width. */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;
}
