import * as z from 'zod';
import { addresses } from '../config/env.ts';
import { pageUrls } from '../domain/page-urls.ts';
import type { Mail } from '../mail/outbox.ts';
import { EMAIL_EXAMPLE_LIMIT } from '../mail/review-templates.ts';
import { keys, referenceOfKey } from '../store/keys.ts';
import { queuePages, type QueueEntry } from '../store/queues.ts';
import { getSubmissions, oweMail, uninformedExamples } from '../store/review-store.ts';
import { reviewTable, submissionsTable } from '../store/tables-runtime.ts';

const titled = z.object({ title: z.string() });

/** Keys per Query when counting the unconfirmed designations: a keys-only index entry is small, so each Query stays far below 1 MB. */
const QUEUE_COUNT_PAGE = 5000;

const byAge = (a: QueueEntry, b: QueueEntry) => (a.statusKey < b.statusKey ? -1 : a.statusKey > b.statusKey ? 1 : 0);

/**
 * How many action-plan commitments await their POC's confirmation, and the oldest few of them.
 * The queue's keys are counted page by page, keeping only the oldest `EMAIL_EXAMPLE_LIMIT` entries,
 * whose submissions alone are read: memory and reads of items stay the same however long the queue.
 */
async function unconfirmedDesignationsInBrief() {
  let count = 0;
  let oldest: QueueEntry[] = [];
  for await (const page of queuePages(submissionsTable(), 'awaiting-confirmation', { pageSize: QUEUE_COUNT_PAGE })) {
    count += page.length;
    oldest = [...oldest, ...page].sort(byAge).slice(0, EMAIL_EXAMPLE_LIMIT);
  }
  const submissions = await getSubmissions(oldest.map((entry) => referenceOfKey.parse(entry.pk)));
  const examples = submissions.map((submission) => ({
    reference: submission.reference,
    title: titled.parse(submission.request).title,
    memberName: submission.member.name,
    submittedAt: submission.receivedAt,
    remindersSent: submission.designation?.remindersSent ?? 0,
    pocInformed: submission.pocInformed ?? false,
  }));
  return { count, examples };
}

/**
 * The Support Unit's follow-up when a cycle opens: how many of the cycle's submissions could not be
 * reported to their member's POC (`uninformed`, from the cycle's counters), and how many action-plan
 * commitments still await their POC's confirmation, each with a few examples; the console's members
 * and designations pages list them all, so the outbox item stays small whatever the numbers. Owed
 * once per cycle (its purpose names the cycle); nothing is sent when there is nothing to follow up.
 */
export async function owePocFollowUp(cycle: string, uninformed: number, now = new Date()): Promise<{ uninformed: number; unconfirmed: number }> {
  const unconfirmed = await unconfirmedDesignationsInBrief();
  if (uninformed === 0 && unconfirmed.count === 0) return { uninformed: 0, unconfirmed: 0 };
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
        uninformedCount: uninformed,
        uninformed: uninformed > 0 ? await uninformedExamples(cycle, EMAIL_EXAMPLE_LIMIT) : [],
        unconfirmedCount: unconfirmed.count,
        unconfirmed: unconfirmed.examples,
        membersUrl: links.consoleMembers(),
        designationsUrl: links.consoleDesignations(),
      },
    } satisfies Mail<'support-unit-digest'>,
    now.toISOString(),
  );
  return { uninformed, unconfirmed: unconfirmed.count };
}
