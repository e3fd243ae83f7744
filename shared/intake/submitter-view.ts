import { AppError } from '../domain/errors.ts';
import { queueKey, tokenMatches, WITHDRAWABLE } from '../domain/submission.ts';
import { auditPut } from '../store/audit.ts';
import { keys } from '../store/keys.ts';
import { getSubmission, transact, type SubmissionItem } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';

/**
 * The submission behind a private status link. A wrong token and an unknown reference get the same
 * answer, so the link cannot be used to probe which references exist.
 */
export async function submissionForToken(reference: string, token: string): Promise<SubmissionItem> {
  const submission = await getSubmission(reference, true);
  if (!submission || !tokenMatches(token, submission.tokenHash)) {
    throw new AppError('not_found', 'No submission matches this reference and token');
  }
  return submission;
}

/** The submitter's view: status and outcome, never the internal review notes. */
export function submitterView(submission: SubmissionItem) {
  const request = submission.request as { title?: string };
  return {
    reference: submission.reference,
    status: submission.status,
    channel: submission.channel,
    title: request.title,
    area: submission.area,
    receivedAt: submission.receivedAt,
    updatedAt: submission.updatedAt,
    ...(submission.cycle ? { cycle: submission.cycle } : {}),
    ...(submission.outcome ? { outcome: submission.outcome } : {}),
    ...(submission.status === 'needs-info' && submission.question ? { question: submission.question } : {}),
  };
}

export async function withdrawSubmission(reference: string, token: string, now = new Date()) {
  const submission = await submissionForToken(reference, token);
  if (!WITHDRAWABLE.includes(submission.status)) {
    throw new AppError('conflict', `A submission that is ${submission.status} can no longer be withdrawn`);
  }
  const at = now.toISOString();
  const result = await transact([
    {
      Update: {
        TableName: submissionsTable(),
        Key: keys.submission(reference),
        UpdateExpression: 'SET #status = :withdrawn, statusKey = :statusKey, updatedAt = :at, version = version + :one',
        ConditionExpression: '#status = :expected AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':withdrawn': 'withdrawn',
          ':statusKey': queueKey(at, reference),
          ':at': at,
          ':one': 1,
          ':expected': submission.status,
          ':version': submission.version,
        },
      },
    },
    auditPut(reference, { actor: 'submitter', action: 'withdrawn', before: { status: submission.status }, after: { status: 'withdrawn' } }, at),
  ]);
  if (!result.ok) throw new AppError('conflict', 'The submission changed meanwhile; reload and try again');
  return { reference, status: 'withdrawn' as const };
}

