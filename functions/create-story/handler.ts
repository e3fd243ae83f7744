import { storyRequestSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { shareStory } from '../../shared/intake/share-story.ts';

export const handler = httpHandler({ body: storyRequestSchema }, async ({ body }) => ({ status: 201, body: await shareStory(body) }));
