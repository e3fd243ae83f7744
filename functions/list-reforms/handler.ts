import { reformsQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { reformsPage } from '../../shared/store/public-lists.ts';

export const handler = httpHandler({ query: reformsQuerySchema }, async ({ query, language }) => {
  const { limit, cursor, ...filters } = query;
  return { body: await reformsPage(filters, limit, cursor, language), headers: { 'cache-control': 'public, max-age=60' } };
});
