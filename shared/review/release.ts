import { addresses } from '../config/env.ts';
import { AREA_IDS, areaName, type AreaId } from '../domain/areas.ts';
import { criterionName, type CriteriaVersion } from '../domain/criteria.ts';
import { failedCriteria, isRetag, releasedOutcome, type Decision } from '../domain/decision.ts';
import { pageUrls } from '../domain/page-urls.ts';
import type { Reform } from '../domain/reform.ts';
import { hashToken, newStatusToken } from '../domain/status-token.ts';
import type { Mail } from '../mail/outbox.ts';
import { EMAIL_EXAMPLE_LIMIT } from '../mail/review-templates.ts';
import {
  carryOverSubmission,
  cycleReferences,
  cycleResultPages,
  getCycle,
  getDecision,
  markReleased,
  releaseSubmission,
  requestOf,
  type CycleResult,
  type CycleSummary,
  type StoredRequest,
  waitsInCycle,
} from '../store/review-store.ts';
import { countSubmissionsReleased } from '../observability/metrics.ts';
import { publishPublicData } from '../publication/publish.ts';
import { readCycleCounts } from '../store/progress-counters.ts';
import { listCriteriaVersions } from '../store/registry.ts';
import { getSubmission, type SubmissionItem } from '../store/submissions.ts';
import { mapConcurrently, untilSettled } from './concurrency.ts';
import { failTask } from './step-functions.ts';
import { DECISION_TASK_CLOSED, REVIEW_PAGE_SIZES, type PageResult } from './workflow.ts';

const RELEASE_PAGE = REVIEW_PAGE_SIZES.release;
const CONCURRENCY = 16;

/**
 * The outcome email in the submitter's language: reasons are criterion names, never the reviewers'
 * rationale. It links to the status page with `statusToken`, minted for it: the receipt's token is
 * stored only as a hash, so it cannot be put in a link again.
 */
function outcomeMail(submission: SubmissionItem, request: StoredRequest, decision: Decision, statusToken: string, wording: CriteriaVersion): Mail {
  const language = submission.language;
  const pages = pageUrls(addresses().PUBLIC_BASE_URL);
  const common = {
    purpose: `outcome-${decision.cycle}`,
    to: request.submitter.email,
    language,
  };
  const data = {
    reference: submission.reference,
    cycle: decision.cycle,
    title: request.title,
    submitterName: request.submitter.name,
    statusUrl: pages.status(submission.reference, statusToken),
  };
  switch (decision.outcome) {
    case 'eligible':
      return {
        ...common,
        template: 'outcome-eligible',
        data: {
          ...data,
          areaName: areaName(decision.area, language),
          ...(isRetag(decision) ? { submittedAreaName: areaName(decision.originalArea, language) } : {}),
          reformUrl: pages.reform(submission.reference),
        },
      } satisfies Mail<'outcome-eligible'>;
    case 'not-eligible':
      return {
        ...common,
        template: 'outcome-not-eligible',
        data: { ...data, failedCriteria: failedCriteria(decision.criteria).map((id) => criterionName(id, language, wording)) },
      } satisfies Mail<'outcome-not-eligible'>;
    case 'needs-info':
      return { ...common, template: 'outcome-needs-info', data: { ...data, question: decision.question ?? '' } } satisfies Mail<'outcome-needs-info'>;
  }
}

/** The public tracker row: institutional facts only, in the final (possibly re-tagged) area. */
function reformOf(submission: SubmissionItem, request: StoredRequest, decision: Decision, publishedAt: string): Reform {
  return {
    reference: submission.reference,
    countryOrLocal: submission.place,
    levelOfGovernment: submission.publicLevel,
    leadInstitution: request.leadInstitution.name,
    titleOfReform: request.title,
    challengeArea: decision.area,
    region: submission.member.region,
    memberId: submission.member.id,
    country: submission.member.country,
    cycle: decision.cycle,
    publishedAt,
  };
}

type Settled = 'released' | 'carried-over' | 'skipped';

/**
 * Releases one submission from the decision stored in DynamoDB (the source of truth, whatever the
 * task outputs said). Undecided, it carries over and its still-open decision task is closed.
 * Everything is conditional on the submission still being in review in this cycle, so a repeated
 * page or a withdrawal meanwhile changes nothing twice.
 */
