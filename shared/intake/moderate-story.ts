import * as z from 'zod';
import { ATTR, INDEX } from '../config/constants.ts';
import { AppError } from '../domain/errors.ts';
import type { ModerationRequest } from '../domain/schemas.ts';
import type { Language } from '../domain/language.ts';
import { PUBLIC_LIST } from '../domain/reform.ts';
import { queueKey } from '../domain/submission.ts';
import { auditPut } from '../store/audit.ts';
import { keys } from '../store/keys.ts';
import { QUEUE_INDEX_KEY } from '../store/queues.ts';
import { batchGet, decodeCursor, queryPage } from '../store/reads.ts';
import { transact } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';
import { storyStatus } from './share-story.ts';


const queuedStorySchema = z.object({
  id: z.string(),
  status: z.string(),
  receivedAt: z.string(),
  language: z.string(),
  request: z.record(z.string(), z.unknown()),
});

const storyKeySchema = z.object({ pk: z.string(), sk: z.string() });

/** Stories waiting for moderation, oldest first, with everything the moderator needs to judge them. */
export async function storiesAwaitingModeration(limit: number, cursor: string | undefined, language: Language) {
  const partition = storyStatus('submitted');
  const page = await queryPage({
    TableName: submissionsTable(),
    IndexName: INDEX.byQueue,
    KeyConditionExpression: '#queue = :queue',
    ExpressionAttributeNames: { '#queue': ATTR.queue },
    ExpressionAttributeValues: { ':queue': partition },
    Limit: limit,
    ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, QUEUE_INDEX_KEY, { [ATTR.queue]: partition }, language) } : {}),
  });
  // The index holds keys only: the stories are read whole (a story moderated meanwhile is left out), in the index's order.
  const storyKeys = page.items.map((item) => storyKeySchema.parse(item));
  const byKey = new Map<string, Omit<z.infer<typeof queuedStorySchema>, 'status'>>();
  for (const item of await batchGet(submissionsTable(), storyKeys)) {
    const { status, ...story } = queuedStorySchema.parse(item);
    if (status === partition) byKey.set(storyKeySchema.parse(item).pk, story);
  }
  return {
    stories: storyKeys.flatMap(({ pk }) => byKey.get(pk) ?? []),
    ...(page.cursor ? { nextCursor: page.cursor } : {}),
  };
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
          ? 'SET #status = :next, statusKey = :statusKey, updatedAt = :at, publishedAt = :at, #list = :list, #listKey = :listKey REMOVE #queue'
          : 'SET #status = :next, statusKey = :statusKey, updatedAt = :at REMOVE #queue',
        ConditionExpression: '#status = :submitted',
        ExpressionAttributeNames: { '#status': ATTR.status, '#queue': ATTR.queue, ...(published ? { '#list': ATTR.publicList, '#listKey': ATTR.publicKey } : {}) },
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
