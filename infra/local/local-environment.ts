import { ENV } from '../../shared/config/constants.ts';

/**
 * The addresses the local platform, its scripts and the tests run with. The runtime configuration
 * (shared/config/env.ts) has no defaults for them, so a deployment that forgot one fails at its
 * first use instead of writing from, or to, example.org.
 */
export const LOCAL_MAIL_ENVIRONMENT: Record<string, string> = {
  [ENV.mailFrom]: 'Open Gov Challenge <challenge@example.org>',
  [ENV.supportUnitEmail]: 'support-unit@example.org',
  [ENV.reviewersEmail]: 'reviewers@example.org',
};

/** The local site's address when nothing runs (unit tests and scripts that render pages or emails). */
export const LOCAL_PUBLIC_BASE_URL = 'http://localhost:3000';
