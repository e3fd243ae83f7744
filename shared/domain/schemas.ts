import * as z from 'zod';
import { AREA_IDS } from './areas.ts';
import { CRITERION_IDS } from './criteria.ts';
import { LANGUAGES } from './language.ts';
import type { PublicLevel } from './members.ts';
import { linkProblem } from './links.ts';
import type { MessageKey } from './messages.ts';
import { hasBrokenCharacters } from './text.ts';

/**
 * The v1 contract. These schemas validate every request, give the TypeScript types, and generate
 * the OpenAPI document (`GET /v1/openapi.json`); field names are the contract form front-ends build on.
 * Custom issues carry `params.key`, translated per request by `validation.ts`.
 */

// C0 controls (and DEL) never belong in text; CR/LF/TAB are allowed only in multi-line fields.
// C1 controls (U+0080–U+009F) are refused in one-line fields, which reach email bodies, CSV cells and
// page titles: some programs still read U+0085 as a line break.
const ONE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const noBlank = (value: string) => value.trim().length > 0;
const wellFormed = (value: string) => !hasBrokenCharacters(value);

export const oneLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine(noBlank, { params: { key: 'blank' } })
    .refine(wellFormed, { params: { key: 'brokenCharacters' } })
    .refine((value) => !ONE_LINE_FORBIDDEN.test(value), { params: { key: 'oneLine' } });

export const multiLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine(noBlank, { params: { key: 'blank' } })
    .refine(wellFormed, { params: { key: 'brokenCharacters' } })
    .refine((value) => !MULTI_LINE_FORBIDDEN.test(value), { params: { key: 'controlCharacters' } });

/** Regex-checked strings: zod reports the pattern, and the message comes from the key given here. */
export const PATTERN_MESSAGES = new Map<string, MessageKey>();
const matching = (pattern: RegExp, key: MessageKey) => {
  PATTERN_MESSAGES.set(String(pattern), key);
  return z.string().regex(pattern);
};

export const email = z.email().max(254);
export const isoDate = z.iso.date();
export const httpLink = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2000)
  .superRefine((link, ctx) => {
    const key = linkProblem(link);
    if (key) ctx.addIssue({ code: 'custom', input: link, params: { key } });
  });

export const languageSchema = z.enum(LANGUAGES);
export const areaIdSchema = z.enum(AREA_IDS);
export const criterionIdSchema = z.enum(CRITERION_IDS);
export const cycleSchema = matching(/^20\d\d-(0[1-9]|1[0-2])$/, 'cycle');
export const referenceSchema = matching(/^OGC-\d{4}-\d{2}-\d{4,}$/, 'reference');

export const MEMBER_TYPES = ['national', 'local', 'local-non-member'] as const;
/** OGP's tracker wording for the level of a Challenge reform (the exports' "Level of Government"). */
export const PUBLIC_LEVELS = ['National', 'Local', 'Local (non-member)'] as const satisfies readonly PublicLevel[];
export const GOVERNMENT_LEVELS = ['national', 'subnational', 'local'] as const;
export const BRANCHES = ['executive', 'legislative', 'judicial', 'other'] as const;
export const PARTNER_KINDS = ['public', 'civil-society', 'private', 'academic', 'other'] as const;
export const VALUES = ['transparency', 'civic-participation', 'public-accountability'] as const;
export const COMMITMENT_STATUSES = ['planned', 'ongoing'] as const;
export const CHANNELS = ['standalone', 'action-plan'] as const;

const milestoneSchema = z.strictObject({
  description: multiLine(2000),
  deliverable: oneLine(500),
  dueDate: isoDate,
});

const uniqueItems = <T>(items: T[]) => new Set(items).size === items.length;

export const submissionRequestSchema = z
  .strictObject({
    channel: z.enum(CHANNELS),
    language: languageSchema,
    submitter: z.strictObject({ name: oneLine(200), email, position: oneLine(200) }),
    member: z.strictObject({
      type: z.enum(MEMBER_TYPES),
      memberId: matching(/^[a-z0-9-]{2,120}$/, 'memberId'),
      jurisdiction: oneLine(200).optional(),
    }),
    government: z.strictObject({ level: z.enum(GOVERNMENT_LEVELS), branch: z.enum(BRANCHES) }),
    leadInstitution: z.strictObject({ name: oneLine(300), isPublic: z.boolean() }),
    partners: z.array(z.strictObject({ name: oneLine(300), kind: z.enum(PARTNER_KINDS) })).max(50).default([]),
    title: oneLine(300),
    area: areaIdSchema,
    problem: multiLine(5000),
    statusQuo: multiLine(5000),
    description: multiLine(10000),
    values: z.array(z.enum(VALUES)).max(VALUES.length).refine(uniqueItems, { params: { key: 'unique' } }),
    milestones: z.array(milestoneSchema).min(1).max(50),
    startDate: isoDate,
    endDate: isoDate,
    status: z.enum(COMMITMENT_STATUSES),
    coCreated: z.boolean(),
    actionPlan: z
      .strictObject({
        id: oneLine(120),
        commitmentId: oneLine(120),
        designatedByMsf: z.boolean(),
      })
      .optional(),
    links: z.array(httpLink).max(20).default([]),
    consentToPublish: z.boolean(),
  })
  .superRefine((submission, ctx) => {
    if (submission.channel === 'action-plan' && !submission.actionPlan) {
      ctx.addIssue({ code: 'custom', path: ['actionPlan'], params: { key: 'actionPlanRequired' } });
    }
    if (submission.channel === 'standalone' && submission.actionPlan) {
      ctx.addIssue({ code: 'custom', path: ['actionPlan'], params: { key: 'actionPlanForbidden' } });
    }
    // The Challenge takes an action-plan commitment only as designated with the member's MSF.
    if (submission.actionPlan && submission.actionPlan.designatedByMsf !== true) {
      ctx.addIssue({ code: 'custom', path: ['actionPlan', 'designatedByMsf'], params: { key: 'designatedByMsfRequired' } });
    }
    if (submission.member.type !== 'national' && !submission.member.jurisdiction) {
      ctx.addIssue({ code: 'custom', path: ['member', 'jurisdiction'], params: { key: 'jurisdictionRequired' } });
    }
    if (submission.startDate && submission.endDate && submission.endDate <= submission.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], params: { key: 'endBeforeStart' } });
    }
  });
