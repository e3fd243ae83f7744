import * as z from 'zod';
import { ATTR, INDEX } from '../config/constants.ts';
import { AppError } from '../domain/errors.ts';
import type { ModerationRequest } from '../domain/schemas.ts';
import type { Language } from '../domain/language.ts';
import { PUBLIC_LIST } from '../domain/reform.ts';
import { queueKey } from '../domain/submission.ts';
import { auditPut } from '../store/audit.ts';
import { keys } from '../store/keys.ts';
import { decodeCursor, queryPage } from '../store/reads.ts';
import { transact } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';
import { storyStatus } from './share-story.ts';


const queuedStorySchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  language: z.string(),
  request: z.record(z.string(), z.unknown()),
});

const QUEUE_KEY = [ATTR.pk, ATTR.sk, ATTR.status, ATTR.statusKey];

/** Stories waiting for moderation, oldest first, with everything the moderator needs to judge them. */
export async function storiesAwaitingModeration(limit: number, cursor: string | undefined, language: Language) {
  const partition = storyStatus('submitted');
  const page = await queryPage({
    TableName: submissionsTable(),
    IndexName: INDEX.byStatus,
    KeyConditionExpression: '#status = :status',
    ExpressionAttributeNames: { '#status': ATTR.status },
    ExpressionAttributeValues: { ':status': partition },
    Limit: limit,
    ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, QUEUE_KEY, { [ATTR.status]: partition }, language) } : {}),
  });
  return { stories: page.items.map((item) => queuedStorySchema.parse(item)), ...(page.cursor ? { nextCursor: page.cursor } : {}) };
}

/**
 * Light moderation: a submitted story is published (it joins the public list, newest first) or
 * declined, once. The change and its audit entry are one transaction; a second decision is a 409.
 */
export async function moderateStory(id: string, request: ModerationRequest, moderator: string, now = new Date()) {
  const at = now.toISOString();
  const published = request.decision === 'publish';
  const next = published ? 'published' : 'declined';
  const result = await transact([
    {
      Update: {
        TableName: submissionsTable(),
        Key: keys.story(id),
        UpdateExpression: published
          ? 'SET #status = :next, statusKey = :statusKey, updatedAt = :at, publishedAt = :at, #list = :list, #listKey = :listKey'
          : 'SET #status = :next, statusKey = :statusKey, updatedAt = :at',
        ConditionExpression: '#status = :submitted',
        ExpressionAttributeNames: { '#status': ATTR.status, ...(published ? { '#list': ATTR.publicList, '#listKey': ATTR.publicKey } : {}) },
        ExpressionAttributeValues: {
          ':next': storyStatus(next),
          ':submitted': storyStatus('submitted'),
          ':statusKey': queueKey(at, id),
          ':at': at,
          // Inverted time, so the public list shows the newest story first with a forward Query.
          ...(published ? { ':list': PUBLIC_LIST.story, ':listKey': `${(8.64e15 - now.getTime()).toString().padStart(16, '0')}#${id}` } : {}),
        },
      },
    },
    auditPut(id, { actor: moderator, action: `story-${next}`, before: { status: 'submitted' }, after: { status: next }, ...(request.note ? { detail: { note: request.note } } : {}) }, at),
  ]);
  if (!result.ok) throw new AppError('conflict', 'This story is not awaiting moderation (unknown, or already moderated)');
  return { id, status: next };
}
