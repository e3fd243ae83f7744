import { AREAS } from '../../shared/domain/areas.ts';
import { INITIAL_CRITERIA } from '../../shared/domain/criteria.ts';
import {
  AMBITION_LABELS,
  CHANNEL_LABELS,
  COMMITMENT_STATUS_LABELS,
  GOVERNMENT_LEVEL_LABELS,
  BRANCH_LABELS,
  MEMBER_TYPE_LABELS,
  OUTCOME_LABELS,
  PARTNER_KIND_LABELS,
  REGION_LABELS,
  SUBMISSION_STATUS_LABELS,
  VALUE_LABELS,
  VERDICT_LABELS,
} from '../../shared/domain/labels.ts';
import type { Localized } from '../../shared/domain/language.ts';

/**
 * Staff read the console in English: every id the API answers is shown through the shared label
 * catalog (shared/domain/labels.ts, areas.ts, criteria.ts). An id the catalog does not know (data
 * from a newer contract) is shown as a readable phrase rather than hidden.
 */

const humanise = (id: string) => (id ? id.charAt(0).toUpperCase() + id.slice(1).replace(/[-_]+/g, ' ') : '—');

function labelFrom(catalog: Readonly<Record<string, Localized>>) {
  return (id: string | null | undefined): string => {
    if (!id) return '—';
    return Object.hasOwn(catalog, id) ? (catalog[id]?.en ?? humanise(id)) : humanise(id);
  };
}

const byId = <T extends { id: string; name: Localized }>(items: readonly T[]) => Object.fromEntries(items.map((item) => [item.id, item.name]));

export const areaLabel = labelFrom(byId(AREAS));
export const criterionLabel = labelFrom(byId(INITIAL_CRITERIA.criteria));
export const outcomeLabel = labelFrom(OUTCOME_LABELS);
export const verdictLabel = labelFrom(VERDICT_LABELS);
export const ambitionLabel = labelFrom(AMBITION_LABELS);
export const submissionStatusLabel = labelFrom(SUBMISSION_STATUS_LABELS);
export const regionLabel = labelFrom(REGION_LABELS);
export const channelLabel = labelFrom(CHANNEL_LABELS);
export const memberTypeLabel = labelFrom(MEMBER_TYPE_LABELS);
export const governmentLevelLabel = labelFrom(GOVERNMENT_LEVEL_LABELS);
export const branchLabel = labelFrom(BRANCH_LABELS);
export const partnerKindLabel = labelFrom(PARTNER_KIND_LABELS);
export const valueLabel = labelFrom(VALUE_LABELS);
export const commitmentStatusLabel = labelFrom(COMMITMENT_STATUS_LABELS);

export const LANGUAGE_NAMES: Readonly<Record<string, string>> = { en: 'English', fr: 'French', es: 'Spanish' };
export const languageLabel = (id: string | null | undefined) => (id ? (LANGUAGE_NAMES[id] ?? id.toUpperCase()) : '—');

export const MEMBER_KIND_LABELS: Readonly<Record<string, string>> = { national: 'National', local: 'Local' };
export const memberKindLabel = (id: string | null | undefined) => (id ? (MEMBER_KIND_LABELS[id] ?? humanise(id)) : '—');

const CYCLE_STATUS_LABELS: Readonly<Record<string, string>> = {
  starting: 'Starting',
  collecting: 'Collecting submissions',
  open: 'Open for decisions',
  releasing: 'Releasing',
  released: 'Released',
};
export const cycleStatusLabel = (id: string | null | undefined) => (id ? (CYCLE_STATUS_LABELS[id] ?? humanise(id)) : '—');

const RUN_STATUS_LABELS: Readonly<Record<string, string>> = {
  RUNNING: 'running',
  SUCCEEDED: 'finished',
  FAILED: 'failed',
  ABORTED: 'stopped',
  TIMED_OUT: 'timed out',
  MISSING: 'gone (not found)',
};
export const runStatusLabel = (id: string) => RUN_STATUS_LABELS[id] ?? id.toLowerCase();

/** How a submission left a released cycle: an outcome, or carried over to the next one. */
export const resultLabel = (id: string) => (id === 'carried-over' ? 'Carried over' : outcomeLabel(id));
