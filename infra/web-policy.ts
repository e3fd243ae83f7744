/**
 * What the front ends' two hosts share — the local platform (infra/local/web-assets.ts) and
 * CloudFront in AWS — so the headers sent with the site's and the console's files cannot drift apart.
 */

/**
 * The Content-Security-Policy of both front ends. Scripts and styles only from their own files (no
 * inline code, so markup that got in could not run); images may be data: URIs (the stylesheets'
 * inline SVG). API calls go to the page's own origin — the API is there too — plus `connectSources`:
 * for the console in AWS, the managed login's domain, whose token endpoint it calls to exchange the
 * code and renew tokens (the sign-in itself is a navigation, which connect-src does not govern).
 */
export function frontEndContentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ['connect-src', "'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers every page and file of a front end carries besides its CSP. `no-referrer` keeps the
 * status page's address (and anything in it) out of other sites' logs.
 */
export const FRONT_END_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
