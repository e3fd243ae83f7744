import * as z from 'zod';
import { CONSOLE_CONFIG_PATH, consoleConfigSchema, revocationUrlOf, type ConsoleConfig } from '../../shared/config/console-config.ts';
import { ROLES, type Role } from '../../shared/config/constants.ts';

/**
 * Staff sign-in: the OAuth 2.0 authorization code flow with PKCE (S256), the same code against
 * Cognito's managed login in AWS and the local issuer's look-alike endpoints, both named by
 * `/console/config.json`. The console is a public client: it holds no secret, and PKCE is what
 * binds the code to this tab.
 *
 * Tokens live in memory and in this tab's sessionStorage (so a reload keeps the session, and closing
 * the tab ends it); they never go to localStorage or a cookie. The ID token is the bearer token the
 * API checks (`shared/http/auth.ts` says why); it is renewed with the refresh token a little before
 * it expires, and the rotated refresh token replaces the old one.
 */

export interface StaffUser {
  email: string;
  name: string;
  roles: Role[];
}

export interface StaffSession {
  user: StaffUser;
  /** Epoch milliseconds at which the ID token expires. */
  expiresAt: number;
}

export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

const SESSION_KEY = 'ogc-console:session';
const PENDING_KEY = 'ogc-console:sign-in';
/** Tokens are renewed this long before they expire, so a request never leaves with a dying token. */
const REFRESH_MARGIN_MS = 2 * 60 * 1000;

const storedSessionSchema = z.object({
  idToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.number(),
});
type StoredSession = z.infer<typeof storedSessionSchema>;

/** What the tab remembers between leaving for the authorize page and coming back with a code. */
const pendingSignInSchema = z.object({
  state: z.string().min(1),
  verifier: z.string().min(43),
  nonce: z.string().min(1),
  redirectUri: z.url(),
  /** Where the reviewer was going (a console path), restored after sign-in. */
  returnTo: z.string().startsWith('/'),
});
type PendingSignIn = z.infer<typeof pendingSignInSchema>;

const tokenResponseSchema = z.object({
  id_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number(),
});

const idClaimsSchema = z.object({
  email: z.string(),
  name: z.string().optional(),
  'cognito:groups': z.array(z.string()).optional(),
  exp: z.number(),
  nonce: z.string().optional(),
});
type IdClaims = z.infer<typeof idClaimsSchema>;

let configPromise: Promise<ConsoleConfig> | undefined;
let session: StoredSession | undefined;
let refreshing: Promise<StoredSession | undefined> | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function loadConfig(): Promise<ConsoleConfig> {
  configPromise ??= (async () => {
    const response = await fetch(CONSOLE_CONFIG_PATH, { cache: 'no-store' });
    if (!response.ok) throw new SignInError(`The console's configuration could not be loaded (HTTP ${response.status}).`);
    const parsed = consoleConfigSchema.safeParse(await response.json());
    if (!parsed.success) throw new SignInError('The console\'s configuration is incomplete: ask an administrator to redeploy it.');
    return parsed.data;
  })();
  configPromise.catch(() => {
    configPromise = undefined;
  });
  return configPromise;
}

/**
 * The registered redirect URI for this page. Cognito registers the console at both the distribution's
 * name and the custom domain, and the local platform at both loopback names; the PKCE verifier is in
 * this origin's sessionStorage, so the code must come back to the origin the reviewer is on.
 */
function redirectUriFor(config: ConsoleConfig): string {
  const configured = new URL(config.auth.redirectUri);
  return configured.origin === location.origin ? configured.href : new URL(configured.pathname, location.origin).href;
}

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = (byteLength = 32) => base64url(crypto.getRandomValues(new Uint8Array(byteLength)));

async function codeChallengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function claimsOf(idToken: string): IdClaims {
  const payload = idToken.split('.')[1];
  if (!payload) throw new SignInError('The sign-in returned a malformed token.');
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)));
  const parsed = idClaimsSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new SignInError('The sign-in returned a token without the staff member\'s e-mail address.');
  return parsed.data;
}

function readStored<T>(key: string, schema: z.ZodType<T>): T | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    if (raw === null) return undefined;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function clearSession(): void {
  session = undefined;
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(SESSION_KEY);
}

function keepSession(next: StoredSession): StoredSession {
  session = next;
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
  clearTimeout(refreshTimer);
  if (next.refreshToken) {
    // Silent renewal ahead of expiry; a failure here is retried by the next request's check.
    refreshTimer = setTimeout(() => void refresh(), Math.max(0, next.expiresAt - REFRESH_MARGIN_MS - Date.now()));
  }
  return next;
}

async function requestTokens(config: ConsoleConfig, form: Record<string, string>): Promise<z.infer<typeof tokenResponseSchema>> {
  const response = await fetch(config.auth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.auth.clientId, ...form }),
    cache: 'no-store',
  });
  const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success) throw new SignInError('The sign-in service refused the request: please sign in again.');
  return parsed.data;
}

function sessionFrom(tokens: z.infer<typeof tokenResponseSchema>, previousRefreshToken?: string): StoredSession {
  const refreshToken = tokens.refresh_token ?? previousRefreshToken;
  return { idToken: tokens.id_token, expiresAt: claimsOf(tokens.id_token).exp * 1000, ...(refreshToken ? { refreshToken } : {}) };
}

