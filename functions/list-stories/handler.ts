import { pageQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { storiesPage } from '../../shared/store/public-lists.ts';

export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, language }) => ({
  body: await storiesPage(query.limit, query.cursor, language),
  headers: { 'cache-control': 'public, max-age=60' },
}));
