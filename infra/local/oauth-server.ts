import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSOLE_CONFIG_PATH, type ConsoleConfig } from '../../shared/config/console-config.ts';
import { STAFF_SCOPES, UnknownDevUserError, type JwtIssuer, type SignInSession } from './jwt-issuer.ts';

/**
 * The local issuer's OAuth 2.0 endpoints, at the paths Cognito's managed login serves under its
 * domain (`/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`), below `/local`:
 * - authorize: a page to pick a dev user (in place of the password and TOTP steps), then a redirect
 *   to the registered console URL with `code` and `state`;
 * - token: `authorization_code` (PKCE S256 required and verified) and `refresh_token` (rotated, as
 *   the Cognito app client rotates them, with the same grace period);
 * - revoke and logout.
 * The console runs the same code against these and against Cognito (`console/src/auth.ts`).
 */

export const LOCAL_OAUTH_PATHS = {
  openidConfiguration: '/local/.well-known/openid-configuration',
  authorize: '/local/oauth2/authorize',
  token: '/local/oauth2/token',
  revoke: '/local/oauth2/revoke',
  logout: '/local/logout',
} as const;

/** An authorization code is good for one exchange within this time (Cognito: 5 minutes). */
const CODE_LIFETIME_MS = 5 * 60 * 1000;
/** The Cognito app client's refresh token validity. */
export const REFRESH_TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** A rotated-out refresh token still works this long, for a client retrying a lost answer. */
export const REFRESH_ROTATION_GRACE_MS = 10 * 1000;
const MAX_FORM_BYTES = 16 * 1024;

interface PendingCode {
  session: SignInSession;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  expiresAt: number;
}

interface RefreshGrant {
  session: SignInSession;
  expiresAt: number;
  /** Set once the token has been exchanged for a new one. */
  rotatedAt?: number;
}

export interface LocalOAuthOptions {
  jwt: JwtIssuer;
  /** The console URLs registered as the client's callback and sign-out URLs (`http://localhost:3000/console/`). */
  consoleUrls: readonly string[];
}

export interface LocalOAuth {
  /** Answers a request when its path is one of the endpoints or the console's config; `false` otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<boolean>;
  /** The console's `config.json` for a page served at `origin` (the registered console URL of that origin). */
  consoleConfig(origin: string | undefined): ConsoleConfig;
}

