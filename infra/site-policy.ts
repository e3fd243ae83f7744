/**
 * What the public site's two hosts share: the Content-Security-Policy and the other security
 * headers sent with its files, by the local platform (infra/local/web-assets.ts) and by CloudFront
 * in AWS, so the two cannot drift apart.
 */

/**
 * Scripts and styles only from the site's own files (no inline code, so markup that got in could
 * not run); API calls to the page's own origin, plus `connectSources` when the API lives elsewhere.
 * Images may be data: URIs (the inline SVG logo of the stylesheet).
 */
export function siteContentSecurityPolicy(connectSources: readonly string[] = []): string {
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
