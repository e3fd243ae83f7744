import { AppError } from '../domain/errors.ts';
import { SUBMISSION_STATUS_LABELS } from '../domain/labels.ts';
import type { Mail } from '../mail/outbox.ts';
import { recordAnswer, requestOf } from '../store/review-store.ts';
import { submissionForToken } from './submitter-view.ts';

/**
 * The submitter answers a needs-info question: the submission goes back to the queue, stamped with
 * the time of the answer, so it enters the next cycle rather than one already under way.
 */
export async function answerQuestion(reference: string, token: string, answer: string, now = new Date()) {
  const submission = await submissionForToken(reference, token);
  if (submission.status !== 'needs-info') {
    throw new AppError('conflict', { key: 'cannotAnswer', params: { status: SUBMISSION_STATUS_LABELS[submission.status] } });
  }
  const request = requestOf(submission);
  const acknowledgement: Mail<'answer-received'> = {
    // One per question: the version tells this answer from the answer to a later question.
    purpose: `answer-${submission.version}`,
    template: 'answer-received',
    to: request.submitter.email,
    language: submission.language,
    data: { reference, title: request.title, submitterName: request.submitter.name },
  };
  if (!(await recordAnswer(submission, answer, acknowledgement, now.toISOString()))) {
    throw new AppError('conflict', { key: 'changedMeanwhile' });
  }
  return { reference, status: 'awaiting-review' as const };
}
