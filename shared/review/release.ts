import { addresses } from '../config/env.ts';
import { AREA_IDS, areaName, type AreaId } from '../domain/areas.ts';
import { criterionName, type CriteriaVersion } from '../domain/criteria.ts';
import { failedCriteria, isRetag, releasedOutcome, type Decision } from '../domain/decision.ts';
import { pageUrls } from '../domain/page-urls.ts';
import type { Reform } from '../domain/reform.ts';
import { hashToken, newStatusToken } from '../domain/status-token.ts';
import type { Mail } from '../mail/outbox.ts';
import { emailExamples } from '../mail/review-templates.ts';
import {
  carryOverSubmission,
  cycleReferences,
  cycleResults,
  cycleSubmissions,
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

/** The summary's numbers and lists, from how each submission left the cycle. */
export function summarize(results: readonly CycleResult[], withdrawn: number) {
  const count = (result: CycleResult['result']) => results.filter((entry) => entry.result === result).length;
  const retags = results.filter((entry) => entry.result !== 'carried-over' && entry.area !== entry.originalArea);
  const promising = results.filter((entry) => entry.promising && entry.result === 'eligible').map((entry) => entry.reference);
  const carriedOver = results.filter((entry) => entry.result === 'carried-over').map((entry) => entry.reference);
  const counts: CycleSummary = {
    eligible: count('eligible'),
    notEligible: count('not-eligible'),
    needsInfo: count('needs-info'),
    carriedOver: carriedOver.length,
    withdrawn,
    retagged: retags.length,
    promising: promising.length,
  };
  const byArea = AREA_IDS.flatMap((area: AreaId) => {
    const inArea = results.filter((entry) => entry.area === area);
    if (inArea.length === 0) return [];
    const inAreaCount = (result: CycleResult['result']) => inArea.filter((entry) => entry.result === result).length;
    return [
      {
        area: areaName(area, 'en'),
        eligible: inAreaCount('eligible'),
        notEligible: inAreaCount('not-eligible'),
        needsInfo: inAreaCount('needs-info'),
        carriedOver: inAreaCount('carried-over'),
      },
    ];
  });
  return {
    counts,
    byArea,
    retags: retags.map((entry) => ({ reference: entry.reference, from: areaName(entry.originalArea, 'en'), to: areaName(entry.area, 'en') })),
    promising,
    carriedOverReferences: carriedOver,
  };
}

/**
 * The Support Unit's summary email: counts, and a few examples of each list. The summary page the
 * email links to lists everything, so the outbox item stays small whatever the cycle's size.
 */
export function summaryMail(cycle: string, summary: ReturnType<typeof summarize>): Mail<'cycle-summary'> {
  return {
    purpose: `summary-${cycle}`,
    template: 'cycle-summary',
    to: addresses().SUPPORT_UNIT_EMAIL,
    language: 'en',
    data: {
      cycle,
      ...summary.counts,
      byArea: summary.byArea,
      retags: emailExamples(summary.retags),
      promising: emailExamples(summary.promising),
      promisingCount: summary.promising.length,
      carriedOverReferences: emailExamples(summary.carriedOverReferences),
      summaryUrl: pageUrls(addresses().PUBLIC_BASE_URL).consoleCycleSummary(cycle),
    },
  };
}

/**
 * SendSummary: the public counters and exports are published with the cycle's new reforms; counts
 * by outcome and area, re-tags and carry-overs go to the Support Unit, and the cycle is marked
 * released — in one transaction, so the summary is owed exactly once.
 */
export async function sendSummary(cycle: string, now = new Date()): Promise<{ cycle: string; summary: CycleSummary | undefined }> {
  const item = await getCycle(cycle);
  if (!item) throw new Error(`Cycle ${cycle} does not exist`);
  if (item.status === 'released') return { cycle, summary: item.summary };
  if (item.status !== 'releasing') throw new Error(`Cycle ${cycle} is ${item.status}: it has not been signed off`);

  const results = await cycleResults(cycle);
  const settled = new Set(results.map((result) => result.reference));
  let withdrawn = 0;
  for await (const page of cycleSubmissions(cycle)) {
    withdrawn += page.filter((submission) => submission.status === 'withdrawn' && !settled.has(submission.reference)).length;
  }
  const summary = summarize(results, withdrawn);
  // Before the cycle is marked released: should publication fail, the step fails and its retry publishes again.
  await publishPublicData({ justPublished: results.filter((result) => result.result === 'eligible').map((result) => result.reference) });
  const mail = summaryMail(cycle, summary);
  if (!(await markReleased(cycle, summary.counts, mail, now.toISOString()))) {
    const current = await getCycle(cycle);
    if (current?.status !== 'released') throw new Error(`Cycle ${cycle} changed while being marked released (${current?.status})`);
  }
  return { cycle, summary: summary.counts };
}
