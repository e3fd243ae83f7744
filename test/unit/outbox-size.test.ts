import { describe, expect, it } from 'vitest';
import { AREA_IDS } from '../../shared/domain/areas.ts';
import { render } from '../../shared/mail/message.ts';
import { outboxItem, type Mail } from '../../shared/mail/outbox.ts';
import { TEMPLATES } from '../../shared/mail/templates.ts';
import { reminderMail } from '../../shared/review/notify.ts';
import { SummaryTally, summaryMail } from '../../shared/review/release.ts';
import { CYCLE_RESULTS, type CycleResult } from '../../shared/store/review-store.ts';

/**
 * DynamoDB refuses items over 400 KB. The Support Unit's emails of a cycle are outbox items, so
 * they must stay small however many submissions the cycle has: counts, a few examples, a link.
 */
const SUBMISSIONS = 100_000;
const SIZE_LIMIT = 16 * 1024;

const cycle = '2026-11';
const references = Array.from({ length: SUBMISSIONS }, (_, index) => `OGC-2026-11-${String(index + 1).padStart(6, '0')}`);

/** A cycle where every kind of list is long: re-tags, promising reforms and carry-overs. */
const results: CycleResult[] = references.map((reference, index) => ({
  cycle,
  reference,
  result: CYCLE_RESULTS[index % CYCLE_RESULTS.length]!,
  area: AREA_IDS[index % AREA_IDS.length]!,
  originalArea: AREA_IDS[(index + (index % 3 === 0 ? 1 : 0)) % AREA_IDS.length]!,
  promising: index % 2 === 0,
  at: '2026-12-22T06:00:00.000Z',
}));

const serializedSize = (mail: Mail) => Buffer.byteLength(JSON.stringify(outboxItem('CYCLES', mail, '2026-12-22T06:00:00.000Z')), 'utf8');

function renderedText(mail: Mail): string {
  const template = TEMPLATES[mail.template];
  return render(template.compose(template.data.parse(mail.data) as never, mail.language), mail.language).text;
}

describe(`outbox items of a cycle of ${SUBMISSIONS.toLocaleString('en')} submissions`, () => {
  it('keep the summary far below the item size limit, with the full counts and a link to the summary page', () => {
    // A page of results at a time, as SendSummary reads them.
    const tally = new SummaryTally();
    for (let start = 0; start < results.length; start += 5000) tally.add(results.slice(start, start + 5000));
    const summary = tally.summary(250);
    expect(summary.counts.retagged).toBeGreaterThan(10_000);
    expect(summary.retags).toHaveLength(20);
    const mail = summaryMail(cycle, summary);
    expect(serializedSize(mail)).toBeLessThan(SIZE_LIMIT);

    const text = renderedText(mail);
    expect(text).toContain(`/console/cycles/${cycle}/summary`);
    expect(text).toContain(`… and ${summary.counts.promising - 20} more (all in the console)`);
    expect(text).toContain(`… and ${summary.counts.retagged - 20} more (all in the console)`);
    expect(text).toContain(`… and ${summary.counts.carriedOver - 20} more (all in the console)`);
  });

  it('keep the points of contact follow-up far below the item size limit, with both counts and links to the console', () => {
    const examples = references.slice(0, 20).map((reference) => ({ reference, title: 'Open data on public works', memberName: 'Silentia' }));
    const mail: Mail<'support-unit-digest'> = {
      purpose: `poc-follow-up-${cycle}`,
      template: 'support-unit-digest',
      to: 'support-unit@example.org',
      language: 'en',
      data: {
        cycle,
        uninformedCount: SUBMISSIONS,
        uninformed: examples,
        unconfirmedCount: 4321,
        unconfirmed: examples.map((example) => ({ ...example, submittedAt: '2026-11-03T10:00:00Z', remindersSent: 0, pocInformed: false })),
        membersUrl: 'https://challenge.example.org/console/members',
        designationsUrl: 'https://challenge.example.org/console/designations',
      },
    };
    expect(serializedSize(mail)).toBeLessThan(SIZE_LIMIT);

    const text = renderedText(mail);
    expect(text).toContain(`${SUBMISSIONS} submissions of this cycle could not be reported`);
    expect(text).toContain(`… and ${SUBMISSIONS - 20} more (all in the console)`);
    expect(text).toContain('4321 action-plan commitments await');
    expect(text).toContain(`… and ${4321 - 20} more (all in the console)`);
    expect(text).toContain('/console/members');
    expect(text).toContain('/console/designations');
  });

  it('keep the reviewers\' reminder far below the item size limit, with the count and a link to the cycle page', () => {
    const mail = reminderMail(cycle, references.length, references, '2026-12-22T06:00:00Z');
    expect(serializedSize(mail)).toBeLessThan(SIZE_LIMIT);

    const text = renderedText(mail);
    expect(text).toContain('100000 submissions still have no decision');
    expect(text).toContain(`/console/cycles/${cycle}`);
    expect(text).toContain(references[19]);
    expect(text).not.toContain(references[20]);
    expect(text).toContain(`… and ${SUBMISSIONS - 20} more (all in the console)`);
  });
});
