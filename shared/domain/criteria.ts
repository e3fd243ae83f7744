import * as z from 'zod';
import type { Localized } from './language.ts';

export const CRITERION_IDS = [
  'thematic-relevance',
  'ongoing-or-planned',
  'open-government-values',
  'public-ownership',
  'within-period',
] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];

export interface Criterion {
  id: CriterionId;
  name: Localized;
}

export interface CriteriaVersion {
  version: number;
  /** First and last calendar years of the Challenge period (inclusive). */
  period: { startYear: number; endYear: number };
  criteria: Criterion[];
}

/**
 * The Challenge criteria as first published. They are data, not code: the registry stores each
 * version and screening reads the version in force, so admins can amend them without a deploy.
 */
export const INITIAL_CRITERIA: CriteriaVersion = {
  version: 1,
  period: { startYear: 2023, endYear: 2028 },
  criteria: [
    {
      id: 'thematic-relevance',
      name: { en: 'Thematic relevance', fr: 'Pertinence thématique', es: 'Relevancia temática' },
    },
    {
      id: 'ongoing-or-planned',
      name: {
        en: 'Ongoing or planned, with future milestones',
        fr: 'En cours ou prévue, avec des jalons à venir',
        es: 'En curso o prevista, con hitos futuros',
      },
    },
    {
      id: 'open-government-values',
      name: { en: 'Open-government values', fr: 'Valeurs du gouvernement ouvert', es: 'Valores de gobierno abierto' },
    },
    {
      id: 'public-ownership',
      name: { en: 'Public ownership', fr: 'Appropriation publique', es: 'Titularidad pública' },
    },
    {
      id: 'within-period',
      name: { en: 'Within the Challenge period', fr: 'Dans la période du Défi', es: 'Dentro del periodo del Desafío' },
    },
  ],
};

/** A criterion's name in a language, in the wording of a given version (the first one by default). */
export function criterionName(id: CriterionId, language: keyof Localized, version: CriteriaVersion = INITIAL_CRITERIA): string {
  return version.criteria.find((criterion) => criterion.id === id)?.name[language] ?? id;
}

// Wording is edited, ids are not: screening rules and decisions are keyed by these five ids. (The
// one-line rule is spelled out here because schemas.ts imports this module, not the reverse.)
const wording = z
  .string()
  .max(300)
  .refine((value) => value.trim().length > 0, { params: { key: 'blank' } })
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { params: { key: 'oneLine' } });
const year = z.number().int().min(2000).max(2100);

const criterionSchema = z.strictObject({
  id: z.enum(CRITERION_IDS),
  name: z.strictObject({ en: wording, fr: wording, es: wording }),
});

/** `POST /v1/admin/criteria`: the wording (en/fr/es) and period of a new version; every criterion once. */
export const criteriaVersionRequestSchema = z
  .strictObject({
    period: z.strictObject({ startYear: year, endYear: year }),
    criteria: z.array(criterionSchema).length(CRITERION_IDS.length),
  })
  .superRefine((request, ctx) => {
    const ids = new Set(request.criteria.map((criterion) => criterion.id));
    if (ids.size !== request.criteria.length) ctx.addIssue({ code: 'custom', path: ['criteria'], params: { key: 'unique' } });
    if (request.period.endYear < request.period.startYear) ctx.addIssue({ code: 'custom', path: ['period', 'endYear'], params: { key: 'endBeforeStart' } });
  });
export type CriteriaVersionRequest = z.infer<typeof criteriaVersionRequestSchema>;

/** A stored version: the definition, and who made it when (absent for the first, seeded one). */
export const criteriaVersionSchema = z.object({
  version: z.number().int().min(1),
  period: z.object({ startYear: z.number().int(), endYear: z.number().int() }),
  criteria: z.array(z.object({ id: z.enum(CRITERION_IDS), name: z.object({ en: z.string(), fr: z.string(), es: z.string() }) })),
  createdAt: z.string().optional(),
  createdBy: z.string().optional(),
});
export type StoredCriteriaVersion = z.infer<typeof criteriaVersionSchema>;

/** The criteria in the order screening lists them, whatever order an admin sent them in. */
export function inCanonicalOrder(criteria: readonly Criterion[]): Criterion[] {
  return CRITERION_IDS.map((id) => criteria.find((criterion) => criterion.id === id)).filter((criterion) => criterion !== undefined);
}
