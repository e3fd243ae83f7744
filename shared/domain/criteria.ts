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

export function criterionName(id: CriterionId, language: keyof Localized): string {
  return INITIAL_CRITERIA.criteria.find((criterion) => criterion.id === id)?.name[language] ?? id;
}
