import * as z from 'zod';
import { addresses, config } from '../config/env.ts';
import { AREA_IDS, areaName } from '../domain/areas.ts';
import {
  linkExpiry,
  reminderDue,
  signDesignationLink,
  verifyDesignationLink,
  type Designation,
} from '../domain/designation.ts';
import { AppError } from '../domain/errors.ts';
import { SUBMISSION_STATUS_LABELS } from '../domain/labels.ts';
import { isRegisteredContact, reachableContacts, type Contact, type Member } from '../domain/members.ts';
import { pageUrls } from '../domain/page-urls.ts';
import { outboxItem, type Mail } from '../mail/outbox.ts';
import { auditPut } from '../store/audit.ts';
import { create, update } from '../store/expressions.ts';
import { keys, referenceOfKey } from '../store/keys.ts';
import { joinQueue, wholeQueue } from '../store/queues.ts';
import { getMember } from '../store/registry.ts';
import { getSubmissions } from '../store/review-store.ts';
import { getSubmission, transact, type SubmissionItem } from '../store/submissions.ts';
import { submissionsTable } from '../store/tables-runtime.ts';

/**
 * The designation of action-plan commitments: the POC is asked (a signed link by email), reminded
 * weekly a few times, and confirms from the link; the commitment then joins the review queue.
 */

export function designationKey(): Buffer {
  const key = config().DESIGNATION_SIGNING_KEY;
  if (!key) throw new Error('DESIGNATION_SIGNING_KEY is not set: designation links cannot be signed or checked');
  return Buffer.from(key, 'utf8');
}

/** What designation reads of a stored action-plan request. */
const designatedRequestSchema = z.object({
  title: z.string(),
  area: z.enum(AREA_IDS),
  leadInstitution: z.object({ name: z.string() }),
  submitter: z.object({ name: z.string(), email: z.string(), position: z.string() }),
  actionPlan: z.object({ id: z.string(), commitmentId: z.string() }),
});
type DesignatedRequest = z.infer<typeof designatedRequestSchema>;

/**
 * The request (or reminder, `reminder` > 0) to each reachable POC, each with a link signed for
 * that address. The purpose names the reminder, so a retried run owes no email twice.
 */
export function designationRequestMails(
  reference: string,
  request: DesignatedRequest,
  member: Pick<Member, 'name'>,
  recipients: readonly Contact[],
  now: Date,
  reminder = 0,
): Mail<'designation-request'>[] {
  const expiresAt = linkExpiry(now);
  const links = pageUrls(addresses().PUBLIC_BASE_URL);
  return recipients.map((contact) => ({
    purpose: reminder === 0 ? 'designation-request' : `designation-reminder-${reminder}`,
    template: 'designation-request',
    to: contact.email,
    language: contact.language,
    data: {
      reference,
      title: request.title,
      memberName: member.name,
      leadInstitution: request.leadInstitution.name,
      areaName: areaName(request.area, contact.language),
      submitterName: request.submitter.name,
      submitterPosition: request.submitter.position,
      actionPlanId: request.actionPlan.id,
      commitmentId: request.actionPlan.commitmentId,
      confirmUrl: links.designation(reference, signDesignationLink(reference, contact.email, designationKey(), expiresAt)),
      expiresAt: expiresAt.toISOString(),
      reminder,
    },
  }));
}

interface Verified {
  submission: SubmissionItem & { designation: Designation };
  request: DesignatedRequest;
  recipient: string;
  expiresAt: Date;
}

/**
 * A link is good when its signature holds, it has not expired, it is for an action-plan commitment,
 * and the address it was sent to is still one of the member's contacts (a POC removed from the
 * registry can no longer confirm). Anything else is `link_invalid`, without saying which part failed.
 */
async function verifiedLink(reference: string, signature: string | undefined, now: Date): Promise<Verified> {
  const check = verifyDesignationLink(reference, signature, designationKey(), now);
  if (!check.valid) {
    throw check.problem === 'link_expired'
      ? new AppError('link_expired', { key: 'linkExpired' })
      : new AppError('link_invalid', { key: 'linkInvalid' });
  }
  const submission = await getSubmission(reference, true);
  const member = submission ? await getMember(submission.member.id) : undefined;
  if (!submission?.designation || !member || !isRegisteredContact(member, check.recipient)) throw new AppError('link_invalid', { key: 'linkInvalid' });
  const request = designatedRequestSchema.parse(submission.request);
  return { submission: { ...submission, designation: submission.designation }, request, recipient: check.recipient, expiresAt: check.expiresAt };
}

function view({ submission, request, expiresAt }: Verified) {
  const confirmed = submission.designation.confirmed;
  return {
    reference: submission.reference,
    title: request.title,
    memberName: submission.member.name,
    leadInstitution: request.leadInstitution.name,
    submitterName: request.submitter.name,
    actionPlan: { id: request.actionPlan.id, commitmentId: request.actionPlan.commitmentId },
    confirmed: confirmed ? { at: confirmed.at, by: confirmed.by } : null,
    expiresAt: expiresAt.toISOString(),
  };
}
export type DesignationView = ReturnType<typeof view>;

