import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import * as z from 'zod';
import { ENV, ROLES, type Role } from '../config/constants.ts';
import { AppError } from '../domain/errors.ts';
import type { RouteAuth } from './routes.ts';

export interface StaffUser {
  id: string;
  email: string;
  roles: Role[];
}

/** Where staff tokens come from: the user pool (or the local issuer) and the console's app client. */
export interface StaffTokenIssuer {
  /** The token's `iss`: `https://cognito-idp.<region>.amazonaws.com/<user pool id>`. */
  issuer: string;
  jwksUrl: string;
  /** The app client id, which an ID token carries as its `aud`. */
  clientId: string;
}

/**
 * The staff API accepts the **ID token** of the console's app client, and nothing else:
 * - API Gateway's Cognito user pool authorizer, on methods without OAuth scopes, accepts ID tokens;
 *   checking the same token here keeps the two gates in agreement;
 * - the ID token names the person (`email`), which every decision and admin change records in the
 *   audit trail; Cognito's access token carries only an opaque `username`;
 * - its `aud` is the app client id, so a token issued to any other client of the pool is refused.
 * An access token (`token_use: access`, no `aud`) is refused, even from the same sign-in.
 */
export const STAFF_TOKEN_USE = 'id';

const staffClaimsSchema = z.object({
  sub: z.string().min(1),
  token_use: z.literal(STAFF_TOKEN_USE),
  email: z.email(),
  'cognito:groups': z.array(z.string()).optional(),
});

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
let jwksUrl: string | undefined;

function keySet(url: string) {
  // The key set caches keys and refetches on an unknown `kid`, so one instance per container.
  if (!jwks || jwksUrl !== url) {
    jwks = createRemoteJWKSet(new URL(url));
    jwksUrl = url;
  }
  return jwks;
}

/** The issuer settings from the environment the stack (or the local platform) sets. */
export function staffTokenIssuerFromEnv(env: NodeJS.ProcessEnv = process.env): StaffTokenIssuer {
  const issuer = env[ENV.jwtIssuer];
  const url = env[ENV.jwtJwksUrl];
  const clientId = env[ENV.jwtAudience];
  if (!issuer || !url || !clientId) {
    throw new Error(`${ENV.jwtIssuer}, ${ENV.jwtJwksUrl} and ${ENV.jwtAudience} must be set for staff routes`);
  }
  return { issuer, jwksUrl: url, clientId };
}

/**
 * Verifies a staff ID token: RS256 signature against the issuer's JWKS, `iss`, `aud` = the app
 * client id, expiry, `token_use: id`, and an e-mail address. Roles are the `cognito:groups` it names.
 */
export async function verifyStaffToken(token: string, expected: StaffTokenIssuer): Promise<StaffUser> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(expected.jwksUrl), {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch {
    throw new AppError('unauthorized', { key: 'signInExpired' });
  }
  const claims = staffClaimsSchema.safeParse(payload);
  if (!claims.success) throw new AppError('unauthorized', 'Send the ID token of the review console\'s sign-in as the bearer token');
  const groups = claims.data['cognito:groups'] ?? [];
  return { id: claims.data.sub, email: claims.data.email, roles: ROLES.filter((role) => groups.includes(role)) };
}

/**
 * Verifies a staff bearer token and its role. API Gateway's Cognito authorizer checks the token in
 * AWS as well; verifying here too keeps the rule in one place for both runtimes and means a route
 * is never open because an authorizer was forgotten.
 */
export async function authorize(auth: RouteAuth, authorization: string | undefined): Promise<StaffUser | undefined> {
  if (auth === 'public') return undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new AppError('unauthorized', { key: 'signInRequired' });

  const user = await verifyStaffToken(token, staffTokenIssuerFromEnv());
  const allowed = auth === 'admin' ? user.roles.includes('admin') : user.roles.length > 0;
  if (!allowed) throw new AppError('forbidden', { key: 'roleRequired', params: { role: auth } });
  return user;
}
