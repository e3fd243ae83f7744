import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtIssuer, LOCAL_CLIENT_ID, type JwtIssuer } from '../../infra/local/jwt-issuer.ts';
import { ENV } from '../../shared/config/constants.ts';
import { authorize, verifyStaffToken, type StaffTokenIssuer } from '../../shared/http/auth.ts';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback-server.ts';

/**
 * The handlers' staff-token check against a real JWKS endpoint: it accepts the ID token the sign-in
 * issues (the local issuer issues Cognito's claims) and refuses anything else a caller could hold.
 */

const TEST_KID = 'test-key';
let server: LoopbackServer;
let issuer: JwtIssuer;
let expected: StaffTokenIssuer;
/** Published in the JWKS beside the issuer's key: signs tokens with claims the issuer never issues. */
let publishedKey: CryptoKey;
/** Same `kid`, never published: its signatures must fail. */
let foreignKey: CryptoKey;
let publishedJwk: JWK;
const savedEnv = { ...process.env };

beforeAll(async () => {
  const published = await generateKeyPair('RS256', { extractable: true });
  publishedKey = published.privateKey;
  publishedJwk = { ...(await exportJWK(published.publicKey)), kid: TEST_KID, alg: 'RS256', use: 'sig' };
  ({ privateKey: foreignKey } = await generateKeyPair('RS256'));

  server = await serveOnLoopback((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [...issuer.jwks.keys, publishedJwk] }));
  });
  issuer = await createJwtIssuer({ apiUrl: server.url, dataDir: null });
  expected = { issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, clientId: issuer.clientId };
  Object.assign(process.env, { [ENV.jwtIssuer]: expected.issuer, [ENV.jwtJwksUrl]: expected.jwksUrl, [ENV.jwtAudience]: expected.clientId });
});

afterAll(async () => {
  process.env = savedEnv;
  await server.close();
});

/** An ID token as the issuer would sign it, with `claims` changed (undefined removes a claim). */
function tokenWith(claims: Record<string, unknown>, options: { key?: CryptoKey; audience?: string; expiresAt?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ token_use: 'id', email: 'reviewer@example.org', 'cognito:groups': ['reviewer'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: TEST_KID, typ: 'JWT' })
    .setIssuer(expected.issuer)
    .setSubject('00000000-0000-0000-0000-000000000001')
    .setIssuedAt(now - 60)
    .setExpirationTime(options.expiresAt ?? now + 3600);
  if (options.audience !== '') jwt.setAudience(options.audience ?? LOCAL_CLIENT_ID);
  return jwt.sign(options.key ?? publishedKey);
}

/** `accepted`, or the code of the error the check threw. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('staff token check', () => {
  it('accepts the ID token of a sign-in, with the roles of its groups', async () => {
    const { idToken } = await issuer.issue(issuer.signIn('admin@example.org'));
    const user = await verifyStaffToken(idToken, expected);
    expect(user).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'admin@example.org', roles: ['reviewer', 'admin'] });
    expect(await authorize('admin', `Bearer ${idToken}`)).toEqual(user);
    expect(await outcome(verifyStaffToken(await tokenWith({}), expected))).toBe('accepted');
  });

  it('refuses the access token of the same sign-in (token_use access, no audience)', async () => {
    const { accessToken } = await issuer.issue(issuer.signIn('admin@example.org'));
    expect(await outcome(verifyStaffToken(accessToken, expected))).toBe('unauthorized');
  });

  it('refuses a token whose token_use is not id, even with the right audience and a good signature', async () => {
    expect(await outcome(verifyStaffToken(await tokenWith({ token_use: 'access' }), expected))).toBe('unauthorized');
    expect(await outcome(verifyStaffToken(await tokenWith({ token_use: undefined }), expected))).toBe('unauthorized');
  });

  it('refuses a token issued to another app client, or to none', async () => {
    expect(await outcome(verifyStaffToken(await tokenWith({}, { audience: 'another-client' }), expected))).toBe('unauthorized');
    expect(await outcome(verifyStaffToken(await tokenWith({}, { audience: '' }), expected))).toBe('unauthorized');
    const { idToken } = await issuer.issue(issuer.signIn('reviewer@example.org'));
    expect(await outcome(verifyStaffToken(idToken, { ...expected, clientId: 'another-client' }))).toBe('unauthorized');
  });

  it('refuses another issuer, an unpublished key, and an unsigned token', async () => {
    const { idToken } = await issuer.issue(issuer.signIn('reviewer@example.org'));
    expect(await outcome(verifyStaffToken(idToken, { ...expected, issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' }))).toBe('unauthorized');
    expect(await outcome(verifyStaffToken(await tokenWith({}, { key: foreignKey }), expected))).toBe('unauthorized');
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: expected.issuer, aud: LOCAL_CLIENT_ID, token_use: 'id', sub: 's', email: 'a@example.org', iat: 1, exp: 9e9 })}.`;
    expect(await outcome(verifyStaffToken(unsigned, expected))).toBe('unauthorized');
  });

  it('refuses an expired token and one without an e-mail address', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    expect(await outcome(verifyStaffToken(await tokenWith({}, { expiresAt: past }), expected))).toBe('unauthorized');
    expect(await outcome(verifyStaffToken(await tokenWith({ email: undefined }), expected))).toBe('unauthorized');
  });

  it('answers 401 without a bearer token and 403 without the role the route needs', async () => {
    expect(await outcome(authorize('reviewer', undefined))).toBe('unauthorized');
    expect(await outcome(authorize('reviewer', 'Basic abc'))).toBe('unauthorized');
    const reviewer = await issuer.tokenFor('reviewer@example.org');
    expect(await outcome(authorize('reviewer', `Bearer ${reviewer}`))).toBe('accepted');
    expect(await outcome(authorize('admin', `Bearer ${reviewer}`))).toBe('forbidden');
    expect(await outcome(authorize('reviewer', `Bearer ${await tokenWith({ 'cognito:groups': undefined })}`))).toBe('forbidden');
    expect(await authorize('public', undefined)).toBeUndefined();
  });
});
