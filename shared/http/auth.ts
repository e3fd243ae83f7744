import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ENV, ROLES, type Role } from '../config/constants.ts';
import { AppError } from '../domain/errors.ts';
import type { RouteAuth } from './routes.ts';

export interface StaffUser {
  id: string;
  email: string;
  roles: Role[];
}

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

/**
 * Verifies a staff bearer token and its role. API Gateway's Cognito authorizer checks the token in
 * AWS as well; verifying here too keeps the rule in one place for both runtimes and means a route
 * is never open because an authorizer was forgotten.
 */
export async function authorize(auth: RouteAuth, authorization: string | undefined): Promise<StaffUser | undefined> {
  if (auth === 'public') return undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new AppError('unauthorized', 'Sign in: a bearer token is required');

  const url = process.env[ENV.jwtJwksUrl];
  const issuer = process.env[ENV.jwtIssuer];
  if (!url || !issuer) throw new Error(`${ENV.jwtJwksUrl} and ${ENV.jwtIssuer} must be set for staff routes`);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(url), {
      issuer,
      audience: process.env[ENV.jwtAudience] || undefined,
      algorithms: ['RS256'],
    }));
  } catch {
    throw new AppError('unauthorized', 'The bearer token is invalid or expired');
  }

  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
  const roles = ROLES.filter((role) => groups.includes(role));
  const allowed = auth === 'admin' ? roles.includes('admin') : roles.length > 0;
  if (!allowed) throw new AppError('forbidden', `This action needs the ${auth} role`);

  const email = typeof payload.email === 'string' ? payload.email : String(payload.sub);
  return { id: String(payload.sub), email, roles };
}
