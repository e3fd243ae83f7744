import { httpHandler } from '../../shared/http/handler.ts';
import { publishPublicData } from '../../shared/publication/publish.ts';

export const handler = httpHandler({}, async () => {
  const result = await publishPublicData();
  return { body: { published: result.published, reforms: result.reforms } };
});
