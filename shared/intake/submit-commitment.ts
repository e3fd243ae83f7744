import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { addresses } from '../config/env.ts';
import { LIMITS } from '../config/constants.ts';
import { areaName } from '../domain/areas.ts';
import { AppError } from '../domain/errors.ts';
import {
  IDEMPOTENCY_KEY_PATTERN,
  idempotencyRecordId,
  openToken,
  requestFingerprint,
  sealToken,
} from '../domain/idempotency.ts';
import type { Language } from '../domain/language.ts';
import { checkMember, PUBLIC_LEVEL, placeOf, type Member } from '../domain/members.ts';
import { message } from '../domain/messages.ts';
import { pageUrls } from '../domain/page-urls.ts';
import type { SubmissionRequest } from '../domain/schemas.ts';
import { hashToken, newStatusToken } from '../domain/status-token.ts';
import { formatReference, monthOf } from '../domain/submission.ts';
import type { Mail } from '../mail/outbox.ts';
import { countSubmissionAccepted } from '../observability/metrics.ts';
import { dynamo } from '../store/clients.ts';
import { keys } from '../store/keys.ts';
import { findMember } from '../store/registry.ts';
import { pocFollowUp, type PocFollowUp } from '../registry/poc.ts';
import { joinQueue } from '../store/queues.ts';
import { nextSequence, storeNewSubmission } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';

export interface Receipt {
  reference: string;
  statusToken: string;
  /** `awaiting-confirmation` for an action-plan commitment its POC has yet to confirm. */
  status: PocFollowUp['status'];
  statusUrl: string;
}

/** The submitter's private status page (a page for people, not the API route). */
export function statusUrl(reference: string, token: string): string {
  return pageUrls(addresses().PUBLIC_BASE_URL).status(reference, token);
}

/** The member a submission names, checked as intake checks it (corrections too). */
export async function resolveMember(request: SubmissionRequest, language: Language): Promise<Member> {
  const member = await findMember(request.member.memberId);
  const problem = checkMember(request.member.type, member);
  if (problem) {
    throw new AppError('validation_failed', message('validationFailed', language), [
      { path: 'member.memberId', message: message(problem, language) },
    ]);
  }
  return member!;
}

function mailsFor(request: SubmissionRequest, reference: string, token: string, pocMails: readonly Mail[]): Mail[] {
  const submitterMail: Mail<'submission-receipt'> = {
    purpose: 'receipt',
    template: 'submission-receipt',
    to: request.submitter.email,
    language: request.language,
    data: {
      reference,
      title: request.title,
      submitterName: request.submitter.name,
      areaName: areaName(request.area, request.language),
      statusUrl: statusUrl(reference, token),
    },
  };
  return [submitterMail, ...pocMails];
}

/**
 * The stored submission as intake accepts it: awaiting review (or, for an action-plan commitment,
 * its POC's confirmation), queued by its time of receipt in its shard of that queue.
 */
export function submissionItem(
  request: SubmissionRequest,
  member: Member,
  reference: string,
  token: string,
  now: Date,
  followUp: PocFollowUp = pocFollowUp(request, member, reference, now),
) {
  const receivedAt = now.toISOString();
  return {
    ...keys.submission(reference),
    itemType: 'submission',
    reference,
    status: followUp.status,
    pocInformed: followUp.pocInformed,
    ...(followUp.designation ? { designation: followUp.designation } : {}),
    ...joinQueue(followUp.status, receivedAt, reference),
    receivedAt,
    updatedAt: receivedAt,
    tokenHash: hashToken(token),
    version: 1,
    ...requestAttributes(request, member),
  };
}

/** The request and what the review and the public lists read beside it; a correction rewrites all of them. */
export function requestAttributes(request: SubmissionRequest, member: Member) {
  return {
    channel: request.channel,
    language: request.language,
    area: request.area,
    member: { id: member.id, name: member.name, kind: member.kind, country: member.country, region: member.region },
    place: placeOf(request, member),
    publicLevel: PUBLIC_LEVEL[request.member.type],
    commitmentStatus: request.status,
    request,
  };
}

