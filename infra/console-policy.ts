import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the review console's two hosts share: where its files are, and the Content-Security-Policy
 * both send (the local platform under /console/, CloudFront in AWS), so they cannot drift apart.
 */

export const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'console');

/**
 * Scripts and styles only from the console's own files (no inline code, so injected markup could not
 * run even if it got in); API calls only to `connectSources` besides the page's origin.
 */
export function consoleContentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ['connect-src', "'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
