import * as z from 'zod';
import { AREA_IDS } from '../../shared/domain/areas.ts';
import { REGIONS } from '../../shared/domain/members.ts';
import { PUBLIC_LEVEL_LABELS } from '../../shared/domain/labels.ts';

/**
 * The shapes of the API answers the site reads: what it needs of them, so an answer that grows a
 * field still parses, and one that lost a field it shows fails loudly instead of printing "undefined".
 */

const levelSchema = z.enum(Object.keys(PUBLIC_LEVEL_LABELS) as [keyof typeof PUBLIC_LEVEL_LABELS, ...(keyof typeof PUBLIC_LEVEL_LABELS)[]]);

export const statsSchema = z.object({
  participatingCountries: z.number(),
  participatingLocalities: z.number(),
  challengeCommitments: z.object({ total: z.number(), byArea: z.partialRecord(z.enum(AREA_IDS), z.number()) }),
});

export const reformSchema = z.object({
  reference: z.string(),
  countryOrLocal: z.string(),
  levelOfGovernment: levelSchema,
  leadInstitution: z.string(),
  titleOfReform: z.string(),
  challengeArea: z.enum(AREA_IDS),
  publishedAt: z.string().optional(),
});
export type ReformRow = z.infer<typeof reformSchema>;

export const reformsPageSchema = z.object({ reforms: z.array(reformSchema), nextCursor: z.string().optional() });

/**
 * One reform's page: the tracker columns and, where the API gives them, the commitment's details
 * (as the reform itself, or wrapped in `{ reform }`).
 */
const unwrapReform = (value: unknown) => (value && typeof value === 'object' && 'reform' in value ? value.reform : value);
export const reformDetailSchema = z.preprocess(
  unwrapReform,
  reformSchema.extend({
    problem: z.string().optional(),
    statusQuo: z.string().optional(),
    description: z.string().optional(),
    milestones: z.array(z.object({ description: z.string(), deliverable: z.string().optional(), dueDate: z.string() })).optional(),
    partners: z.array(z.object({ name: z.string(), kind: z.string() })).optional(),
    values: z.array(z.string()).optional(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    links: z.array(z.string()).optional(),
  }),
);
export type ReformDetail = z.output<typeof reformDetailSchema>;

export const memberSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['national', 'local']),
  country: z.string(),
  region: z.enum(REGIONS),
});
export type PublicMember = z.infer<typeof memberSchema>;
export const membersSchema = z.object({ members: z.array(memberSchema) });

export const storySchema = z.object({
  id: z.string(),
  language: z.string(),
  title: z.string(),
  story: z.string(),
  place: z.string(),
  area: z.enum(AREA_IDS),
  author: z.object({ name: z.string(), organisation: z.string().optional() }),
  links: z.array(z.string()).default([]),
  publishedAt: z.string(),
});
export const storiesPageSchema = z.object({ stories: z.array(storySchema), nextCursor: z.string().optional() });

export const receiptSchema = z.object({ reference: z.string(), statusToken: z.string(), status: z.string() });
export const storyReceiptSchema = z.object({ id: z.string() }).loose();

export const submitterViewSchema = z.object({
  reference: z.string(),
  status: z.string(),
  title: z.string().optional(),
  area: z.enum(AREA_IDS).optional(),
  receivedAt: z.string().optional(),
  cycle: z.string().optional(),
  outcome: z
    .object({
      outcome: z.enum(['eligible', 'not-eligible', 'needs-info']),
      area: z.enum(AREA_IDS).optional(),
      failedCriteria: z.array(z.string()).default([]),
    })
    .optional(),
  question: z.string().optional(),
  version: z.number().optional(),
  editable: z.boolean().optional(),
  /** The request as stored, present while `editable`: validated by the form against the shared schema. */
  submission: z.unknown().optional(),
});
export type SubmitterView = z.infer<typeof submitterViewSchema>;

export const designationViewSchema = z.object({
  reference: z.string(),
  title: z.string(),
  memberName: z.string(),
  leadInstitution: z.string(),
  submitterName: z.string(),
  actionPlan: z.object({ id: z.string(), commitmentId: z.string() }),
  confirmed: z.object({ at: z.string(), by: z.string() }).nullable(),
  expiresAt: z.string(),
});
export type DesignationView = z.infer<typeof designationViewSchema>;