/**
 * The idempotency record of a submission, read back to replay its receipt. It is written in the
 * submission's own transaction (with the submission and its outbox emails), which is why the
 * platform does not use Powertools' idempotency utility: that keeps its record in a write of its
 * own, so a crash between the two could leave a receipt without a submission, or the reverse.
 */
const idempotencyRecordSchema = z.object({
  fingerprint: z.string(),
  reference: z.string(),
  sealedToken: z.string(),
  expiresAt: z.number(),
  /** The status the receipt gave (records written before action-plan confirmation have none). */
  status: z.enum(['awaiting-confirmation', 'awaiting-review']).optional(),
});

async function replay(recordId: string, idempotencyKey: string, fingerprint: string, nowSeconds: number): Promise<Receipt | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: submissionsTable(), Key: keys.idempotency(recordId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const record = idempotencyRecordSchema.parse(Item);
  if (record.expiresAt < nowSeconds) return undefined;
  if (record.fingerprint !== fingerprint) {
    throw new AppError('idempotency_key_reused', { key: 'idempotencyKeyReused' });
  }
  const token = openToken(record.sealedToken, idempotencyKey, record.reference);
  return { reference: record.reference, statusToken: token, status: record.status ?? 'awaiting-review', statusUrl: statusUrl(record.reference, token) };
}

/**
 * Accepts a validated commitment: checks its member, allocates a reference, and stores the
 * submission, its idempotency record and every email it owes in one transaction — so once this
 * returns, nothing of it can be lost, and until it returns, nothing of it exists.
 */
export async function submitCommitment(
  request: SubmissionRequest,
  options: { idempotencyKey?: string; now?: Date } = {},
): Promise<{ receipt: Receipt; replayed: boolean }> {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { idempotencyKey } = options;

  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new AppError('validation_failed', message('validationFailed', request.language), [
      { path: 'headers.Idempotency-Key', message: message('idempotencyKeyFormat', request.language) },
    ]);
  }
  const recordId = idempotencyKey ? idempotencyRecordId(idempotencyKey) : undefined;
  const fingerprint = requestFingerprint(request);
  if (recordId && idempotencyKey) {
    const previous = await replay(recordId, idempotencyKey, fingerprint, nowSeconds);
    if (previous) return { receipt: previous, replayed: true };
  }

  const member = await resolveMember(request, request.language);
  const month = monthOf(now);
  const reference = formatReference(month, await nextSequence(month));
  const token = newStatusToken();

  const followUp = pocFollowUp(request, member, reference, now);
  const item = submissionItem(request, member, reference, token, now, followUp);

  const result = await storeNewSubmission({
    submission: item,
    ...(recordId && idempotencyKey
      ? {
          idempotency: {
            recordId,
            fingerprint,
            reference,
            sealedToken: sealToken(token, idempotencyKey, reference),
            expiresAt: nowSeconds + LIMITS.idempotencyTtlSeconds,
            status: followUp.status,
          },
        }
      : {}),
    mails: mailsFor(request, reference, token, followUp.mails),
    at: nowIso,
    nowSeconds,
  });
  if (!result.ok) {
    // Only the idempotency record can lose a race: a concurrent retry with the same key won, so
    // answer with its receipt (the sequence number drawn here stays unused; gaps are harmless).
    if (recordId && idempotencyKey && result.failed.includes('idempotency')) {
      const winner = await replay(recordId, idempotencyKey, fingerprint, nowSeconds);
      if (winner) return { receipt: winner, replayed: true };
    }
    throw new AppError('conflict', { key: 'notStored' });
  }
  countSubmissionAccepted();
  return {
    receipt: { reference, statusToken: token, status: followUp.status, statusUrl: statusUrl(reference, token) },
    replayed: false,
  };
}
