import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { reformsCsv } from '../../shared/domain/publication.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { allReforms } from '../../shared/store/public-lists.ts';

const OPEN_DATA_CACHE = 'public, max-age=300';

/** A byte-order mark first: without it Excel reads UTF-8 as a legacy code page and garbles accents. */
const UTF8_BOM = '\uFEFF';

const csv = httpHandler({}, async () => ({
  text: UTF8_BOM + reformsCsv(await allReforms()),
  headers: {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="open-gov-challenge-reforms.csv"',
    'cache-control': OPEN_DATA_CACHE,
  },
}));

const json = httpHandler({}, async () => ({ body: { reforms: await allReforms() }, headers: { 'cache-control': OPEN_DATA_CACHE } }));

/** One function serves both exports (two routes of the table); the route's resource picks the format. */
export const handler = (event: APIGatewayProxyEvent, context: Context) => (event.resource?.endsWith('.csv') ? csv : json)(event, context);
