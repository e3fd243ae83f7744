import { describe, expect, it } from 'vitest';
import { openToken, requestFingerprint, sealToken } from '../../shared/domain/idempotency.ts';
import { acceptsToken, hashToken, newStatusToken, tokenMatches } from '../../shared/domain/status-token.ts';

describe('status tokens and idempotency', () => {
  it('makes 256-bit tokens and compares them through their hash only', () => {
    const token = newStatusToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(newStatusToken(), hashToken(token))).toBe(false);
  });

  it('opens a status page with the receipt’s token or any token minted for an outcome email, and nothing else', () => {
    const receipt = newStatusToken();
    const outcomes = [newStatusToken(), newStatusToken()];
    const submission = { tokenHash: hashToken(receipt), outcomeTokenHashes: new Set(outcomes.map(hashToken)) };
    for (const token of [receipt, ...outcomes]) expect(acceptsToken(token, submission)).toBe(true);
    expect(acceptsToken(newStatusToken(), submission)).toBe(false);
    expect(acceptsToken(hashToken(receipt), submission)).toBe(false);
    expect(acceptsToken(receipt, { tokenHash: hashToken(receipt) })).toBe(true);
  });

  it('seals a token so only the idempotency key opens it', () => {
    const sealed = sealToken('secret-token', 'key-123456', 'OGC-2026-11-0001');
    expect(openToken(sealed, 'key-123456', 'OGC-2026-11-0001')).toBe('secret-token');
    expect(() => openToken(sealed, 'key-654321', 'OGC-2026-11-0001')).toThrow();
  });

  it('fingerprints meaning, not key order', () => {
    expect(requestFingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(requestFingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
  });
});
