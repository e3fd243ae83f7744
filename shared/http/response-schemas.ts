import * as z from 'zod';
import { AREA_IDS } from '../domain/areas.ts';
import { CRITERION_IDS, criteriaVersionSchema } from '../domain/criteria.ts';
import { LANGUAGES } from '../domain/language.ts';
import { REGIONS } from '../domain/members.ts';
import {
  AMBITIONS,
  CHANNELS,
  OUTCOMES,
  PUBLIC_LEVELS,
  VERDICTS,
  referenceSchema,
  submissionRequestSchema,
} from '../domain/schemas.ts';
import { SUBMISSION_STATUSES } from '../domain/submission.ts';
import { releasedOutcomeSchema } from '../intake/submitter-view.ts';
import { publicDetailsSchema, reformStatsSchema } from '../store/public-lists.ts';
import { CYCLE_STATUSES, cycleSummarySchema } from '../store/review-store.ts';
import { suppressionSchema, undeliverableSchema } from '../domain/undeliverable.ts';
import { cycleRowsPageSchema } from '../domain/cycle-row.ts';

/**
 * What the API answers, for the OpenAPI document (`shared/http/openapi.ts`) and for clients that
 * want types. These describe the answers; they are not checked at run time (the answers are built
 * from items that were parsed on the way in). A schema with a `meta` id becomes a named component.
 */

const text = (description: string) => z.string().meta({ description });
const instant = (description: string) => z.iso.datetime().meta({ description });
const areaId = z.enum(AREA_IDS).meta({ description: 'Challenge area id (names in en/fr/es: `GET /v1/areas`)' });
const localized = z.object({ en: z.string(), fr: z.string(), es: z.string() }).meta({ id: 'Localized', description: 'The same text in English, French and Spanish' });
const nextCursor = z.string().optional().meta({ description: 'Present when there is a next page: pass it back as `cursor`' });

export const errorSchema = z
  .object({
    error: z.object({
      code: text('Machine-readable code, stable across languages (e.g. `validation_failed`, `not_found`, `conflict`, `review_started`)'),
      message: text("A sentence for a person, in the request's language (`language` of the body, `?lang=`, or `Accept-Language`)"),
      fields: z
        .array(
          z.object({
            path: text('Where the problem is: a dotted path into the body (`milestones.0.dueDate`), a query parameter, or `headers.<Name>`'),
            message: text("What to do about it, in the request's language; show it next to the field"),
          }),
        )
        .optional()
        .meta({ description: 'One entry per field to correct (validation errors only)' }),
    }),
  })
  .meta({ id: 'Error', description: 'The one error shape of every failed request' });

export const receiptSchema = z
  .object({
    reference: referenceSchema.meta({ description: 'The human-readable reference, e.g. `OGC-2026-11-0042`' }),
    statusToken: text('The private status token: show it once, never log it. Send it as `X-Status-Token` to read, correct, answer or withdraw'),
    status: z.enum(['awaiting-confirmation', 'awaiting-review']).meta({ description: "`awaiting-confirmation`: an action-plan commitment waiting for its member's point of contact to confirm the designation" }),
    statusUrl: z.url().meta({ description: "The submitter's private status page (the token rides in the URL fragment)" }),
  })
  .meta({ id: 'Receipt' });

export const submitterViewSchema = z
  .object({
    reference: referenceSchema,
    status: z.enum(SUBMISSION_STATUSES),
    channel: z.enum(CHANNELS),
    title: z.string(),
    area: areaId,
    receivedAt: instant('When the submission was accepted'),
    updatedAt: instant('Last change'),
    version: z.number().int().meta({ description: 'Send it back as `If-Match` to correct the submission' }),
    editable: z.boolean().meta({ description: 'True while the submission can still be corrected (before the review of its cycle opens)' }),
    submission: submissionRequestSchema.optional().meta({ description: 'The submission as stored (the POST body), only while `editable`: prefill the correction form with it' }),
    cycle: z.string().optional().meta({ description: 'The review cycle (`YYYY-MM`) that collected it' }),
    outcome: releasedOutcomeSchema.optional().meta({ description: 'The outcome, once its cycle has been released' }),
    question: z.string().optional().meta({ description: 'The reviewers\u2019 question, while the status is `needs-info`' }),
  })
  .meta({ id: 'SubmitterView', description: "The submitter's view of a submission: status and outcome, never the reviewers' notes" });

export const submitterActionSchema = (status: 'awaiting-review' | 'withdrawn') => z.object({ reference: referenceSchema, status: z.literal(status) });

