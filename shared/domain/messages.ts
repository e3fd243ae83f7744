import type { Language } from './language.ts';

/** Translated messages for errors the platform itself raises (zod's own come from its locales). */
export const MESSAGES = {
  blank: { en: 'Must not be blank', fr: 'Ne doit pas être vide', es: 'No debe estar vacío' },
  oneLine: {
    en: 'Must be a single line without control characters',
    fr: 'Doit tenir sur une seule ligne, sans caractères de contrôle',
    es: 'Debe ser una sola línea sin caracteres de control',
  },
  controlCharacters: {
    en: 'Must not contain control characters',
    fr: 'Ne doit pas contenir de caractères de contrôle',
    es: 'No debe contener caracteres de control',
  },
  unique: { en: 'Items must not repeat', fr: 'Les éléments ne doivent pas se répéter', es: 'Los elementos no deben repetirse' },
  memberId: { en: 'Not a member id', fr: "Identifiant de membre invalide", es: 'Identificador de miembro no válido' },
  cycle: { en: 'Must be a month as YYYY-MM', fr: 'Doit être un mois au format AAAA-MM', es: 'Debe ser un mes con formato AAAA-MM' },
  reference: { en: 'Not a submission reference', fr: "N'est pas une référence de soumission", es: 'No es una referencia de envío' },
  token: { en: 'Not a status token', fr: "N'est pas un jeton de suivi", es: 'No es un token de seguimiento' },
  actionPlanRequired: {
    en: 'Required for an action-plan commitment',
    fr: "Obligatoire pour un engagement de plan d'action",
    es: 'Obligatorio para un compromiso de plan de acción',
  },
  actionPlanForbidden: {
    en: 'Only an action-plan commitment carries an action plan',
    fr: "Seul un engagement de plan d'action comporte un plan d'action",
    es: 'Solo un compromiso de plan de acción incluye un plan de acción',
  },
  jurisdictionRequired: {
    en: 'Required for a local submission',
    fr: 'Obligatoire pour une soumission locale',
    es: 'Obligatorio para un envío local',
  },
  endBeforeStart: {
    en: 'Must be after the start date',
    fr: 'Doit être postérieure à la date de début',
    es: 'Debe ser posterior a la fecha de inicio',
  },
  unknownMember: {
    en: 'No OGP member has this id',
    fr: "Aucun membre du PGO n'a cet identifiant",
    es: 'Ningún miembro de OGP tiene este identificador',
  },
  memberKindMismatch: {
    en: 'This member is not of the given member type',
    fr: "Ce membre n'est pas du type indiqué",
    es: 'Este miembro no es del tipo indicado',
  },
  questionRequired: {
    en: 'A question is required when more information is needed',
    fr: "Une question est obligatoire lorsqu'il faut plus d'informations",
    es: 'Se requiere una pregunta cuando se necesita más información',
  },
  questionForbidden: {
    en: 'Only a needs-info decision carries a question',
    fr: 'Seule une décision « besoin d’informations » comporte une question',
    es: 'Solo una decisión de «necesita información» incluye una pregunta',
  },
  eligibleNeedsAllPass: {
    en: 'An eligible outcome needs every criterion to pass',
    fr: 'Un résultat éligible exige que tous les critères soient remplis',
    es: 'Un resultado elegible requiere que se cumplan todos los criterios',
  },
  notEligibleNeedsFailure: {
    en: 'A not-eligible outcome needs at least one failing criterion',
    fr: 'Un résultat non éligible exige au moins un critère non rempli',
    es: 'Un resultado no elegible requiere al menos un criterio no cumplido',
  },
  forbiddenKey: {
    en: 'This key is not allowed',
    fr: "Cette clé n'est pas autorisée",
    es: 'Esta clave no está permitida',
  },
  cursor: {
    en: 'Not a cursor from a previous page of this list',
    fr: "N'est pas un curseur d'une page précédente de cette liste",
    es: 'No es un cursor de una página anterior de esta lista',
  },
  cycleNotBegun: {
    en: 'This month has not begun yet',
    fr: "Ce mois n'a pas encore commencé",
    es: 'Este mes aún no ha comenzado',
  },
  ifMatch: {
    en: 'Must be the version number read from the submission',
    fr: 'Doit être le numéro de version lu sur la soumission',
    es: 'Debe ser el número de versión leído del envío',
  },
  unknownField: { en: 'Unknown field', fr: 'Champ inconnu', es: 'Campo desconocido' },
  validationFailed: {
    en: 'The request has invalid fields',
    fr: 'La requête contient des champs invalides',
    es: 'La solicitud contiene campos no válidos',
  },
} as const satisfies Record<string, Record<Language, string>>;
export type MessageKey = keyof typeof MESSAGES;

export function message(key: MessageKey, language: Language): string {
  return MESSAGES[key][language];
}
