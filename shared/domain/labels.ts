import type { Language, Localized } from './language.ts';
import type { Region } from './members.ts';
import type {
  AMBITIONS,
  BRANCHES,
  CHANNELS,
  COMMITMENT_STATUSES,
  GOVERNMENT_LEVELS,
  MEMBER_TYPES,
  OUTCOMES,
  PARTNER_KINDS,
  VALUES,
  VERDICTS,
} from './schemas.ts';
import type { SubmissionStatus } from './submission.ts';
import type { UNDELIVERABLE_REASONS } from './undeliverable.ts';

/**
 * What a person reads for each enum id of the contract, in en/fr/es. One catalog for the public
 * site, the console, the emails and the validation messages ("Choose one of: …"), so an id never
 * reaches a person and a label is translated once. Area and criterion names live with their data
 * (areas.ts, criteria.ts).
 */
type Labels<Ids extends readonly string[]> = Record<Ids[number], Localized>;

export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, Localized> = {
  'awaiting-confirmation': {
    en: 'Awaiting confirmation by the point of contact',
    fr: 'En attente de confirmation par le point de contact',
    es: 'Pendiente de confirmación por el punto de contacto',
  },
  'awaiting-review': { en: 'Awaiting review', fr: "En attente d'examen", es: 'Pendiente de revisión' },
  'in-review': { en: 'In review', fr: "En cours d'examen", es: 'En revisión' },
  'needs-info': { en: 'More information needed', fr: "Informations complémentaires demandées", es: 'Se necesita más información' },
  published: { en: 'Published as a Challenge reform', fr: 'Publiée comme réforme du Défi', es: 'Publicada como reforma del Desafío' },
  'not-eligible': { en: 'Not eligible', fr: 'Non éligible', es: 'No elegible' },
  withdrawn: { en: 'Withdrawn', fr: 'Retirée', es: 'Retirado' },
};

export const OUTCOME_LABELS: Labels<typeof OUTCOMES> = {
  eligible: { en: 'Eligible', fr: 'Éligible', es: 'Elegible' },
  'not-eligible': { en: 'Not eligible', fr: 'Non éligible', es: 'No elegible' },
  'needs-info': { en: 'More information needed', fr: "Besoin d'informations complémentaires", es: 'Se necesita más información' },
};

export const CHANNEL_LABELS: Labels<typeof CHANNELS> = {
  standalone: { en: 'Standalone commitment', fr: 'Engagement indépendant', es: 'Compromiso independiente' },
  'action-plan': { en: 'Commitment in an OGP action plan', fr: "Engagement d'un plan d'action du PGO", es: 'Compromiso de un plan de acción de OGP' },
};

export const MEMBER_TYPE_LABELS: Labels<typeof MEMBER_TYPES> = {
  national: { en: 'National member', fr: 'Membre national', es: 'Miembro nacional' },
  local: { en: 'Local member (OGP Local)', fr: 'Membre local (OGP Local)', es: 'Miembro local (OGP Local)' },
  'local-non-member': {
    en: 'Other (local non-member jurisdiction in a member country)',
    fr: 'Autre (collectivité locale non membre dans un pays membre)',
    es: 'Otro (jurisdicción local no miembro en un país miembro)',
  },
};

export const GOVERNMENT_LEVEL_LABELS: Labels<typeof GOVERNMENT_LEVELS> = {
  national: { en: 'National', fr: 'National', es: 'Nacional' },
  subnational: { en: 'Subnational (state, province, region)', fr: 'Infranational (État, province, région)', es: 'Subnacional (estado, provincia, región)' },
  local: { en: 'Local (city, municipality)', fr: 'Local (ville, commune)', es: 'Local (ciudad, municipio)' },
};

export const BRANCH_LABELS: Labels<typeof BRANCHES> = {
  executive: { en: 'Executive', fr: 'Exécutif', es: 'Ejecutivo' },
  legislative: { en: 'Legislative', fr: 'Législatif', es: 'Legislativo' },
  judicial: { en: 'Judicial', fr: 'Judiciaire', es: 'Judicial' },
  other: { en: 'Other', fr: 'Autre', es: 'Otro' },
};

