import * as z from 'zod';

/**
 * `/console/config.json`: where the review console finds the API and its sign-in. CloudFront serves
 * the file written at deploy (Cognito's managed login endpoints and app client); the local platform
 * answers it with its own issuer's look-alike endpoints. The console reads it with this schema, so
 * the writers and the reader cannot disagree on its shape.
 */
export const CONSOLE_CONFIG_PATH = '/console/config.json';

export const consoleConfigSchema = z.object({
  /** Origin (or base URL) the route table's paths (`/v1/...`) are appended to. */
  apiBaseUrl: z.url(),
  auth: z.object({
    /** OAuth 2.0 authorization endpoint (authorization code + PKCE). */
    authorizeUrl: z.url(),
    tokenUrl: z.url(),
    /** Ends the sign-in session, then returns to `logout_uri` (Cognito's `/logout`). */
    logoutUrl: z.url(),
    /** A public client: no secret anywhere. */
    clientId: z.string().min(1),
    /** The console's own address, registered as the client's callback and sign-out URL. */
    redirectUri: z.url(),
    scopes: z.array(z.string().min(1)).min(1),
  }),
});
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

/** The revocation endpoint sits beside the token endpoint (`/oauth2/revoke`) on Cognito and locally. */
export const revocationUrlOf = (tokenUrl: string): string => new URL('revoke', tokenUrl).href;