interface AuthorizationRequest {
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  codeChallenge: string;
  nonce: string | undefined;
  /** What to send back to the client instead of a code. */
  problem: OAuthError | undefined;
}

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const token = () => randomBytes(32).toString('base64url');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new OAuthError('invalid_request', 'The request body is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** RFC 7636: BASE64URL(SHA256(verifier)) must equal the challenge; the verifier is 43–128 unreserved characters. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

export function createLocalOAuth(options: LocalOAuthOptions): LocalOAuth {
  const { jwt } = options;
  const registered = new Set(options.consoleUrls);
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, RefreshGrant>();

  const pruneExpired = (now: number) => {
    for (const [code, pending] of codes) if (pending.expiresAt < now) codes.delete(code);
    for (const [refresh, grant] of refreshTokens) if (grant.expiresAt < now) refreshTokens.delete(refresh);
  };

  const discovery = (origin: string) => ({
    issuer: jwt.issuer,
    authorization_endpoint: `${origin}${LOCAL_OAUTH_PATHS.authorize}`,
    token_endpoint: `${origin}${LOCAL_OAUTH_PATHS.token}`,
    revocation_endpoint: `${origin}${LOCAL_OAUTH_PATHS.revoke}`,
    end_session_endpoint: `${origin}${LOCAL_OAUTH_PATHS.logout}`,
    jwks_uri: jwt.jwksUrl,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [...STAFF_SCOPES],
    subject_types_supported: ['public'],
    token_endpoint_auth_methods_supported: ['none'],
    id_token_signing_alg_values_supported: ['RS256'],
  });

  /**
   * The parameters of an authorization request. A bad client or redirect URI is shown on the page
   * (an unregistered address never receives a redirect); anything else goes back to the client.
   */
  function authorizationRequest(params: URLSearchParams): { fatal: string } | AuthorizationRequest {
    const clientId = params.get('client_id');
    const redirectUri = params.get('redirect_uri') ?? '';
    if (clientId !== jwt.clientId) return { fatal: `Unknown client_id "${clientId ?? ''}": the local app client is ${jwt.clientId}.` };
    if (!registered.has(redirectUri)) return { fatal: `redirect_uri "${redirectUri}" is not registered: use one of ${[...registered].join(', ')}.` };
    const state = params.get('state') ?? undefined;
    const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const problem =
      params.get('response_type') !== 'code'
        ? new OAuthError('unsupported_response_type', 'Only the authorization code flow is allowed')
        : !params.get('code_challenge') || params.get('code_challenge_method') !== 'S256'
          ? new OAuthError('invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256')
          : !scopes.includes('openid') || scopes.some((scope) => !(STAFF_SCOPES as readonly string[]).includes(scope))
            ? new OAuthError('invalid_scope', `Ask for openid and any of: ${STAFF_SCOPES.join(' ')}`)
            : undefined;
    return {
      redirectUri,
      state,
      scopes,
      codeChallenge: params.get('code_challenge') ?? '',
      nonce: params.get('nonce') ?? undefined,
      problem,
    };
  }

  function redirectTo(res: ServerResponse, target: string, params: Record<string, string | undefined>): void {
    const url = new URL(target);
    for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
    send(res, 302, { location: url.href, 'content-type': 'text/plain; charset=utf-8' }, `See ${url.href}`);
  }

  function errorPage(res: ServerResponse, status: number, message: string): void {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head>
<body><h1>Sign-in error</h1><p>${escapeHtml(message)}</p></body></html>`;
    send(res, status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'" }, html);
  }

  /** The dev-user picker: one button per user, posting the request back with the chosen address. */
  function pickerPage(res: ServerResponse, params: URLSearchParams, redirectUri: string): void {
    const hidden = [...params]
      .filter(([name]) => name !== 'login_hint')
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('\n');
    const buttons = jwt.users
      .map(
        (user) =>
          `<li><button type="submit" name="login_hint" value="${escapeHtml(user.email)}">Sign in as ${escapeHtml(user.name)}</button> ` +
          `<code>${escapeHtml(user.email)}</code> (${escapeHtml(user.groups.join(', '))})</li>`,
      )
      .join('\n');
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — Open Gov Challenge (local)</title></head>
<body><main>
<h1>Sign in to the review console</h1>
<p>This is the local platform's stand-in for Cognito's managed login: choose a dev user. In AWS this page asks for a password and a TOTP code.</p>
<form method="post" action="${LOCAL_OAUTH_PATHS.authorize}">
${hidden}
<ul>
${buttons}
</ul>
</form>
</main></body></html>`;
    const formTargets = ["'self'", new URL(redirectUri).origin].join(' ');
    send(
      res,
      200,
      {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'none'; form-action ${formTargets}; frame-ancestors 'none'; base-uri 'none'`,
        'x-frame-options': 'DENY',
      },
      html,
    );
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    const params = req.method === 'POST' ? await readForm(req) : new URLSearchParams(search);
    const request = authorizationRequest(params);
    if ('fatal' in request) return errorPage(res, 400, request.fatal);
    const { redirectUri, state } = request;
    if (request.problem) return redirectTo(res, redirectUri, { error: request.problem.error, error_description: request.problem.description, state });
    if (req.method !== 'POST') return pickerPage(res, params, redirectUri);

    let session: SignInSession;
    try {
      session = jwt.signIn(params.get('login_hint') ?? '', request.scopes);
    } catch (error) {
      if (error instanceof UnknownDevUserError) return errorPage(res, 400, error.message);
      throw error;
    }
    const code = token();
    codes.set(code, { session, redirectUri, codeChallenge: request.codeChallenge, nonce: request.nonce, expiresAt: Date.now() + CODE_LIFETIME_MS });
    redirectTo(res, redirectUri, { code, state });
  }

  async function tokens(session: SignInSession, nonce: string | undefined, refresh: { token: string; expiresAt: number }) {
    const issued = await jwt.issue(session, nonce);
    refreshTokens.set(refresh.token, { session, expiresAt: refresh.expiresAt });
    return {
      id_token: issued.idToken,
      access_token: issued.accessToken,
      refresh_token: refresh.token,
      expires_in: issued.expiresIn,
      token_type: 'Bearer',
    };
  }

  async function exchange(form: URLSearchParams): Promise<unknown> {
    const now = Date.now();
    pruneExpired(now);
    if (form.get('client_id') !== jwt.clientId) throw new OAuthError('invalid_client', 'Unknown client_id');
    const grantType = form.get('grant_type');

    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      // One use only, whatever the outcome: a code that met a wrong verifier is burnt.
      codes.delete(code);
      if (!pending || pending.expiresAt < now) throw new OAuthError('invalid_grant', 'The authorization code is unknown, used or expired');
      if (form.get('redirect_uri') !== pending.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request');
      if (!pkceMatches(form.get('code_verifier') ?? '', pending.codeChallenge)) throw new OAuthError('invalid_grant', 'The PKCE code_verifier does not match the code_challenge');
      return tokens(pending.session, pending.nonce, { token: token(), expiresAt: now + REFRESH_TOKEN_LIFETIME_MS });
    }

    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(presented);
      if (!grant || grant.expiresAt < now || (grant.rotatedAt !== undefined && now - grant.rotatedAt > REFRESH_ROTATION_GRACE_MS)) {
        throw new OAuthError('invalid_grant', 'The refresh token is unknown, revoked or expired');
      }
      grant.rotatedAt ??= now;
      // Rotation: a new refresh token for the rest of the original one's life.
      return tokens(grant.session, undefined, { token: token(), expiresAt: grant.expiresAt });
    }

    throw new OAuthError('unsupported_grant_type', 'Use authorization_code or refresh_token');
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'POST a form' });
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      req.resume();
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'Send application/x-www-form-urlencoded' });
    }
    try {
      sendJson(res, 200, await exchange(await readForm(req)));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendJson(res, error.error === 'invalid_client' ? 401 : 400, { error: error.error, error_description: error.description });
    }
  }

  async function revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'POST a form' });
    const form = await readForm(req);
    if (form.get('client_id') !== jwt.clientId) return sendJson(res, 401, { error: 'invalid_client', error_description: 'Unknown client_id' });
    refreshTokens.delete(form.get('token') ?? '');
    send(res, 200, { 'content-type': 'text/plain; charset=utf-8' }, '');
  }

  function logout(res: ServerResponse, search: string): void {
    const params = new URLSearchParams(search);
    const target = params.get('logout_uri') ?? '';
    if (params.get('client_id') !== jwt.clientId) return errorPage(res, 400, 'Unknown client_id');
    if (!registered.has(target)) return errorPage(res, 400, `logout_uri "${target}" is not a registered sign-out URL`);
    // Cognito ends its session cookie here; the local picker keeps no session, so there is nothing else to end.
    send(res, 302, { location: target, 'content-type': 'text/plain; charset=utf-8' }, `See ${target}`);
  }

  const originOf = (url: string) => new URL(url).origin;
  const [defaultConsoleUrl] = options.consoleUrls;
  if (!defaultConsoleUrl) throw new Error('The local OAuth server needs at least one console URL');

  function consoleConfig(origin: string | undefined): ConsoleConfig {
    const consoleUrl = options.consoleUrls.find((url) => originOf(url) === origin) ?? defaultConsoleUrl!;
    const base = originOf(consoleUrl);
    return {
      apiBaseUrl: base,
      auth: {
        authorizeUrl: `${base}${LOCAL_OAUTH_PATHS.authorize}`,
        tokenUrl: `${base}${LOCAL_OAUTH_PATHS.token}`,
        logoutUrl: `${base}${LOCAL_OAUTH_PATHS.logout}`,
        clientId: jwt.clientId,
        redirectUri: consoleUrl,
        scopes: [...STAFF_SCOPES],
      },
    };
  }

  return {
    consoleConfig,
    async handle(req, res, path, search) {
      const origin = req.headers.host ? `http://${req.headers.host}` : undefined;
      switch (path) {
        case CONSOLE_CONFIG_PATH:
          sendJson(res, 200, consoleConfig(origin));
          return true;
        case LOCAL_OAUTH_PATHS.openidConfiguration:
          sendJson(res, 200, discovery(originOf(consoleConfig(origin).auth.redirectUri)));
          return true;
        case LOCAL_OAUTH_PATHS.authorize:
          await authorize(req, res, search);
          return true;
        case LOCAL_OAUTH_PATHS.token:
          await tokenEndpoint(req, res);
          return true;
        case LOCAL_OAUTH_PATHS.revoke:
          await revoke(req, res);
          return true;
        case LOCAL_OAUTH_PATHS.logout:
          logout(res, search);
          return true;
        default:
          return false;
      }
    },
  };
}
