import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Idempotent intake without ever storing a usable status token. The record is keyed by a hash of
 * the client's Idempotency-Key, and the receipt's token is sealed with a key derived from the
 * Idempotency-Key itself: only the client that holds the key can get the same receipt back, and a
 * copy of the table alone reveals nothing.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;

export function idempotencyRecordId(idempotencyKey: string): string {
  return createHash('sha256').update(`idempotency:${idempotencyKey}`).digest('base64url');
}

/**
 * A story's id when its form sent an Idempotency-Key: derived from the key, so a retried post lands
 * on the same item (its create is conditional) instead of making a second story. UUID-shaped like
 * the random ids, and one-way, so a published id reveals nothing of the key.
 */
export function storyIdFor(idempotencyKey: string): string {
  const hex = createHash('sha256').update(`story:${idempotencyKey}`).digest('hex');
  return `story-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Hash of a request's meaning: key order and whitespace do not make two requests different. */
export function requestFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sealingKey(idempotencyKey: string, reference: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, 'ogc-idempotency-v1', reference, 32));
}

export function sealToken(token: string, idempotencyKey: string, reference: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey, reference), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openToken(sealed: string, idempotencyKey: string, reference: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey, reference), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
