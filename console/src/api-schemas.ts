import * as z from 'zod';
import { CRITERION_IDS, criteriaVersionSchema, type StoredCriteriaVersion } from '../../shared/domain/criteria.ts';
import { AMBITIONS, OUTCOMES } from '../../shared/domain/schemas.ts';
import { undeliverableSchema } from '../../shared/domain/undeliverable.ts';

/**
 * What the console reads from the staff API, parsed at the boundary. Deliberately tolerant where
 * the data is people's (a submission stored under an older contract still shows), strict where the
 * console acts on a value (versions, outcomes, verdicts).
 */

const text = z.string();
const optionalText = z.string().nullish();

export const cycleSchema = z.object({
  cycle: text,
  status: text,
  deadline: optionalText,
  openedAt: optionalText,
  releaseRequestedBy: optionalText,
  releaseRequestedAt: optionalText,
  releasedAt: optionalText,
});
export type Cycle = z.infer<typeof cycleSchema>;

export const cyclesSchema = z.object({ cycles: z.array(cycleSchema) });

export const RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT', 'MISSING'] as const;

export const cycleDetailSchema = z.object({
  cycle: cycleSchema,
  progress: z.object({
    submissions: z.number(),
    decided: z.number(),
    undecided: z.number(),
    results: z.record(z.string(), z.number()).default({}),
  }),
  run: z.object({ status: z.enum(RUN_STATUSES) }).optional(),
});
export type CycleDetail = z.infer<typeof cycleDetailSchema>;

export const verdictSchema = z.enum(['pass', 'fail', 'needs-judgement']);

export const screeningSchema = z.object({
  criteria: z.record(z.string(), z.object({ verdict: verdictSchema, reason: text })),
  duplicateOf: optionalText,
  screenedAt: optionalText,
  criteriaVersion: z.number().optional(),
});

export const decisionSchema = z.object({
  outcome: z.enum(OUTCOMES),
  criteria: z.partialRecord(z.enum(CRITERION_IDS), z.enum(['pass', 'fail'])),
  area: text,
  ambition: z.enum(AMBITIONS).optional(),
  rationale: text.default(''),
  question: optionalText,
  originalArea: optionalText,
  promising: z.boolean().default(false),
  decidedBy: text.default(''),
  decidedAt: optionalText,
  revision: z.number().optional(),
  criteriaVersion: z.number().optional(),
});
export type DecisionView = z.infer<typeof decisionSchema>;

const milestoneSchema = z.object({ description: text.default(''), deliverable: text.default(''), dueDate: text.default('') });

/** The request as stored at intake: every field optional, so an older shape still renders. */
export const requestSchema = z.object({
  channel: optionalText,
  language: optionalText,
  submitter: z.object({ name: optionalText, email: optionalText, position: optionalText }).optional(),
  member: z.object({ type: optionalText, memberId: optionalText, jurisdiction: optionalText }).optional(),
  government: z.object({ level: optionalText, branch: optionalText }).optional(),
  leadInstitution: z.object({ name: optionalText, isPublic: z.boolean().optional() }).optional(),
  partners: z.array(z.object({ name: text, kind: text })).default([]),
  title: text.default(''),
  area: optionalText,
  problem: optionalText,
  statusQuo: optionalText,
  description: optionalText,
  values: z.array(text).default([]),
  milestones: z.array(milestoneSchema).default([]),
  startDate: optionalText,
  endDate: optionalText,
  status: optionalText,
  coCreated: z.boolean().optional(),
  actionPlan: z.object({ id: text, commitmentId: text, designatedByMsf: z.boolean().optional() }).optional(),
  links: z.array(text).default([]),
  consentToPublish: z.boolean().optional(),
});

/** One submission whole, as the detail view reads it. */
export const cycleSubmissionSchema = z.object({
  reference: text,
  status: text,
  cycle: optionalText,
  version: z.number().int(),
  channel: optionalText,
  language: text.default(''),
  area: text.default(''),
  receivedAt: optionalText,
  member: z.object({ id: text, name: text, kind: text.optional(), country: text.optional(), region: text.optional() }).optional(),
  place: optionalText,
  publicLevel: optionalText,
  request: requestSchema,
  screening: screeningSchema.nullable().default(null),
  duplicateOf: optionalText,
  decided: z.boolean().default(false),
  decision: decisionSchema.nullable().default(null),
  question: optionalText,
  answer: optionalText,
  answeredAt: optionalText,
  designation: z.object({ confirmed: z.object({ at: text, by: text }).nullish() }).optional(),
  undeliverable: undeliverableSchema.optional(),
});
export type CycleSubmission = z.infer<typeof cycleSubmissionSchema>;

export const decisionAnswerSchema = z.object({ decision: decisionSchema, version: z.number().int().optional() });

export const auditEntrySchema = z.object({
  at: text,
  actor: text,
  action: text,
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export const auditTrailSchema = z.object({ entries: z.array(auditEntrySchema) });

export const storySchema = z.object({
  id: text,
  language: text.default(''),
  receivedAt: optionalText,
  request: z.object({
    title: text.default(''),
    place: text.default(''),
    area: text.default(''),
    story: text.default(''),
    links: z.array(text).default([]),
    consentToPublish: z.boolean().optional(),
    author: z.object({ name: text.default(''), organisation: optionalText }).default({ name: '' }),
  }),
});
export type StoryView = z.infer<typeof storySchema>;
export const storiesSchema = z.object({ stories: z.array(storySchema) });

export const contactSchema = z.object({
  name: text,
  email: text,
  language: z.enum(['en', 'fr', 'es']).default('en'),
  undeliverable: z.boolean().optional(),
});
export type ContactView = z.infer<typeof contactSchema>;

export const memberSchema = z.object({
  id: text,
  name: text,
  kind: z.enum(['national', 'local']),
  country: text.default(''),
  region: text,
  retired: z.boolean().default(false),
  version: z.number().int(),
  contacts: z.array(contactSchema).default([]),
});
export type MemberView = z.infer<typeof memberSchema>;
export const membersSchema = z.object({ items: z.array(memberSchema) });

export type CriteriaVersionView = StoredCriteriaVersion;
export const criteriaSchema = z.object({ current: criteriaVersionSchema, versions: z.array(criteriaVersionSchema).default([]) });

export const designationSchema = z.object({
  reference: text,
  title: text.default(''),
  memberId: text.default(''),
  memberName: text.default(''),
  submittedAt: optionalText,
  remindersSent: z.number().int().default(0),
  pocInformed: z.boolean().default(false),
});
export const designationsSchema = z.object({ items: z.array(designationSchema) });

export const resumeAnswerSchema = z.object({ cycle: text, resumed: z.boolean() });

export const errorBodySchema = z.object({
  error: z.object({
    code: text,
    message: text,
    fields: z.array(z.object({ path: text, message: text })).optional(),
  }),
});
