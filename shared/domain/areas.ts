import type { Localized } from './language.ts';

export const AREA_IDS = [
  'access-to-information',
  'anti-corruption',
  'civic-space',
  'climate-environment',
  'digital-governance',
  'fiscal-openness',
  'gender-inclusion',
  'justice',
  'media-freedom',
  'public-participation',
] as const;
export type AreaId = (typeof AREA_IDS)[number];

export interface Area {
  id: AreaId;
  name: Localized;
  headline: Localized;
}

/** The ten Challenge areas with OGP's headline prompts (Open Gov Guide), in en/fr/es. */
export const AREAS: readonly Area[] = [
  {
    id: 'access-to-information',
    name: { en: 'Access to Information', fr: "Accès à l'information", es: 'Acceso a la información' },
    headline: {
      en: 'Improve effectiveness of access to information legal frameworks.',
      fr: "Améliorer l'efficacité des cadres juridiques d'accès à l'information.",
      es: 'Mejorar la eficacia de los marcos jurídicos de acceso a la información.',
    },
  },
  {
    id: 'anti-corruption',
    name: { en: 'Anti-Corruption', fr: 'Lutte contre la corruption', es: 'Anticorrupción' },
    headline: {
      en: 'Develop, strengthen and/or implement a whole-of-government anti-corruption legislation, strategy or roadmap (including at least one of: beneficial ownership, open contracting, political finance and asset/interest disclosure, lobbying, integrity systems at local level, extractive industry transparency).',
      fr: "Élaborer, renforcer et/ou mettre en œuvre une législation, une stratégie ou une feuille de route anticorruption à l'échelle de l'ensemble du gouvernement (comprenant au moins l'un des éléments suivants : propriété effective, contrats ouverts, financement politique et déclaration de patrimoine/d'intérêts, lobbying, systèmes d'intégrité au niveau local, transparence des industries extractives).",
      es: 'Desarrollar, fortalecer y/o implementar una legislación, estrategia u hoja de ruta anticorrupción para todo el gobierno (que incluya al menos uno de: beneficiarios finales, contrataciones abiertas, financiamiento político y declaración de bienes/intereses, cabildeo, sistemas de integridad a nivel local, transparencia en las industrias extractivas).',
    },
  },
  {
    id: 'civic-space',
    name: { en: 'Civic Space', fr: 'Espace civique', es: 'Espacio cívico' },
    headline: {
      en: 'Strengthen the enabling environment and spaces for civil society and civic action.',
      fr: "Renforcer l'environnement favorable et les espaces de la société civile et de l'action civique.",
      es: 'Fortalecer el entorno propicio y los espacios para la sociedad civil y la acción cívica.',
    },
  },
  {
    id: 'climate-environment',
    name: { en: 'Climate and Environment', fr: 'Climat et environnement', es: 'Clima y medio ambiente' },
    headline: {
      en: 'Use open government to strengthen implementation of legislation, strategies or agreements on climate, environment and/or the energy transition.',
      fr: "Utiliser le gouvernement ouvert pour renforcer la mise en œuvre des lois, stratégies ou accords sur le climat, l'environnement et/ou la transition énergétique.",
      es: 'Utilizar el gobierno abierto para fortalecer la implementación de leyes, estrategias o acuerdos sobre clima, medio ambiente y/o transición energética.',
    },
  },
  {
    id: 'digital-governance',
    name: { en: 'Digital Governance', fr: 'Gouvernance numérique', es: 'Gobernanza digital' },
    headline: {
      en: 'Strengthen transparency and public oversight of AI, automated decision-making and data protection frameworks.',
      fr: "Renforcer la transparence et le contrôle public de l'IA, de la prise de décision automatisée et des cadres de protection des données.",
      es: 'Fortalecer la transparencia y la supervisión pública de la IA, la toma de decisiones automatizada y los marcos de protección de datos.',
    },
  },
  {
    id: 'fiscal-openness',
    name: { en: 'Fiscal Openness', fr: 'Ouverture budgétaire', es: 'Apertura fiscal' },
    headline: {
      en: 'Advance public oversight and inclusion reforms across the budget and spending cycle.',
      fr: "Faire progresser les réformes de contrôle public et d'inclusion tout au long du cycle budgétaire et des dépenses.",
      es: 'Impulsar reformas de supervisión pública e inclusión en todo el ciclo presupuestario y de gasto.',
    },
  },
  {
    id: 'gender-inclusion',
    name: { en: 'Gender and Inclusion', fr: 'Genre et inclusion', es: 'Género e inclusión' },
    headline: {
      en: 'Advance gender equality and inclusion of under-represented groups through open government.',
      fr: "Faire progresser l'égalité des genres et l'inclusion des groupes sous-représentés grâce au gouvernement ouvert.",
      es: 'Impulsar la igualdad de género y la inclusión de grupos subrepresentados mediante el gobierno abierto.',
    },
  },
  {
    id: 'justice',
    name: { en: 'Justice', fr: 'Justice', es: 'Justicia' },
    headline: {
      en: 'Advance people-centred justice reforms.',
      fr: 'Faire progresser les réformes de la justice centrées sur les personnes.',
      es: 'Impulsar reformas de justicia centradas en las personas.',
    },
  },
  {
    id: 'media-freedom',
    name: { en: 'Media Freedom', fr: 'Liberté des médias', es: 'Libertad de prensa' },
    headline: {
      en: 'Develop or reinforce legal frameworks that protect the rights of journalists and independent media.',
      fr: 'Élaborer ou renforcer des cadres juridiques qui protègent les droits des journalistes et des médias indépendants.',
      es: 'Desarrollar o reforzar marcos jurídicos que protejan los derechos de periodistas y medios independientes.',
    },
  },
  {
    id: 'public-participation',
    name: { en: 'Public Participation', fr: 'Participation du public', es: 'Participación pública' },
    headline: {
      en: 'Mainstream fit-for-purpose, high-quality and inclusive public participation across key government sectors, processes and institutions.',
      fr: 'Généraliser une participation du public adaptée, de qualité et inclusive dans les principaux secteurs, processus et institutions publics.',
      es: 'Integrar una participación pública adecuada, de alta calidad e inclusiva en los principales sectores, procesos e instituciones del gobierno.',
    },
  },
];

export function areaName(id: AreaId, language: keyof Localized): string {
  return AREAS.find((area) => area.id === id)?.name[language] ?? id;
}
