import { referencePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { publishedReform } from '../../shared/store/public-lists.ts';

export const handler = httpHandler({ path: referencePathSchema }, async ({ path }) => ({
  body: await publishedReform(path.reference),
  headers: { 'cache-control': 'public, max-age=60' },
}));