export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;

export const storyRequestSchema = z.strictObject({
  language: languageSchema,
  author: z.strictObject({ name: oneLine(200), email, organisation: oneLine(300).optional() }),
  place: oneLine(200),
  area: areaIdSchema,
  title: oneLine(300),
  story: multiLine(10000),
  links: z.array(httpLink).max(20).default([]),
  consentToPublish: z.boolean(),
});
export type StoryRequest = z.infer<typeof storyRequestSchema>;

export const VERDICTS = ['pass', 'fail', 'needs-judgement'] as const;
export const OUTCOMES = ['eligible', 'not-eligible', 'needs-info'] as const;
export const AMBITIONS = ['unclear', 'modest', 'substantial'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Ambition = (typeof AMBITIONS)[number];

const criteriaVerdictsSchema = z.strictObject(
  Object.fromEntries(CRITERION_IDS.map((id) => [id, z.enum(['pass', 'fail'])])) as Record<
    (typeof CRITERION_IDS)[number],
    z.ZodEnum<{ pass: 'pass'; fail: 'fail' }>
  >,
);

export const decisionRequestSchema = z
  .strictObject({
    outcome: z.enum(OUTCOMES),
    criteria: criteriaVerdictsSchema,
    area: areaIdSchema,
    ambition: z.enum(AMBITIONS),
    rationale: multiLine(5000),
    question: multiLine(2000).optional(),
  })
  .superRefine((decision, ctx) => {
    const failing = Object.values(decision.criteria).some((verdict) => verdict === 'fail');
    if (decision.outcome === 'needs-info' && !decision.question) {
      ctx.addIssue({ code: 'custom', path: ['question'], params: { key: 'questionRequired' } });
    }
    if (decision.outcome !== 'needs-info' && decision.question) {
      ctx.addIssue({ code: 'custom', path: ['question'], params: { key: 'questionForbidden' } });
    }
    if (decision.outcome === 'eligible' && failing) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], params: { key: 'eligibleNeedsAllPass' } });
    }
    if (decision.outcome === 'not-eligible' && !failing) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], params: { key: 'notEligibleNeedsFailure' } });
    }
  });
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

export const moderationRequestSchema = z.strictObject({
  decision: z.enum(['publish', 'decline']),
  note: multiLine(2000).optional(),
});
export type ModerationRequest = z.infer<typeof moderationRequestSchema>;
export const storyPathSchema = z.object({ id: z.string().regex(/^story-[0-9a-f-]{36}$/) });

export const answerRequestSchema = z.strictObject({ answer: multiLine(5000) });
export const startCycleRequestSchema = z.strictObject({ cycle: cycleSchema });

export const statusTokenSchema = matching(/^[A-Za-z0-9_-]{22,64}$/, 'token');
/**
 * The private status token may come as `?token=` (API clients) or in the `X-Status-Token` header
 * (the site, which keeps it out of URLs and logs): the query form is optional here, and
 * `statusTokenOf` in the intake requires one of the two.
 */
export const tokenQuerySchema = z.object({ token: statusTokenSchema.optional(), lang: languageSchema.optional() });
export const referencePathSchema = z.object({ reference: referenceSchema });
export const cyclePathSchema = z.object({ cycle: cycleSchema });

/**
 * The most items one page of a public list returns: a request reads a bounded number of items
 * (with the bounded Queries of a filtered page, see `reformsPage`) however long the list grows.
 */
export const PAGE_SIZE_MAX = 200;

const pageQuery = {
  /** Language of error messages (the HTTP stack reads it before validation). */
  lang: languageSchema.optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
  cursor: z.string().max(2000).optional(),
};
export const reformsQuerySchema = z.strictObject({
  area: areaIdSchema.optional(),
  region: z.enum(['africa-middle-east', 'americas', 'asia-pacific', 'europe']).optional(),
  // The tracker's wording (as the exports show it) or the member type of the submission form.
  level: z.enum([...PUBLIC_LEVELS, ...MEMBER_TYPES]).optional(),
  member: z.string().max(120).optional(),
  ...pageQuery,
});
export const pageQuerySchema = z.strictObject(pageQuery);
