import { areaName } from '../domain/areas.ts';
import type { Designation } from '../domain/designation.ts';
import { isRegisteredContact, placeOf, reachableContacts, type Member } from '../domain/members.ts';
import type { SubmissionRequest } from '../domain/schemas.ts';
import type { Mail } from '../mail/outbox.ts';
import { designationRequestMails } from './designation.ts';

/** What an accepted commitment means for its member's points of contact (SPEC §3, §6). */
export interface PocFollowUp {
  status: 'awaiting-confirmation' | 'awaiting-review';
  /** Whether any POC could be written to; `false` puts the submission in the Support Unit's digest. */
  pocInformed: boolean;
  designation?: Designation;
  mails: Mail[];
}

/**
 * A standalone commitment: its member's POCs are informed, each in their own language. An
 * action-plan commitment: its POCs are asked to confirm the designation, and it waits for them —
 * unless it was submitted from one of their registered addresses, which is that confirmation.
 * A member with no reachable contact gets no email at all; `pocInformed: false` reports it.
 */
export function pocFollowUp(request: SubmissionRequest, member: Member, reference: string, now: Date): PocFollowUp {
  const recipients = reachableContacts(member);
  const { actionPlan } = request;
  if (!actionPlan) {
    const mails: Mail<'poc-informed'>[] = recipients.map((contact) => ({
      purpose: 'poc-informed',
      template: 'poc-informed',
      to: contact.email,
      language: contact.language,
      data: {
        reference,
        title: request.title,
        memberName: member.name,
        place: placeOf(request, member),
        leadInstitution: request.leadInstitution.name,
        areaName: areaName(request.area, contact.language),
        submitterName: request.submitter.name,
        submitterPosition: request.submitter.position,
      },
    }));
    return { status: 'awaiting-review', pocInformed: mails.length > 0, mails };
  }

  const at = now.toISOString();
  const submitter = request.submitter.email;
  if (isRegisteredContact(member, submitter)) {
    return {
      status: 'awaiting-review',
      pocInformed: true,
      // Recorded on the submission (who, when, how) for staff: anonymous intake never writes the review table's audit log.
      designation: { requestedAt: at, remindersSent: 0, confirmed: { at, by: submitter, via: 'submitter-is-poc' } },
      mails: [],
    };
  }
  return {
    status: 'awaiting-confirmation',
    pocInformed: recipients.length > 0,
    designation: { requestedAt: at, remindersSent: 0 },
    mails: designationRequestMails(reference, { ...request, actionPlan }, member, recipients, now),
  };
}