export const reformSchema = z
  .object({
    reference: referenceSchema,
    countryOrLocal: text('Tracker column "Country/Local": the country, or the locality for local reforms'),
    levelOfGovernment: z.enum(PUBLIC_LEVELS).meta({ description: 'Tracker column "Level of Government"' }),
    leadInstitution: text('Tracker column "Lead Institution"'),
    titleOfReform: text('Tracker column "Title of Reform"'),
    challengeArea: areaId,
    region: z.enum(REGIONS),
    memberId: text('The OGP member the reform belongs to (for a local non-member: the national member)'),
    country: z.string(),
    cycle: text('The review cycle that published it (`YYYY-MM`)'),
    publishedAt: instant('When it was published'),
  })
  .meta({ id: 'Reform', description: 'A published Challenge reform: OGP tracker columns and what the filters use' });

export const reformDetailsSchema = reformSchema
  .extend({ details: publicDetailsSchema.optional().meta({ description: 'What the submitter wrote, when they consented to publish it' }) })
  .meta({ id: 'ReformDetails', description: 'One published reform with its public details; never any contact' });

const publicMemberSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['national', 'local']), country: z.string(), region: z.enum(REGIONS) })
  .meta({ id: 'Member', description: 'An OGP member (no contacts)' });

const storySchema = z
  .object({
    id: z.string(),
    language: z.enum(LANGUAGES),
    title: z.string(),
    story: z.string(),
    place: z.string(),
    area: areaId,
    author: z.object({ name: z.string(), organisation: z.string().optional() }),
    links: z.array(z.string()),
    publishedAt: z.string(),
  })
  .meta({ id: 'Story', description: 'A published inspiration story (the author\u2019s email never appears)' });

const criteriaVerdicts = z.object(Object.fromEntries(CRITERION_IDS.map((id) => [id, z.enum(['pass', 'fail'])])));

const cycleSchema = z
  .looseObject({
    cycle: z.string(),
    status: z.enum(CYCLE_STATUSES),
    timeZone: z.string(),
    collectBefore: z.string(),
    openedAt: z.string(),
    deadline: z.string(),
    releaseRequestedBy: z.string().optional(),
    releaseRequestedAt: z.string().optional(),
    releasedAt: z.string().optional(),
    summary: cycleSummarySchema.optional(),
  })
  .meta({ id: 'Cycle', description: 'A monthly review cycle' });

const decisionViewSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    criteria: criteriaVerdicts,
    area: areaId,
    ambition: z.enum(AMBITIONS),
    rationale: z.string(),
    question: z.string().optional(),
    originalArea: areaId,
    promising: z.boolean(),
    decidedBy: z.string(),
    decidedAt: z.string(),
    revision: z.number().int(),
    criteriaVersion: z.number().int().optional().meta({ description: 'The criteria version in force when it was decided' }),
  })
  .meta({ id: 'Decision' });

const screeningViewSchema = z
  .object({
    screenedAt: z.string(),
    criteria: z.object(Object.fromEntries(CRITERION_IDS.map((id) => [id, z.object({ verdict: z.enum(VERDICTS), reason: z.string() })]))),
    duplicateOf: z.string().optional(),
    criteriaVersion: z.number().int().optional().meta({ description: 'The criteria version screened against' }),
  })
  .meta({ id: 'Screening' });

const auditEntrySchema = z
  .object({
    subject: z.string(),
    at: z.string(),
    actor: text('A staff email, `submitter`, or `system`'),
    action: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AuditEntry' });

const adminMemberSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['national', 'local']),
    country: z.string(),
    region: z.enum(REGIONS),
    retired: z.boolean(),
    version: z.number().int().meta({ description: 'Send it back as `If-Match` to edit the member' }),
    contacts: z.array(
      z.object({
        name: z.string(),
        email: z.email(),
        language: z.enum(LANGUAGES),
        undeliverable: z.boolean().optional().meta({ description: 'Mail to this address bounced or was marked as spam' }),
      }),
    ),
  })
  .meta({ id: 'AdminMember', description: "A member of the registry with its points of contact (staff only)" });

const suppressionViewSchema = suppressionSchema.meta({
  id: 'Suppression',
  description: 'An address no mail goes to: SES reported a permanent bounce (`bounce`) or a complaint (`complaint`) at `at`, in its own words in `detail`',
});

const criteriaVersionViewSchema = criteriaVersionSchema.meta({ id: 'CriteriaVersion', description: 'A version of the Challenge criteria, with their wording in en/fr/es' });

const designationSchema = z
  .object({
    reference: referenceSchema,
    title: z.string(),
    memberName: z.string(),
    leadInstitution: z.string(),
    submitterName: z.string(),
    actionPlan: z.object({ id: z.string(), commitmentId: z.string() }),
    confirmed: z.object({ at: z.string(), by: z.string() }).nullable().meta({ description: 'When and by whom it was confirmed; null until then' }),
    expiresAt: instant('When the signed link stops working'),
  })
  .meta({ id: 'Designation', description: "What a member's point of contact is asked to confirm" });