/** Renews the tokens with the refresh token (rotated when the issuer rotates it); undefined when it cannot. */
function refresh(): Promise<StoredSession | undefined> {
  refreshing ??= (async () => {
    const current = session ?? readStored(SESSION_KEY, storedSessionSchema);
    if (!current?.refreshToken) return undefined;
    try {
      const config = await loadConfig();
      return keepSession(sessionFrom(await requestTokens(config, { grant_type: 'refresh_token', refresh_token: current.refreshToken }), current.refreshToken));
    } catch {
      return undefined;
    }
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** Leaves for the authorize endpoint; the returned promise never settles, as the page is going away. */
async function beginSignIn(returnTo: string): Promise<never> {
  const config = await loadConfig();
  const pending: PendingSignIn = { state: randomString(), verifier: randomString(48), nonce: randomString(), redirectUri: redirectUriFor(config), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(config.auth.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.auth.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.auth.scopes.join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallengeOf(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
  return new Promise<never>(() => {});
}

/** Completes a sign-in when this page load is the authorize endpoint's redirect back; false otherwise. */
async function completeSignIn(): Promise<boolean> {
  const url = new URL(location.href);
  const code = url.searchParams.get('code');
  const error = url.searchParams.get('error');
  if (code === null && error === null) return false;
  const pending = readStored(PENDING_KEY, pendingSignInSchema);
  sessionStorage.removeItem(PENDING_KEY);
  // Without a sign-in of ours in progress (a reload, a copied address), the parameters mean nothing.
  history.replaceState(history.state, '', pending?.returnTo ?? `${url.pathname}${url.hash}`);
  if (!pending) return false;
  if (url.searchParams.get('state') !== pending.state) throw new SignInError('The sign-in answer does not belong to this page: please sign in again.');
  if (error !== null) throw new SignInError(`The sign-in did not complete (${url.searchParams.get('error_description') ?? error}). Reload the page to try again.`);

  const config = await loadConfig();
  const tokens = await requestTokens(config, {
    grant_type: 'authorization_code',
    code: code ?? '',
    redirect_uri: pending.redirectUri,
    code_verifier: pending.verifier,
  });
  if (claimsOf(tokens.id_token).nonce !== pending.nonce) throw new SignInError('The sign-in answer was not issued for this page: please sign in again.');
  keepSession(sessionFrom(tokens));
  return true;
}

/** A session whose ID token outlives the refresh margin, renewing it when needed; undefined when none can be had. */
async function freshSession(): Promise<StoredSession | undefined> {
  session ??= readStored(SESSION_KEY, storedSessionSchema);
  if (session && session.expiresAt - REFRESH_MARGIN_MS > Date.now()) return session;
  const renewed = await refresh();
  if (renewed) return renewed;
  // Refresh failed or was impossible: a token that is still valid serves until it expires.
  return session && session.expiresAt > Date.now() ? session : undefined;
}

const returnPath = () => `${location.pathname}${location.search}${location.hash}`;

/**
 * Resolves with the signed-in staff member: at once when this tab has a session, after the code
 * exchange when this page load is the sign-in's redirect back, and never when the page leaves for
 * the authorize endpoint (it comes back signed in).
 */
export async function ensureSignedIn(): Promise<StaffSession> {
  await completeSignIn();
  const current = await freshSession();
  if (!current) return beginSignIn(returnPath());
  keepSession(current);
  return { user: userOf(current), expiresAt: current.expiresAt };
}

function userOf(current: StoredSession): StaffUser {
  const claims = claimsOf(current.idToken);
  const groups = claims['cognito:groups'] ?? [];
  return { email: claims.email, name: claims.name ?? claims.email, roles: ROLES.filter((role) => groups.includes(role)) };
}

/** Who is signed in in this tab, or undefined before `ensureSignedIn` has resolved. */
export function currentUser(): StaffUser | undefined {
  return session ? userOf(session) : undefined;
}

/**
 * `fetch` with the staff bearer token. Paths (`/v1/...`) go to the configured API. A 401 gets one
 * renewal and one retry; when no renewal is possible the page leaves to sign in again.
 */
export async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const config = await loadConfig();
  const target = typeof input === 'string' && input.startsWith('/') ? `${config.apiBaseUrl.replace(/\/+$/, '')}${input}` : input;
  const send = (current: StoredSession) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${current.idToken}`);
    return fetch(target, { ...init, headers });
  };

  const current = await freshSession();
  if (!current) return beginSignIn(returnPath());
  const response = await send(current);
  if (response.status !== 401) return response;
  const renewed = await refresh();
  if (!renewed) {
    clearSession();
    return beginSignIn(returnPath());
  }
  return send(renewed);
}

/** Ends the session: revokes the refresh token, forgets the tokens, and signs out of the managed login too. */
export async function signOut(): Promise<never> {
  const config = await loadConfig();
  const refreshToken = (session ?? readStored(SESSION_KEY, storedSessionSchema))?.refreshToken;
  clearSession();
  if (refreshToken) {
    // Best effort: the tokens are gone from this tab whatever the answer.
    await fetch(revocationUrlOf(config.auth.tokenUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: config.auth.clientId, token: refreshToken }),
    }).catch(() => undefined);
  }
  const logout = new URL(config.auth.logoutUrl);
  logout.search = new URLSearchParams({ client_id: config.auth.clientId, logout_uri: redirectUriFor(config) }).toString();
  location.assign(logout.href);
  return new Promise<never>(() => {});
}
