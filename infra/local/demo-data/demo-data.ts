import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { AREA_IDS } from '../../../shared/domain/areas.ts';
import type { PublicMember } from '../../../shared/domain/members.ts';
import { decisionRequestSchema, storyRequestSchema, submissionRequestSchema } from '../../../shared/domain/schemas.ts';

/**
 * The local demo's data, kept as files next to this module so that a fresh clone has all of it:
 * OGP's published Challenge reforms, the commitments and stories `npm run demo` posts, and the
 * invented points of contact the local platform loads (`contacts.csv`). Every file is checked
 * against the same schemas the API uses, here and in `test/unit/demo-data.test.ts`.
 */

const demoId = z.string().regex(/^[a-z0-9-]{2,80}$/);

export const demoSubmissionSchema = z.strictObject({
  /** Stable: the demo derives the submission's Idempotency-Key from it. */
  id: demoId,
  /** What this one shows a newcomer, printed in the demo's summary. */
  shows: z.string().min(1).optional(),
  /** Recorded by the demo as the reviewer once the cycle opens; the others are left undecided. */
  decision: decisionRequestSchema.optional(),
  request: submissionRequestSchema,
});
export type DemoSubmission = z.infer<typeof demoSubmissionSchema>;

export const demoStorySchema = z.strictObject({
  id: demoId,
  /** Published by the reviewer (so `GET /v1/stories` has one); the others wait for moderation. */
  publish: z.boolean(),
  request: storyRequestSchema,
});
export type DemoStory = z.infer<typeof demoStorySchema>;

const uniqueIds = (items: readonly { id: string }[]) => new Set(items.map((item) => item.id)).size === items.length;

const submissionsFileSchema = z.object({
  submissions: z.array(demoSubmissionSchema).min(1).refine(uniqueIds, 'ids must be unique'),
});
const storiesFileSchema = z.object({
  stories: z.array(demoStorySchema).min(1).refine(uniqueIds, 'ids must be unique'),
});

/** One row of OGP's public Challenge tracker, with its columns. */
export const trackerRowSchema = z.strictObject({
  countryOrLocal: z.string().min(1),
  levelOfGovernment: z.enum(['National', 'Local', 'Local (non-member)']),
  leadInstitution: z.string().min(1),
  titleOfReform: z.string().min(1),
  challengeArea: z.enum(AREA_IDS),
});
export type TrackerRow = z.infer<typeof trackerRowSchema>;

const publishedReformsFileSchema = z.object({ reforms: z.array(trackerRowSchema).min(1) });

export const DEMO_DATA_FILES = {
  submissions: 'submissions.json',
  stories: 'stories.json',
  publishedReforms: 'published-reforms.json',
  contacts: 'contacts.csv',
} as const;

/** Where a demo data file lives: beside this module, inside the project. */
export const demoDataFile = (name: string): URL => new URL(name, import.meta.url);

export class DemoDataError extends Error {
  override readonly name = 'DemoDataError';
}

function readJson<T>(name: string, schema: z.ZodType<T>): T {
  const url = demoDataFile(name);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(url, 'utf8'));
  } catch (error) {
    throw new DemoDataError(`${url.pathname} is not readable JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DemoDataError(`${url.pathname} does not fit its schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

export const loadDemoSubmissions = (): DemoSubmission[] => readJson(DEMO_DATA_FILES.submissions, submissionsFileSchema).submissions;
export const loadDemoStories = (): DemoStory[] => readJson(DEMO_DATA_FILES.stories, storiesFileSchema).stories;
export const loadPublishedReforms = (): TrackerRow[] => readJson(DEMO_DATA_FILES.publishedReforms, publishedReformsFileSchema).reforms;

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');

/**
 * The registry member a tracker row belongs to: the national member named by the row, the OGP
 * Local member of that name, or — for a local non-member ("Kisumu, Kenya") — the national member
 * of the country after the last comma.
 */
export function memberOfTrackerRow(row: TrackerRow, members: readonly PublicMember[]): PublicMember | undefined {
  if (row.levelOfGovernment === 'National') return members.find((member) => member.kind === 'national' && sameName(member.name, row.countryOrLocal));
  if (row.levelOfGovernment === 'Local') return members.find((member) => member.kind === 'local' && sameName(member.name, row.countryOrLocal));
  const country = row.countryOrLocal.split(',').at(-1) ?? '';
  return members.find((member) => member.kind === 'national' && sameName(member.name, country));
}
