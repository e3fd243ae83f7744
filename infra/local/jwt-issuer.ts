import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/**
 * The local stand-in for Cognito: an RS256 key pair, its JWKS, and ID-token-like JWTs for a few
 * documented dev users. Handlers verify these exactly as they verify Cognito's tokens (issuer,
 * audience, JWKS URL from the environment), so the auth code path is the one that deploys.
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

export const LOCAL_AUDIENCE = 'ogc-local';
export const TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;
export const KEY_FILE_NAME = 'jwt-signing-key.json';

export const issuerFor = (apiUrl: string) => `${apiUrl.replace(/\/$/, '')}/local`;
export const jwksUrlFor = (apiUrl: string) => `${issuerFor(apiUrl)}/.well-known/jwks.json`;

export interface JwtIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** The public key set served at `jwksUrl`. */
  jwks: { keys: JWK[] };
  users: readonly DevUser[];
  /** A signed token for a dev user; throws for any other address. */
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

  return {
    issuer,
    audience: LOCAL_AUDIENCE,
    jwksUrl: jwksUrlFor(options.apiUrl),
    jwks: { keys: [publicJwk] },
    users: DEV_USERS,
    async tokenFor(email: string) {
      const user = findDevUser(email);
      if (!user) throw new UnknownDevUserError(email);
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        email: user.email,
        email_verified: true,
        name: user.name,
        'cognito:groups': user.groups,
        'cognito:username': user.email,
        token_use: 'id',
        auth_time: now,
      })
        .setProtectedHeader({ alg: 'RS256', kid: stored.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(subjectFor(user.email))
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
        .sign(signingKey);
    },
  };
}