export const PARTNER_KIND_LABELS: Labels<typeof PARTNER_KINDS> = {
  public: { en: 'Public institution', fr: 'Institution publique', es: 'Institución pública' },
  'civil-society': { en: 'Civil society', fr: 'Société civile', es: 'Sociedad civil' },
  private: { en: 'Private sector', fr: 'Secteur privé', es: 'Sector privado' },
  academic: { en: 'Academia', fr: 'Milieu universitaire', es: 'Academia' },
  other: { en: 'Other', fr: 'Autre', es: 'Otro' },
};

export const VALUE_LABELS: Labels<typeof VALUES> = {
  transparency: { en: 'Transparency', fr: 'Transparence', es: 'Transparencia' },
  'civic-participation': { en: 'Civic participation', fr: 'Participation citoyenne', es: 'Participación ciudadana' },
  'public-accountability': { en: 'Public accountability', fr: 'Redevabilité publique', es: 'Rendición de cuentas' },
};

export const COMMITMENT_STATUS_LABELS: Labels<typeof COMMITMENT_STATUSES> = {
  planned: { en: 'Planned', fr: 'Prévue', es: 'Prevista' },
  ongoing: { en: 'Ongoing', fr: 'En cours', es: 'En curso' },
};

export const REGION_LABELS: Record<Region, Localized> = {
  'africa-middle-east': { en: 'Africa and the Middle East', fr: 'Afrique et Moyen-Orient', es: 'África y Oriente Medio' },
  americas: { en: 'Americas', fr: 'Amériques', es: 'Américas' },
  'asia-pacific': { en: 'Asia and the Pacific', fr: 'Asie-Pacifique', es: 'Asia y el Pacífico' },
  europe: { en: 'Europe', fr: 'Europe', es: 'Europa' },
};

/** The tracker's "Level of Government" column (OGP's export values are the ids). */
export const PUBLIC_LEVEL_LABELS: Record<'National' | 'Local' | 'Local (non-member)', Localized> = {
  National: { en: 'National', fr: 'National', es: 'Nacional' },
  Local: { en: 'Local', fr: 'Local', es: 'Local' },
  'Local (non-member)': { en: 'Local (non-member)', fr: 'Local (non membre)', es: 'Local (no miembro)' },
};

export const AMBITION_LABELS: Labels<typeof AMBITIONS> = {
  unclear: { en: 'Unclear', fr: 'Incertaine', es: 'Poco clara' },
  modest: { en: 'Modest', fr: 'Modeste', es: 'Modesta' },
  substantial: { en: 'Substantial', fr: 'Substantielle', es: 'Sustancial' },
};

export const VERDICT_LABELS: Labels<typeof VERDICTS> = {
  pass: { en: 'Met', fr: 'Rempli', es: 'Cumplido' },
  fail: { en: 'Not met', fr: 'Non rempli', es: 'No cumplido' },
  'needs-judgement': { en: 'Needs judgement', fr: 'À apprécier', es: 'Requiere valoración' },
};

/** Each language in its own name, as language choices show it to every reader. */
export const LANGUAGE_LABELS: Record<Language, Localized> = {
  en: { en: 'English', fr: 'English', es: 'English' },
  fr: { en: 'Français', fr: 'Français', es: 'Français' },
  es: { en: 'Español', fr: 'Español', es: 'Español' },
};

/** The kind of a member of the registry (a member-type id without the non-member case). */
export const MEMBER_KIND_LABELS: Record<'national' | 'local', Localized> = {
  national: { en: 'National member', fr: 'Membre national', es: 'Miembro nacional' },
  local: { en: 'Local member (OGP Local)', fr: 'Membre local (OGP Local)', es: 'Miembro local (OGP Local)' },
};

export const MODERATION_DECISION_LABELS: Record<'publish' | 'decline', Localized> = {
  publish: { en: 'Publish', fr: 'Publier', es: 'Publicar' },
  decline: { en: 'Decline', fr: 'Refuser', es: 'Rechazar' },
};

/** Why mail to an address stopped (a submitter's or a point of contact's). */
export const UNDELIVERABLE_REASON_LABELS: Labels<typeof UNDELIVERABLE_REASONS> = {
  bounce: { en: 'Bounced: the address does not accept mail', fr: 'Message rejeté\u00a0: l’adresse ne reçoit pas de courriels', es: 'Mensaje rebotado: la dirección no recibe correos' },
  complaint: { en: 'Marked as spam by the recipient', fr: 'Signalé comme indésirable par le destinataire', es: 'Marcado como correo no deseado por el destinatario' },
};
