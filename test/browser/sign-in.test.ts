import { decodeJwt } from 'jose';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../infra/local/jwt-issuer.ts';
import { LOCAL_OAUTH_PATHS } from '../../infra/local/oauth-server.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { launchChromium, type Browser } from '../support/console-browser.ts';
import { startOwnPlatform } from '../support/own-platform.ts';

/**
 * Staff sign-in in Debian's headless Chromium, through the console's one code path
 * (`console/src/auth.ts`) against the local issuer's OAuth endpoints: the authorization code flow
 * with PKCE, the return to the page the reviewer asked for, silent renewal, and sign-out.
 */

const SESSION_KEY = 'ogc-console:session';

let platform: Platform;
let page: Page;
let browser: Browser;
const requests: Request[] = [];
const pageErrors: string[] = [];

const tokenRequests = () => requests.filter((request) => request.url().endsWith(LOCAL_OAUTH_PATHS.token));
const formOf = (request: Request) => new URLSearchParams(request.postData() ?? '');
/** The page's own sessionStorage (the test runs in Node, which has none: hence the narrow type). */
interface PageStorage {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}
const storedSession = () => page.evaluate((key) => JSON.parse((globalThis as unknown as PageStorage).sessionStorage.getItem(key) ?? 'null'), SESSION_KEY);

beforeAll(async () => {
  platform = await startOwnPlatform();
  browser = await launchChromium();
  page = browser.page;
  page.on('request', (request) => requests.push(request));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A cold start synthesizes the CDK app and starts a JVM: minutes on a busy two-core machine.
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('staff sign-in (authorization code + PKCE)', () => {
  it('sends a reviewer who is not signed in to the authorize endpoint with a PKCE challenge', async () => {
    await page.goto(`${platform.apiUrl}/console/stories?status=pending`);
    await page.waitForURL((url) => url.pathname === LOCAL_OAUTH_PATHS.authorize);
    const authorize = new URL(page.url());
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: LOCAL_CLIENT_ID,
      redirect_uri: `${platform.apiUrl}/console/`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in as Rosa Reviewer' }).isVisible()).toBe(true);
  });

  it('comes back with a code, exchanges it with the verifier, and returns to the page asked for', async () => {
    await page.getByRole('button', { name: 'Sign in as Rosa Reviewer' }).click();
    await page.waitForURL((url) => url.pathname === '/console/stories');
    // The code and state never stay in the address bar (nor in history).
    expect(new URL(page.url()).search).toBe('?status=pending');
    await expect.poll(() => page.locator('#who-name').textContent()).toContain('Rosa Reviewer');

    const [exchange] = tokenRequests();
    expect(exchange).toBeDefined();
    const form = formOf(exchange!);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('client_id')).toBe(LOCAL_CLIENT_ID);
    expect(form.get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    expect(form.has('client_secret')).toBe(false);

    const session = await storedSession();
    expect(decodeJwt(session.idToken)).toMatchObject({ token_use: 'id', aud: LOCAL_CLIENT_ID, email: 'reviewer@example.org' });
    expect(session.refreshToken).toBeTruthy();
  });

  it('calls the API with the ID token as its bearer token', async () => {
    await expect.poll(() => requests.some((request) => new URL(request.url()).pathname.startsWith('/v1/') && request.headers().authorization)).toBe(true);
    const apiCall = requests.find((request) => new URL(request.url()).pathname.startsWith('/v1/') && request.headers().authorization)!;
    const bearer = apiCall.headers().authorization!.replace(/^Bearer /, '');
    expect(decodeJwt(bearer).token_use).toBe('id');
    const answer = await apiCall.response();
    expect(answer?.status()).not.toBe(401);
  });

  it('keeps the session across a reload, and renews it silently before it expires', async () => {
    const before = await storedSession();
    await page.reload();
    await expect.poll(() => page.locator('#who-name').textContent()).toContain('Rosa Reviewer');
    expect(new URL(page.url()).pathname).toBe('/console/stories');
    expect(tokenRequests()).toHaveLength(1);

    // The ID token about to expire: the next load renews it with the refresh token, which rotates.
    await page.evaluate(
      ([key, session]) => (globalThis as unknown as PageStorage).sessionStorage.setItem(key, JSON.stringify({ ...session, expiresAt: Date.now() + 30_000 })),
      [SESSION_KEY, before] as const,
    );
    await page.reload();
    await expect.poll(() => tokenRequests().length).toBe(2);
    const renewal = formOf(tokenRequests()[1]!);
    expect(renewal.get('grant_type')).toBe('refresh_token');
    expect(renewal.get('refresh_token')).toBe(before.refreshToken);
    await expect.poll(async () => (await storedSession())?.refreshToken).not.toBe(before.refreshToken);
    expect((await storedSession()).expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    await expect.poll(() => page.locator('#who-name').textContent()).toContain('Rosa Reviewer');
  });

  it('signs out: revokes the refresh token, forgets the tokens, and asks who is signing in next', async () => {
    const { refreshToken } = await storedSession();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === LOCAL_OAUTH_PATHS.authorize);
    expect(requests.some((request) => request.url().endsWith(LOCAL_OAUTH_PATHS.revoke))).toBe(true);
    expect(requests.some((request) => new URL(request.url()).pathname === LOCAL_OAUTH_PATHS.logout)).toBe(true);
    expect(await storedSession()).toBeNull();

    const reuse = await fetch(`${platform.apiUrl}${LOCAL_OAUTH_PATHS.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: LOCAL_CLIENT_ID, refresh_token: refreshToken }),
    });
    expect(reuse.status).toBe(400);
  });

  it('signs an admin in through the same flow, with the admin role', async () => {
    await page.getByRole('button', { name: 'Sign in as Adil Admin' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/console/'));
    await expect.poll(() => page.locator('#who-name').textContent()).toContain('Adil Admin');
    await expect.poll(() => page.locator('#who-roles').textContent()).toContain('admin');
    expect(pageErrors).toEqual([]);
  });
});
