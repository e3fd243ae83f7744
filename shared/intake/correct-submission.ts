import { AppError, type FieldError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { message } from '../domain/messages.ts';
import type { SubmissionRequest } from '../domain/schemas.ts';
import { CORRECTABLE, isCorrectable } from '../domain/submission.ts';
import { auditPut } from '../store/audit.ts';
import { update } from '../store/expressions.ts';
import { keys } from '../store/keys.ts';
import { getSubmission, transact, type SubmissionItem } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';
import { requestAttributes, resolveMember } from './submit-commitment.ts';
import { submissionForToken, submitterView } from './submitter-view.ts';

const isGroup = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The form's fields as dotted paths (`submitter.email`, `member.type`): groups are walked, lists
 * (milestones, partners, links, values) are one field each, as the form edits them as a whole.
 */
function fieldsOf(request: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [name, value] of Object.entries(request)) {
    const path = `${prefix}${name}`;
    if (isGroup(value)) for (const [inner, innerValue] of fieldsOf(value, `${path}.`)) fields.set(inner, innerValue);
    else fields.set(path, value);
  }
  return fields;
}

interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Every field whose value differs, absent values as null (a field added or removed is a change too). */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const old = fieldsOf(before);
  const next = fieldsOf(after);
  const names = [...new Set([...old.keys(), ...next.keys()])];
  return names
    .map((field) => ({ field, before: old.get(field) ?? null, after: next.get(field) ?? null }))
    .filter(({ before: was, after: now }) => JSON.stringify(was) !== JSON.stringify(now));
}

/**
 * Who must be told about or confirm a submission follows from its channel and its member, so those
 * two stay as submitted: moving a submission elsewhere is a withdrawal and a new submission.
 */
function keptFieldErrors(submission: SubmissionItem, request: SubmissionRequest, language: Language): FieldError[] {
  return [
    ...(request.channel !== submission.channel ? [{ path: 'channel', message: message('correctionKeepsChannel', language) }] : []),
    ...(request.member.memberId !== submission.member.id ? [{ path: 'member.memberId', message: message('correctionKeepsMember', language) }] : []),
  ];
}

/**
 * The submitter corrects their submission through the status link, until the review of its cycle
 * opens. The new request, its derived attributes, the version bump and one audit entry per changed
 * field (before → after) are one transaction, conditional on the version the submitter read and on
 * the submission still being correctable — so a correction racing the monthly collection either
 * lands before it or is refused, and bad input changes nothing.
 */
export async function correctSubmission(
  reference: string,
  token: string,
  request: SubmissionRequest,
  expectedVersion: number | undefined,
  language: Language,
  now = new Date(),
) {
  const submission = await submissionForToken(reference, token);
  if (!isCorrectable(submission)) throw new AppError('review_started', { key: 'reviewStarted' });
  if (submission.version !== expectedVersion) throw new AppError('precondition_failed', { key: 'changedMeanwhile' });
  const kept = keptFieldErrors(submission, request, language);
  if (kept.length > 0) throw new AppError('validation_failed', { key: 'validationFailed' }, kept);
  const member = await resolveMember(request, language);

  const changes = changedFields(submission.request, request);
  if (changes.length === 0) return submitterView(submission);

  const at = now.toISOString();
  const version = submission.version + 1;
  const attributes = requestAttributes(request, member);
  const result = await transact([
    update(submissionsTable(), keys.submission(reference), {
      set: { ...attributes, updatedAt: at },
      add: { version: 1 },
      expect: { status: CORRECTABLE, cycle: null, version: submission.version },
    }),
    ...changes.map(({ field, before, after }) =>
      auditPut(reference, { actor: 'submitter', action: 'corrected', before: { [field]: before }, after: { [field]: after }, detail: { field, version } }, at),
    ),
  ]);
  if (!result.ok) {
    // Say why: the review began meanwhile, or another correction (another tab) got there first.
    const current = await getSubmission(reference, true);
    if (current && !isCorrectable(current)) throw new AppError('review_started', { key: 'reviewStarted' });
    throw new AppError('precondition_failed', { key: 'changedMeanwhile' });
  }
  return submitterView({ ...submission, ...attributes, updatedAt: at, version });
}