/** Answers by route, referenced from the route table. */
export const RESPONSES = {
  health: z.object({ status: z.literal('ok'), submissionsTable: z.string().optional(), latencyMs: z.number() }),
  openapi: z.record(z.string(), z.unknown()).meta({ description: 'This OpenAPI 3.1 document' }),
  areas: z.object({ areas: z.array(z.object({ id: areaId, name: localized, headline: localized })) }),
  members: z.object({ members: z.array(publicMemberSchema) }),
  receipt: receiptSchema,
  submitterView: submitterViewSchema,
  answered: submitterActionSchema('awaiting-review'),
  withdrawn: submitterActionSchema('withdrawn'),
  storyAccepted: z.object({ id: z.string(), status: z.literal('submitted') }),
  stories: z.object({ stories: z.array(storySchema), nextCursor }),
  reformsPage: z.object({ reforms: z.array(reformSchema), nextCursor }),
  reform: reformDetailsSchema,
  reformsCsv: z.string().meta({ description: 'UTF-8 with a byte-order mark, CRLF line ends; columns: Country/Local, Level of Government, Lead Institution, Title of Reform, Challenge Area' }),
  reformsJson: z.object({ reforms: z.array(reformSchema) }),
  stats: reformStatsSchema,
  cycles: z.object({ cycles: z.array(cycleSchema) }),
  cycleResumed: z.object({ cycle: z.string(), executionArn: z.string(), resumed: z.boolean().meta({ description: 'True when this request started a new run' }) }),
  cycleStarted: z.object({ started: z.boolean(), cycle: z.union([cycleSchema, z.object({ cycle: z.string(), status: z.literal('starting') })]) }),
  cycleProgress: z.looseObject({
    cycle: cycleSchema,
    run: z.object({
      status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT', 'MISSING']).meta({
        description: "The cycle's latest run (Step Functions execution); FAILED, ABORTED, TIMED_OUT or MISSING: an admin can resume it",
      }),
    }),
    progress: z.object({
      submissions: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      decided: z.number().int(),
      undecided: z.number().int(),
      results: z.record(z.string(), z.number().int()),
    }),
  }),
  cycleSubmissions: z.object({
    cycle: z.string(),
    submissions: z.array(
      z.looseObject({
        reference: referenceSchema,
        status: z.enum(SUBMISSION_STATUSES),
        version: z.number().int(),
        request: z.record(z.string(), z.unknown()).meta({ description: 'The submission as received, contacts included (staff only)' }),
        screening: screeningViewSchema.nullable(),
        duplicateOf: z.string().nullable(),
        decided: z.boolean(),
        decision: decisionViewSchema.nullable(),
        undeliverable: undeliverableSchema.optional().meta({ description: 'Present when mail to the submitter bounced for good or was marked as spam' }),
      }),
    ),
    nextCursor,
  }),
  cycleRows: cycleRowsPageSchema,
  cycle: cycleSchema,
  decisionRecorded: z.object({ reference: referenceSchema, cycle: z.string(), version: z.number().int(), decision: decisionViewSchema }),
  auditTrail: z.object({ reference: z.string(), entries: z.array(auditEntrySchema) }),
  storyQueue: z.object({
    stories: z.array(z.object({ id: z.string(), receivedAt: z.string(), language: z.string(), request: z.record(z.string(), z.unknown()) })),
    nextCursor,
  }),
  storyModerated: z.object({ id: z.string(), status: z.enum(['published', 'declined']) }),
  designationQueue: z.object({
    items: z.array(
      z.object({
        reference: referenceSchema,
        title: z.string(),
        memberId: z.string(),
        memberName: z.string(),
        submittedAt: z.string(),
        remindersSent: z.number().int(),
        pocInformed: z.boolean().meta({ description: 'False when the member has no point of contact to ask' }),
      }),
    ),
  }),
  designation: designationSchema,
  adminMembers: z.object({ items: z.array(adminMemberSchema) }),
  adminMember: adminMemberSchema,
  criteria: z.object({ current: criteriaVersionViewSchema, versions: z.array(criteriaVersionViewSchema) }),
  criteriaVersion: criteriaVersionViewSchema,
  publicDataPublished: z.object({
    published: z.boolean().meta({ description: 'False when a publication that read the list later has already stored its result' }),
    reforms: z.number().int().meta({ description: 'Published reforms in the counters and the exports' }),
  }),
  suppressions: z.object({ items: z.array(suppressionViewSchema) }),
  suppressionLifted: z.object({
    suppression: suppressionViewSchema,
    liftedBy: text('The admin who lifted it'),
    liftedAt: instant('When'),
    members: z.array(z.object({ id: z.string(), name: z.string() })).meta({ description: 'Members whose point of contact at this address is no longer marked undeliverable' }),
  }),
} as const;
