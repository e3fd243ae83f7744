import { storyRequestSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { shareStory } from '../../shared/intake/share-story.ts';

export const handler = httpHandler({ body: storyRequestSchema }, async ({ body, headers: requestHeaders }) => {
  const { replayed, ...story } = await shareStory(body, { idempotencyKey: requestHeaders['idempotency-key'] });
  const headers: Record<string, string> = replayed ? { 'idempotent-replayed': 'true' } : {};
  return { status: 201, body: story, headers };
});
