import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/**
 * The local stand-in for the Cognito user pool: an RS256 key pair, its JWKS, and tokens for a few
 * documented dev users with the claims Cognito puts in its ID and access tokens. Handlers verify
 * them exactly as they verify Cognito's (issuer, JWKS, `token_use`, audience = the app client id,
 * all from the environment), so the auth code path is the one that deploys. The OAuth endpoints
 * that hand these tokens to the console live in `oauth-server.ts`.
 * Local only: nothing here is reachable in the deployed system.
 */

export interface DevUser {
  email: string;
  name: string;
  groups: string[];
}

export const DEV_USERS: readonly DevUser[] = [
  { email: 'reviewer@example.org', name: 'Rosa Reviewer', groups: ['reviewer'] },
  { email: 'admin@example.org', name: 'Adil Admin', groups: ['admin', 'reviewer'] },
  { email: 'reviewer2@example.org', name: 'Ren Reviewer', groups: ['reviewer'] },
];

/** The local app client's id: the ID token's `aud` and the access token's `client_id`, as in Cognito. */
export const LOCAL_CLIENT_ID = 'ogc-console-local';
/** The scopes the console asks for, as the Cognito app client allows them. */
export const STAFF_SCOPES = ['openid', 'email', 'profile'] as const;
/** One hour, as the Cognito app client's ID and access token validity. */
export const TOKEN_LIFETIME_SECONDS = 60 * 60;
export const KEY_FILE_NAME = 'jwt-signing-key.json';

export const issuerFor = (apiUrl: string) => `${apiUrl.replace(/\/$/, '')}/local`;
export const jwksUrlFor = (apiUrl: string) => `${issuerFor(apiUrl)}/.well-known/jwks.json`;

/** What a sign-in carries into every token issued from it (and from its refreshes). */
export interface SignInSession {
  user: DevUser;
  /** Epoch seconds of the sign-in (`auth_time`). */
  authTime: number;
  /** Shared by every token of one sign-in, as Cognito's `origin_jti`. */
  originJti: string;
  scopes: readonly string[];
}

export interface IssuedTokens {
  idToken: string;
  accessToken: string;
  expiresIn: number;
}

export interface JwtIssuer {
  issuer: string;
  clientId: string;
  /** The ID token's `aud`: the client id. */
  audience: string;
  jwksUrl: string;
  /** The public key set served at `jwksUrl`. */
  jwks: { keys: JWK[] };
  users: readonly DevUser[];
  /** Starts a sign-in for a dev user; throws UnknownDevUserError for any other address. */
  signIn(email: string, scopes?: readonly string[]): SignInSession;
  /** The ID and access tokens of a sign-in; `nonce` goes into the ID token when the client sent one. */
  issue(session: SignInSession, nonce?: string): Promise<IssuedTokens>;
  /** A signed ID token for a dev user (curl users, tests); throws for any other address. */
  tokenFor(email: string): Promise<string>;
}

export class UnknownDevUserError extends Error {
  constructor(email: string) {
    super(`"${email}" is not a dev user. Use one of: ${DEV_USERS.map((user) => user.email).join(', ')}`);
    this.name = 'UnknownDevUserError';
  }
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

function publicPart(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy as JWK;
}

async function newKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  return { kid: await calculateJwkThumbprint(publicPart(privateJwk)), privateJwk };
}

/** Loads the key persisted under `dataDir` (so tokens survive a restart), creating it once. */
async function loadOrCreateKey(dataDir: string | null): Promise<StoredKey> {
  if (dataDir === null) return newKey();
  const file = path.join(dataDir, KEY_FILE_NAME);
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as StoredKey;
    if (stored.kid && stored.privateJwk?.d) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Unreadable signing key ${file}: delete it to get a new one`, { cause: error });
  }
  const created = await newKey();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

/** A stable, UUID-shaped subject per e-mail address, as Cognito gives each user one `sub`. */
function subjectFor(email: string): string {
  const hex = createHash('sha256').update(`ogc-local:${email}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function findDevUser(email: string): DevUser | undefined {
  const normalized = email.trim().toLowerCase();
  return DEV_USERS.find((user) => user.email === normalized);
}

export async function createJwtIssuer(options: { apiUrl: string; dataDir: string | null }): Promise<JwtIssuer> {
  const stored = await loadOrCreateKey(options.dataDir);
  const signingKey = (await importJWK(stored.privateJwk, 'RS256')) as CryptoKey;
  const issuer = issuerFor(options.apiUrl);
  const publicJwk: JWK = { ...publicPart(stored.privateJwk), kid: stored.kid, alg: 'RS256', use: 'sig' };

  const sign = (claims: Record<string, unknown>, subject: string, now: number, audience?: string) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: stored.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(subject)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS);
    return (audience ? jwt.setAudience(audience) : jwt).sign(signingKey);
  };

  const signIn = (email: string, scopes: readonly string[] = STAFF_SCOPES): SignInSession => {
    const user = findDevUser(email);
    if (!user) throw new UnknownDevUserError(email);
    return { user, authTime: Math.floor(Date.now() / 1000), originJti: randomUUID(), scopes };
  };

  // The claims Cognito issues: the ID token names the person (and its `aud` is the client id), the
  // access token carries `client_id` and `scope` and no `aud`. Both carry the groups.
  const issue = async (session: SignInSession, nonce?: string): Promise<IssuedTokens> => {
    const { user } = session;
    const now = Math.floor(Date.now() / 1000);
    const subject = subjectFor(user.email);
    const common = {
      'cognito:groups': user.groups,
      auth_time: session.authTime,
      origin_jti: session.originJti,
      event_id: randomUUID(),
    };
    const [idToken, accessToken] = await Promise.all([
      sign(
        {
          ...common,
          token_use: 'id',
          email: user.email,
          email_verified: true,
          name: user.name,
          'cognito:username': subject,
          ...(nonce ? { nonce } : {}),
        },
        subject,
        now,
        LOCAL_CLIENT_ID,
      ),
      sign({ ...common, token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: session.scopes.join(' '), username: subject }, subject, now),
    ]);
    return { idToken, accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  };

  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    audience: LOCAL_CLIENT_ID,
    jwksUrl: jwksUrlFor(options.apiUrl),
    jwks: { keys: [publicJwk] },
    users: DEV_USERS,
    signIn,
    issue,
    async tokenFor(email: string) {
      return (await issue(signIn(email))).idToken;
    },
  };
}
