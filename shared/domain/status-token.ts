import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Server-only: kept apart from the submission lifecycle (submission.ts), which the browser bundles import.

/** A private status token: 256 random bits, URL-safe. Only its hash is stored. */
export function newStatusToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Whether a token opens a submission's status page: the receipt's token, or one minted for an
 * outcome email (each release mints its own, since only hashes are stored and the email needs a link).
 */
export function acceptsToken(token: string, submission: { tokenHash: string; outcomeTokenHashes?: ReadonlySet<string> | undefined }): boolean {
  // Every stored hash is compared, so the time taken does not tell which one matched.
  return [submission.tokenHash, ...(submission.outcomeTokenHashes ?? [])].map((hash) => tokenMatches(token, hash)).includes(true);
}

export function tokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashToken(token));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}
