import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import type { StoryRequest } from '../domain/schemas.ts';
import { outboxItem } from '../mail/outbox.ts';
import { keys } from '../store/keys.ts';
import { transact } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';

/**
 * Stores an inspiration story for light moderation (`submitted → published | declined`) with its
 * thank-you email. Stories are never scored and never counted in Challenge totals.
 */
export async function shareStory(request: StoryRequest, now = new Date()) {
  const id = `story-${randomUUID()}`;
  const at = now.toISOString();
  const item = { ...keys.story(id), itemType: 'story', id, storyStatus: 'submitted', receivedAt: at, updatedAt: at, language: request.language, request };
  const result = await transact([
    { Put: { TableName: submissionsTable(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: submissionsTable(),
        Item: outboxItem(
          item.pk,
          { purpose: 'story-thanks', template: 'story-thanks', to: request.author.email, language: request.language, data: { authorName: request.author.name, title: request.title } },
          at,
        ),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
  if (!result.ok) throw new AppError('conflict', 'The story could not be stored; please retry');
  return { id, status: 'submitted' as const };
}