/** `GET /v1/designations/{reference}`: what the POC is asked to confirm. */
export async function designationForPoc(reference: string, signature: string | undefined, now = new Date()): Promise<DesignationView> {
  return view(await verifiedLink(reference, signature, now));
}

/**
 * `POST /v1/designations/{reference}/confirm`: awaiting-confirmation → awaiting-review, queued from
 * now, audited with the POC's address. Confirming again answers the confirmation already recorded.
 * The write is conditional on the state read; if it moved (another POC confirmed, the submitter
 * corrected or withdrew it), the link is checked against the new state.
 */
export async function confirmDesignation(reference: string, signature: string | undefined, now = new Date()): Promise<DesignationView> {
  const at = now.toISOString();
  for (let attempt = 1; ; attempt++) {
    const verified = await verifiedLink(reference, signature, now);
    const { submission, recipient } = verified;
    if (submission.designation.confirmed) return view(verified);
    if (submission.status !== 'awaiting-confirmation') {
      throw new AppError('conflict', { key: 'cannotConfirm', params: { status: SUBMISSION_STATUS_LABELS[submission.status] } });
    }
    const designation: Designation = { ...submission.designation, confirmed: { at, by: recipient, via: 'link' } };
    const result = await transact([
      update(submissionsTable(), keys.submission(reference), {
        set: { status: 'awaiting-review', ...joinQueue('awaiting-review', at, reference), designation, updatedAt: at },
        add: { version: 1 },
        expect: { status: 'awaiting-confirmation', version: submission.version },
      }),
      auditPut(
        reference,
        { actor: recipient, action: 'designation-confirmed', before: { status: 'awaiting-confirmation' }, after: { status: 'awaiting-review' }, detail: { via: 'link' } },
        at,
      ),
    ]);
    if (result.ok) return view({ ...verified, submission: { ...submission, designation } });
    if (attempt === 3) throw new AppError('conflict', { key: 'keepsChanging' });
  }
}

/** Every action-plan commitment still awaiting its POC, oldest first. */
export async function unconfirmedDesignations(): Promise<SubmissionItem[]> {
  const queued = await wholeQueue(submissionsTable(), 'awaiting-confirmation');
  const references = queued.map((entry) => referenceOfKey.parse(entry.pk));
  return getSubmissions(references);
}

/** `GET /v1/review/designations`: the list the Support Unit follows up. */
export async function designationsForStaff() {
  return (await unconfirmedDesignations()).map((submission) => ({
    reference: submission.reference,
    title: designatedRequestSchema.parse(submission.request).title,
    memberId: submission.member.id,
    memberName: submission.member.name,
    submittedAt: submission.receivedAt,
    remindersSent: submission.designation?.remindersSent ?? 0,
    pocInformed: submission.pocInformed ?? false,
  }));
}

/**
 * The reminder run (daily). An unconfirmed designation whose POC was never asked (the member had no
 * reachable contact then) is asked as soon as the member has one; one whose last email is a week old
 * gets a reminder with a fresh link, a few times at most. The emails and the new state are one
 * transaction whose outbox creates fail on a repeat, so a retried or concurrent run sends nothing twice.
 * A member still without a reachable contact is in the Support Unit's list and digest instead.
 */
export async function sendDesignationReminders(now = new Date()): Promise<{ asked: string[]; reminded: string[] }> {
  const report = { asked: [] as string[], reminded: [] as string[] };
  const at = now.toISOString();
  for (const submission of await unconfirmedDesignations()) {
    const designation = submission.designation;
    if (!designation || designation.confirmed) continue;
    const firstRequest = !submission.pocInformed;
    if (!firstRequest && !reminderDue(designation, now)) continue;
    const member = await getMember(submission.member.id);
    const recipients = member ? reachableContacts(member) : [];
    if (!member || recipients.length === 0) continue;
    const reminder = firstRequest ? 0 : designation.remindersSent + 1;
    const next: Designation = firstRequest ? { ...designation, requestedAt: at } : { ...designation, remindersSent: reminder, lastRemindedAt: at };
    const mails = designationRequestMails(submission.reference, designatedRequestSchema.parse(submission.request), member, recipients, now, reminder);
    const owner = keys.submission(submission.reference).pk;
    const result = await transact([
      update(submissionsTable(), keys.submission(submission.reference), { set: { designation: next, pocInformed: true }, expect: { status: 'awaiting-confirmation' } }),
      ...mails.map((mail) => create(submissionsTable(), outboxItem(owner, mail, at))),
    ]);
    if (result.ok) (firstRequest ? report.asked : report.reminded).push(submission.reference);
  }
  return report;
}
