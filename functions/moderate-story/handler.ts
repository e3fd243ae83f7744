import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/staff.ts';
import { moderationRequestSchema, storyPathSchema } from '../../shared/domain/schemas.ts';
import { moderateStory } from '../../shared/intake/moderate-story.ts';

export const handler = httpHandler({ body: moderationRequestSchema, path: storyPathSchema }, async ({ body, path, staff }) => ({
  body: await moderateStory(path.id, body, actorOf(staff)),
}));
