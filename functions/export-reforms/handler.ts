import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { addresses } from '../../shared/config/env.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { PUBLIC_FILES, type PublicFile } from '../../shared/publication/public-files.ts';

/**
 * The exports are files written at release (shared/publication/publish.ts), served at these same
 * paths by CloudFront from the public-data bucket, and by the local gateway from the data directory.
 * This function only answers a request that reaches the API directly (its own API Gateway URL): it
 * sends it to the public copy, and never builds an export from the table.
 */
const toPublicCopy = (file: PublicFile) =>
  httpHandler({}, async () => ({
    status: 302,
    text: '',
    headers: { location: `${addresses().PUBLIC_BASE_URL.replace(/\/+$/, '')}${file.path}`, 'cache-control': 'public, max-age=300' },
  }));

const csv = toPublicCopy(PUBLIC_FILES.csv);
const json = toPublicCopy(PUBLIC_FILES.json);

/** One function serves both exports (two routes of the table); the route's resource picks the file. */
export const handler = (event: APIGatewayProxyEvent, context: Context) => (event.resource?.endsWith('.csv') ? csv : json)(event, context);