function settle(reference: string, cycle: string, releasedBy: string, criteria: CriteriaWording, now: Date): Promise<Settled> {
  const at = now.toISOString();
  return untilSettled(`Releasing ${reference}`, async () => {
    const submission = await getSubmission(reference, true);
    if (!submission || !waitsInCycle(submission, cycle)) return 'skipped';
    const decision = await getDecision(reference, cycle);
    if (decision) {
      const request = requestOf(submission);
      const statusToken = newStatusToken();
      const released = await releaseSubmission({
        submission,
        decision,
        outcome: releasedOutcome(decision, at),
        ...(decision.outcome === 'eligible' ? { reform: reformOf(submission, request, decision, at) } : {}),
        mail: outcomeMail(submission, request, decision, statusToken, criteria.of(decision)),
        outcomeTokenHash: hashToken(statusToken),
        releasedBy,
        at,
      });
      return released ? 'released' : undefined;
    }
    if (!(await carryOverSubmission(submission, cycle, 'No decision when the cycle was released', at))) return undefined;
    // A task that already ended (timed out, or its run stopped) needs no closing.
    if (submission.decisionTaskToken) await failTask(submission.decisionTaskToken, DECISION_TASK_CLOSED, `Cycle ${cycle} was released without a decision`);
    return 'carried-over';
  });
}

interface CriteriaWording {
  of(decision: Decision): CriteriaVersion;
}

/** Failed criteria are named in the wording of the version the decision was made under (the current one for older decisions). */
async function criteriaWording(): Promise<CriteriaWording> {
  const versions = await listCriteriaVersions();
  const byNumber = new Map(versions.map((version) => [version.version, version]));
  const current = versions[0];
  if (!current) throw new Error('The criteria are not seeded: run functions/seed-registry');
  return { of: (decision) => (decision.criteriaVersion !== undefined ? byNumber.get(decision.criteriaVersion) : undefined) ?? current };
}

/** ReleasePage: one page of the cycle, after the admin's sign-off. */
export async function releasePage(cycle: string, cursor: string | undefined, now = new Date()): Promise<PageResult & { released: number; carriedOver: number }> {
  const item = await getCycle(cycle);
  if (!item) throw new Error(`Cycle ${cycle} does not exist`);
  // Nothing reaches a submitter before the sign-off, whatever invoked this.
  if (item.status !== 'releasing' && item.status !== 'released') throw new Error(`Cycle ${cycle} is ${item.status}: it has not been signed off`);

  const page = await cycleReferences(cycle, RELEASE_PAGE, cursor);
  const criteria = await criteriaWording();
  const settled = await mapConcurrently(page.references, CONCURRENCY, (reference) => settle(reference, cycle, item.releaseRequestedBy ?? 'system', criteria, now));
  const released = settled.filter((result) => result === 'released').length;
  countSubmissionsReleased(released);
  return {
    more: page.cursor !== undefined,
    ...(page.cursor ? { cursor: page.cursor } : {}),
    released,
    carriedOver: settled.filter((result) => result === 'carried-over').length,
  };
}

type AreaCounts = { eligible: number; notEligible: number; needsInfo: number; carriedOver: number };

const COUNT_OF_RESULT = { eligible: 'eligible', 'not-eligible': 'notEligible', 'needs-info': 'needsInfo', 'carried-over': 'carriedOver' } as const satisfies Record<
  CycleResult['result'],
  keyof AreaCounts
>;

/** Keeps the first EMAIL_EXAMPLE_LIMIT items of a list, and counts them all. */
class Examples<Item> {
  readonly items: Item[] = [];
  count = 0;
  add(item: Item) {
    if (this.items.length < EMAIL_EXAMPLE_LIMIT) this.items.push(item);
    this.count++;
  }
}

/**
 * The summary's numbers and lists, from how each submission left the cycle, taken a page of
 * results at a time: it keeps counts and a few examples of each list, never the cycle's results,
 * so it costs the same memory for a cycle of any size. The console's summary page lists them all.
 */
export class SummaryTally {
  private readonly byResult: AreaCounts = { eligible: 0, notEligible: 0, needsInfo: 0, carriedOver: 0 };
  private readonly byArea = new Map<AreaId, AreaCounts>();
  private readonly retags = new Examples<{ reference: string; from: string; to: string }>();
  private readonly promising = new Examples<string>();
  private readonly carriedOver = new Examples<string>();

