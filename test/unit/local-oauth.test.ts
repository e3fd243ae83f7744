import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtIssuer, LOCAL_CLIENT_ID, type JwtIssuer } from '../../infra/local/jwt-issuer.ts';
import { createLocalOAuth, LOCAL_OAUTH_PATHS } from '../../infra/local/oauth-server.ts';
import { consoleConfigSchema } from '../../shared/config/console-config.ts';
import { verifyStaffToken } from '../../shared/http/auth.ts';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback-server.ts';

/**
 * The local issuer's OAuth endpoints over HTTP, as the console (and Cognito's clients) use them:
 * authorization code with PKCE S256, refresh with rotation, revocation, sign-out.
 */

let server: LoopbackServer;
let base: string;
let consoleUrl: string;
let issuer: JwtIssuer;

beforeAll(async () => {
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
  server = await serveOnLoopback((req, res) => handle?.(req, res));
  base = server.url;
  consoleUrl = `${base}/console/`;
  issuer = await createJwtIssuer({ apiUrl: base, dataDir: null });
  const oauth = createLocalOAuth({ jwt: issuer, consoleUrls: [consoleUrl] });
  handle = (req, res) => {
    const [path = '/', search = ''] = (req.url ?? '/').split('?');
    if (path === '/local/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.jwks));
      return;
    }
    oauth.handle(req, res, path, search).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  };
});

afterAll(() => server.close());

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeParams(overrides: Record<string, string | undefined> = {}, challenge = pkce().challenge): URLSearchParams {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: consoleUrl,
    scope: 'openid email profile',
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  return new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Picks a dev user on the authorize page and returns where it redirects to. */
async function pick(params: URLSearchParams, email = 'reviewer@example.org'): Promise<URL> {
  const response = await fetch(`${base}${LOCAL_OAUTH_PATHS.authorize}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...params, ['login_hint', email]]),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

const postForm = (path: string, form: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

async function signIn(email = 'reviewer@example.org') {
  const { verifier, challenge } = pkce();
  const redirect = await pick(authorizeParams({}, challenge), email);
  const response = await postForm(LOCAL_OAUTH_PATHS.token, {
    grant_type: 'authorization_code',
    client_id: LOCAL_CLIENT_ID,
    code: redirect.searchParams.get('code')!,
    redirect_uri: consoleUrl,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id_token: string; access_token: string; refresh_token: string; expires_in: number; token_type: string };
}

describe('local OAuth endpoints', () => {
  it('shows a dev-user picker, then redirects to the console with a code and the state', async () => {
    const page = await fetch(`${base}${LOCAL_OAUTH_PATHS.authorize}?${authorizeParams()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign in as Rosa Reviewer');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");

    const redirect = await pick(authorizeParams());
    expect(`${redirect.origin}${redirect.pathname}`).toBe(consoleUrl);
    expect(redirect.searchParams.get('state')).toBe('state-123');
    expect(redirect.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
  });

  it('exchanges the code once, with the PKCE verifier, for Cognito-shaped ID and access tokens', async () => {
    const tokens = await signIn('admin@example.org');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const id = decodeJwt(tokens.id_token);
    const access = decodeJwt(tokens.access_token);
    expect(id).toMatchObject({ token_use: 'id', aud: LOCAL_CLIENT_ID, email: 'admin@example.org', 'cognito:groups': ['admin', 'reviewer'], iss: issuer.issuer });
    expect(access).toMatchObject({ token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: 'openid email profile', iss: issuer.issuer });
    expect(access.aud).toBeUndefined();
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(id.exp! - id.iat!).toBe(3600);
    expect((await verifyStaffToken(tokens.id_token, { issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientId: LOCAL_CLIENT_ID })).email).toBe('admin@example.org');
  });

  it('refuses a wrong verifier, and burns the code it was sent with', async () => {
    const { verifier, challenge } = pkce();
    const code = (await pick(authorizeParams({}, challenge))).searchParams.get('code')!;
    const exchange = (codeVerifier: string) =>
      postForm(LOCAL_OAUTH_PATHS.token, { grant_type: 'authorization_code', client_id: LOCAL_CLIENT_ID, code, redirect_uri: consoleUrl, code_verifier: codeVerifier });
    const wrong = await exchange(pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(verifier)).status).toBe(400);
  });

  it('requires PKCE S256 and a registered redirect URI', async () => {
    const noPkce = await fetch(`${base}${LOCAL_OAUTH_PATHS.authorize}?${authorizeParams({ code_challenge: undefined })}`, { redirect: 'manual' });
    expect(noPkce.status).toBe(302);
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const plain = await fetch(`${base}${LOCAL_OAUTH_PATHS.authorize}?${authorizeParams({ code_challenge_method: 'plain' })}`, { redirect: 'manual' });
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const implicit = await fetch(`${base}${LOCAL_OAUTH_PATHS.authorize}?${authorizeParams({ response_type: 'token' })}`, { redirect: 'manual' });
    expect(new URL(implicit.headers.get('location')!).searchParams.get('error')).toBe('unsupported_response_type');

    // An unregistered address never receives a redirect (nor a code).
    const elsewhere = await fetch(`${base}${LOCAL_OAUTH_PATHS.authorize}?${authorizeParams({ redirect_uri: 'https://attacker.example/console/' })}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
    const otherClient = await fetch(`${base}${LOCAL_OAUTH_PATHS.authorize}?${authorizeParams({ client_id: 'someone-else' })}`, { redirect: 'manual' });
    expect(otherClient.status).toBe(400);
  });

  it('rotates refresh tokens, and a revoked one no longer works', async () => {
    const first = await signIn();
    const refresh = (token: string) => postForm(LOCAL_OAUTH_PATHS.token, { grant_type: 'refresh_token', client_id: LOCAL_CLIENT_ID, refresh_token: token });
    const renewed = await refresh(first.refresh_token);
    expect(renewed.status).toBe(200);
    const second = (await renewed.json()) as { id_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.id_token).auth_time).toBe(decodeJwt(first.id_token).auth_time);

    expect((await postForm(LOCAL_OAUTH_PATHS.revoke, { client_id: LOCAL_CLIENT_ID, token: second.refresh_token })).status).toBe(200);
    const revoked = await refresh(second.refresh_token);
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('signs out to a registered URL only, and serves the console config of its origin', async () => {
    const out = await fetch(`${base}${LOCAL_OAUTH_PATHS.logout}?client_id=${LOCAL_CLIENT_ID}&logout_uri=${encodeURIComponent(consoleUrl)}`, { redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(consoleUrl);
    const away = await fetch(`${base}${LOCAL_OAUTH_PATHS.logout}?client_id=${LOCAL_CLIENT_ID}&logout_uri=${encodeURIComponent('https://attacker.example/')}`, { redirect: 'manual' });
    expect(away.status).toBe(400);

    const config = consoleConfigSchema.parse(await (await fetch(`${base}/console/config.json`)).json());
    expect(config).toEqual({
      apiBaseUrl: base,
      auth: {
        authorizeUrl: `${base}${LOCAL_OAUTH_PATHS.authorize}`,
        tokenUrl: `${base}${LOCAL_OAUTH_PATHS.token}`,
        logoutUrl: `${base}${LOCAL_OAUTH_PATHS.logout}`,
        clientId: LOCAL_CLIENT_ID,
        redirectUri: consoleUrl,
        scopes: ['openid', 'email', 'profile'],
      },
    });
  });
});
