import type { AuditEntryView } from './api-schemas.ts';
import { ambitionLabel, areaLabel, criterionLabel, outcomeLabel, submissionStatusLabel, verdictLabel } from './labels.ts';

/**
 * The audit trail as sentences: who did what, and each field that changed, before → after, in
 * words (labels, never ids or JSON). Pure, so it is tested without a browser.
 */

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

export interface AuditSentence {
  at: string;
  who: string;
  what: string;
  changes: AuditChange[];
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  outcome: 'Outcome',
  area: 'Area',
  ambition: 'Ambition',
  rationale: 'Rationale',
  question: 'Question',
  answer: 'Answer',
  status: 'Status',
  cycle: 'Cycle',
  title: 'Title',
  deadline: 'Decision deadline',
};

const humanise = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_.]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function fieldName(path: string): string {
  const [head, ...rest] = path.split('.');
  if (head === 'criteria' && rest.length === 1) return `Criterion “${criterionLabel(rest[0])}”`;
  return FIELD_NAMES[path] ?? humanise(path);
}

function valueText(path: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'string') return Array.isArray(value) ? value.map((item) => valueText(path, item)).join(', ') : String(value);
  const last = path.split('.').at(-1) ?? path;
  if (path.startsWith('criteria.')) return verdictLabel(value);
  if (last === 'outcome') return outcomeLabel(value);
  if (last === 'area' || last === 'originalArea') return areaLabel(value);
  if (last === 'ambition') return ambitionLabel(value);
  if (last === 'status') return submissionStatusLabel(value);
  return value;
}

/** `{ a: { b: 1 } }` → `[['a.b', 1]]`: arrays are values, objects are walked. */
function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return prefix ? [[prefix, value]] : [];
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function changesOf(before: unknown, after: unknown): AuditChange[] {
  const old = new Map(flatten(before));
  const fresh = new Map(flatten(after));
  const paths = [...new Set([...old.keys(), ...fresh.keys()])];
  return paths
    .filter((path) => !same(old.get(path), fresh.get(path)))
    .map((path) => ({ field: fieldName(path), before: valueText(path, old.get(path)), after: valueText(path, fresh.get(path)) }));
}

export function actorName(actor: string): string {
  if (actor === 'system') return 'The review run';
  if (actor === 'submitter') return 'The submitter';
  return actor;
}

const detailText = (entry: AuditEntryView, key: string) => {
  const value = entry.detail?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

function screeningCounts(entry: AuditEntryView): string {
  const screening = entry.detail?.screening;
  if (typeof screening !== 'object' || screening === null) return '';
  const verdicts = Object.values(screening);
  const count = (verdict: string) => verdicts.filter((value) => value === verdict).length;
  const parts = [`${count('pass')} met`, `${count('fail')} not met`, `${count('needs-judgement')} to judge`];
  return `: ${parts.join(', ')}`;
}

const field = (value: unknown, key: string) => (typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined);

/** What happened, as the end of a sentence whose subject is the actor. */
function whatHappened(entry: AuditEntryView): string {
  const revision = detailText(entry, 'revision');
  const cycle = detailText(entry, 'cycle');
  switch (entry.action) {
    case 'collected': {
      const duplicate = detailText(entry, 'duplicateOf');
      return `collected it into cycle ${String(field(entry.after, 'cycle') ?? cycle) || '—'} and screened it${screeningCounts(entry)}${duplicate ? `; it may duplicate ${duplicate}` : ''}`;
    }
    case 'decision-recorded':
      return `recorded a decision${revision ? ` (revision ${revision})` : ''}: ${outcomeLabel(String(field(entry.after, 'outcome') ?? ''))}`;
    case 'decision-revised':
      return `revised the decision${revision ? ` (revision ${revision})` : ''}`;
    case 're-tagged':
      return `re-tagged it from ${areaLabel(String(field(entry.before, 'area') ?? ''))} to ${areaLabel(String(field(entry.after, 'area') ?? ''))}`;
    case 'carried-over': {
      const reason = detailText(entry, 'reason');
      return `carried it over to the next cycle${reason ? ` (${reason.charAt(0).toLowerCase()}${reason.slice(1)})` : ''}`;
    }
    case 'released': {
      const signedOffBy = detailText(entry, 'signedOffBy');
      return `released the outcome, ${outcomeLabel(String(field(entry.after, 'outcome') ?? ''))}${signedOffBy ? `, signed off by ${signedOffBy}` : ''}`;
    }
    case 'answered':
      return 'answered the question asked';
    case 'withdrawn':
      return 'withdrew the submission';
    default: {
      const words = entry.action.replace(/[-_]+/g, ' ');
      return `made a change: ${words}`;
    }
  }
}

/** Fields whose change is already the sentence itself. */
const SAID_IN_SENTENCE: Readonly<Record<string, readonly string[]>> = {
  're-tagged': ['Area'],
  collected: ['Status', 'Cycle'],
};

export function describeAuditEntry(entry: AuditEntryView): AuditSentence {
  const said = SAID_IN_SENTENCE[entry.action] ?? [];
  return {
    at: entry.at,
    who: actorName(entry.actor),
    what: whatHappened(entry),
    changes: changesOf(entry.before, entry.after).filter((change) => !said.includes(change.field)),
  };
}
