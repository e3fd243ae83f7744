import { pageQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { storiesAwaitingModeration } from '../../shared/intake/moderate-story.ts';

export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, language }) => ({
  body: await storiesAwaitingModeration(query.limit, query.cursor, language),
}));
