import { afterEach, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/config/constants.ts';
import { addresses, config, resetConfig } from '../../shared/config/env.ts';

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetConfig();
});

describe('runtime configuration', () => {
  it('has no default address: a deployment missing one fails at its first use, naming it', () => {
    delete process.env[ENV.mailFrom];
    delete process.env[ENV.publicBaseUrl];
    resetConfig();
    expect(() => addresses()).toThrow(new RegExp(`${ENV.mailFrom}.*${ENV.publicBaseUrl}|${ENV.publicBaseUrl}.*${ENV.mailFrom}`));
  });

  it('does not need the addresses where no mail or link is written', () => {
    for (const key of [ENV.mailFrom, ENV.supportUnitEmail, ENV.reviewersEmail, ENV.publicBaseUrl]) delete process.env[key];
    resetConfig();
    expect(config().REVIEW_TIME_ZONE).toBe('UTC');
  });

  it('refuses a malformed address', () => {
    process.env[ENV.reviewersEmail] = 'reviewers';
    resetConfig();
    expect(() => addresses()).toThrow(ENV.reviewersEmail);
  });
});