  add(results: readonly CycleResult[]): this {
    for (const entry of results) {
      const counted = COUNT_OF_RESULT[entry.result];
      this.byResult[counted]++;
      const inArea = this.byArea.get(entry.area) ?? { eligible: 0, notEligible: 0, needsInfo: 0, carriedOver: 0 };
      inArea[counted]++;
      this.byArea.set(entry.area, inArea);
      if (entry.result !== 'carried-over' && entry.area !== entry.originalArea) {
        this.retags.add({ reference: entry.reference, from: areaName(entry.originalArea, 'en'), to: areaName(entry.area, 'en') });
      }
      if (entry.promising && entry.result === 'eligible') this.promising.add(entry.reference);
      if (entry.result === 'carried-over') this.carriedOver.add(entry.reference);
    }
    return this;
  }

  /** `withdrawn`: the cycle's submissions withdrawn while in review, which left no result. */
  summary(withdrawn: number) {
    const counts: CycleSummary = {
      ...this.byResult,
      withdrawn,
      retagged: this.retags.count,
      promising: this.promising.count,
    };
    return {
      counts,
      byArea: AREA_IDS.flatMap((area) => {
        const inArea = this.byArea.get(area);
        return inArea ? [{ area: areaName(area, 'en'), ...inArea }] : [];
      }),
      retags: this.retags.items,
      promising: this.promising.items,
      carriedOverReferences: this.carriedOver.items,
    };
  }
}

export type CycleSummaryReport = ReturnType<SummaryTally['summary']>;

/**
 * The Support Unit's summary email: counts, and a few examples of each list. The summary page the
 * email links to lists everything, so the outbox item stays small whatever the cycle's size.
 */
export function summaryMail(cycle: string, summary: CycleSummaryReport): Mail<'cycle-summary'> {
  return {
    purpose: `summary-${cycle}`,
    template: 'cycle-summary',
    to: addresses().SUPPORT_UNIT_EMAIL,
    language: 'en',
    data: {
      cycle,
      ...summary.counts,
      byArea: summary.byArea,
      retags: summary.retags,
      promising: summary.promising,
      promisingCount: summary.counts.promising,
      carriedOverReferences: summary.carriedOverReferences,
      summaryUrl: pageUrls(addresses().PUBLIC_BASE_URL).consoleCycleSummary(cycle),
    },
  };
}

/** The cycle's published references, a page at a time. */
async function* eligibleReferences(cycle: string): AsyncGenerator<string[]> {
  for await (const page of cycleResultPages(cycle)) yield page.filter((entry) => entry.result === 'eligible').map((entry) => entry.reference);
}

/**
 * SendSummary: the public counters and exports are published with the cycle's new reforms; counts
 * by outcome and area, re-tags and carry-overs go to the Support Unit, and the cycle is marked
 * released — in one transaction, so the summary is owed exactly once. It reads the cycle's
 * counters and its results a page at a time (some thousands a page), never its submissions.
 */
export async function sendSummary(cycle: string, now = new Date()): Promise<{ cycle: string; summary: CycleSummary | undefined }> {
  const item = await getCycle(cycle);
  if (!item) throw new Error(`Cycle ${cycle} does not exist`);
  if (item.status === 'released') return { cycle, summary: item.summary };
  if (item.status !== 'releasing') throw new Error(`Cycle ${cycle} is ${item.status}: it has not been signed off`);

  const tally = new SummaryTally();
  for await (const page of cycleResultPages(cycle)) tally.add(page);
  const summary = tally.summary((await readCycleCounts(cycle)).withdrawnInReview);
  // Before the cycle is marked released: should publication fail, the step fails and its retry publishes again.
  await publishPublicData({ releasedCycle: { cycle, reforms: summary.counts.eligible, references: () => eligibleReferences(cycle) } });
  const mail = summaryMail(cycle, summary);
  if (!(await markReleased(cycle, summary.counts, mail, now.toISOString()))) {
    const current = await getCycle(cycle);
    if (current?.status !== 'released') throw new Error(`Cycle ${cycle} changed while being marked released (${current?.status})`);
  }
  return { cycle, summary: summary.counts };
}
