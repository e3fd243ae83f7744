/**
 * The review console's Content-Security-Policy, sent by both its hosts (the local platform under
 * /console/, CloudFront in AWS), so they cannot drift apart.
 *
 * Scripts and styles only from the console's own files (no inline code, so injected markup could not
 * run even if it got in). It connects to its own origin (the API is there too) and to
 * `connectSources`: in AWS the managed login's domain, whose token endpoint the console calls to
 * exchange the code and renew tokens. The sign-in itself is a navigation, which connect-src does not govern.
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
