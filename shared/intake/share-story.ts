import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AppError } from '../domain/errors.ts';
import { IDEMPOTENCY_KEY_PATTERN, requestFingerprint, storyIdFor } from '../domain/idempotency.ts';
import { message } from '../domain/messages.ts';
import type { StoryRequest } from '../domain/schemas.ts';
import { outboxItem } from '../mail/outbox.ts';
import { queueKey } from '../domain/submission.ts';
import { dynamo } from '../store/clients.ts';
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
export async function shareStory(
  request: StoryRequest,
  options: { idempotencyKey?: string; now?: Date } = {},
): Promise<{ id: string; status: 'submitted'; replayed: boolean }> {
  const { idempotencyKey } = options;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new AppError('validation_failed', message('validationFailed', request.language), [
      { path: 'headers.Idempotency-Key', message: message('idempotencyKeyFormat', request.language) },
    ]);
  }
  const id = idempotencyKey ? storyIdFor(idempotencyKey) : `story-${randomUUID()}`;
  const fingerprint = requestFingerprint(request);
  const at = (options.now ?? new Date()).toISOString();
  const item = {
    ...keys.story(id),
    itemType: 'story',
    id,
    // Stories queue for moderation in their own partition of the queue index (`story:submitted`),
    // apart from commitments, so moderators page through them without a Scan. Stories are a trickle
    // that moderators page with a cursor, oldest first: one partition, not shards.
    status: storyStatus('submitted'),
    queue: storyStatus('submitted'),
    statusKey: queueKey(at, id),
    receivedAt: at,
    updatedAt: at,
    language: request.language,
    fingerprint,
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
  if (!result.ok) {
    if (idempotencyKey) return replayStory(id, fingerprint);
    throw new AppError('conflict', { key: 'storyNotStored' });
  }
  return { id, status: 'submitted', replayed: false };
}

const storedStorySchema = z.object({ fingerprint: z.string().optional() });

/** The story a retried post with the same Idempotency-Key already made; another story under that key is refused. */
async function replayStory(id: string, fingerprint: string): Promise<{ id: string; status: 'submitted'; replayed: boolean }> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: submissionsTable(), Key: keys.story(id), ConsistentRead: true }));
  if (!Item) throw new AppError('conflict', { key: 'storyNotStored' });
  if (storedStorySchema.parse(Item).fingerprint !== fingerprint) throw new AppError('idempotency_key_reused', { key: 'idempotencyKeyReused' });
  // The status the story has now is the moderators' business; the replay repeats the first answer.
  return { id, status: 'submitted', replayed: true };
}
