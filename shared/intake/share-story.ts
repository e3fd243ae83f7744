import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import type { StoryRequest } from '../domain/schemas.ts';
import { outboxItem } from '../mail/outbox.ts';
import { queueKey } from '../domain/submission.ts';
import { keys } from '../store/keys.ts';
import { transact } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';

export const STORY_STATUSES = ['submitted', 'published', 'declined'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
export const storyStatus = (status: StoryStatus) => `story:${status}`;

/**
 * Stores an inspiration story for light moderation (`submitted → published | declined`) with its
 * thank-you email. Stories are never scored and never counted in Challenge totals.
 */
export async function shareStory(request: StoryRequest, now = new Date()) {
  const id = `story-${randomUUID()}`;
  const at = now.toISOString();
  const item = {
    ...keys.story(id),
    itemType: 'story',
    id,
    // Stories queue for moderation in their own partitions of the status index (`story:…`), apart
    // from commitments, so moderators page through them without a Scan.
    status: storyStatus('submitted'),
    statusKey: queueKey(at, id),
    receivedAt: at,
    updatedAt: at,
    language: request.language,
    request,
  };
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
  if (!result.ok) throw new AppError('conflict', { key: 'storyNotStored' });
  return { id, status: 'submitted' as const };
}
