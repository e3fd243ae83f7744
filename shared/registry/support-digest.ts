import * as z from 'zod';
import { addresses } from '../config/env.ts';
import { pageUrls } from '../domain/page-urls.ts';
import type { Mail } from '../mail/outbox.ts';
import { keys } from '../store/keys.ts';
import { oweMail } from '../store/review-store.ts';
import type { SubmissionItem } from '../store/submissions.ts';
import { reviewTable } from '../store/tables-runtime.ts';
import { designationsForStaff } from './designation.ts';

const titled = z.object({ title: z.string() });

/** Whether intake could inform no POC of the submission's member (the member had no reachable contact). */
export const pocUninformed = (submission: SubmissionItem) => submission.pocInformed === false;

/**
 * The Support Unit's follow-up when a cycle opens: the cycle's submissions whose member's POC could
 * not be informed, and the action-plan commitments still awaiting their POC's confirmation. Owed once
 * per cycle (its purpose names the cycle); nothing is sent when there is nothing to follow up.
 */
export async function owePocFollowUp(cycle: string, uninformed: readonly SubmissionItem[], now = new Date()): Promise<{ uninformed: number; unconfirmed: number }> {
  const unconfirmed = await designationsForStaff();
  if (uninformed.length === 0 && unconfirmed.length === 0) return { uninformed: 0, unconfirmed: 0 };
  const links = pageUrls(addresses().PUBLIC_BASE_URL);
  await oweMail(
    reviewTable(),
    keys.cycle(cycle).pk,
    {
      purpose: `poc-follow-up-${cycle}`,
      template: 'support-unit-digest',
      to: addresses().SUPPORT_UNIT_EMAIL,
      language: 'en',
      data: {
        cycle,
        uninformed: uninformed.map((submission) => ({
          reference: submission.reference,
          title: titled.parse(submission.request).title,
          memberName: submission.member.name,
        })),
        unconfirmed: unconfirmed.map(({ reference, title, memberName, submittedAt, remindersSent, pocInformed }) => ({
          reference,
          title,
          memberName,
          submittedAt,
          remindersSent,
          pocInformed,
        })),
        membersUrl: links.consoleMembers(),
        designationsUrl: links.consoleDesignations(),
      },
    } satisfies Mail<'support-unit-digest'>,
    now.toISOString(),
  );
  return { uninformed: uninformed.length, unconfirmed: unconfirmed.length };
}
