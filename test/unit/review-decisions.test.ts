import { describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { failedCriteria, isPromising, releasedOutcome, type Decision } from '../../shared/domain/decision.ts';
import { AppError } from '../../shared/domain/errors.ts';
import { decisionRequestSchema } from '../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { SummaryTally } from '../../shared/review/release.ts';
import type { CycleResult } from '../../shared/store/review-store.ts';

const allPass = Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass']));
const decision = (overrides: Record<string, unknown> = {}) => ({
  outcome: 'eligible',
  criteria: allPass,
  area: 'public-participation',
  ambition: 'substantial',
  rationale: 'Clear milestones and a public owner.',
  ...overrides,
});

function fieldErrors(input: unknown, language: 'en' | 'fr' = 'en') {
  try {
    parseOrThrow(decisionRequestSchema, input, language);
  } catch (error) {
    return (error as AppError).fields ?? [];
  }
  return [];
}

describe('decision requests', () => {
  it('accept an eligible decision with every criterion passing', () => {
    expect(fieldErrors(decision())).toEqual([]);
  });

  it('refuse an eligible outcome with a failing criterion', () => {
    expect(fieldErrors(decision({ criteria: { ...allPass, 'within-period': 'fail' } }))).toEqual([
      { path: 'outcome', message: 'An eligible outcome needs every criterion to be met' },
    ]);
  });

  it('refuse a not-eligible outcome without a failing criterion', () => {
    expect(fieldErrors(decision({ outcome: 'not-eligible' })).map((field) => field.path)).toEqual(['criteria']);
  });

  it('require a question exactly for needs-info, in the reviewer language', () => {
    expect(fieldErrors(decision({ outcome: 'needs-info' }), 'fr')).toEqual([
      { path: 'question', message: 'Rédigez la question à poser à la personne qui a soumis la réforme' },
    ]);
    expect(fieldErrors(decision({ outcome: 'needs-info', question: 'Which agency owns the register?' }))).toEqual([]);
    expect(fieldErrors(decision({ question: 'Why?' })).map((field) => field.path)).toEqual(['question']);
  });

  it('refuse needs-judgement as a verdict, unknown criteria and unknown fields', () => {
    const paths = fieldErrors(decision({ criteria: { ...allPass, 'thematic-relevance': 'needs-judgement', novelty: 'pass' }, reviewer: 'x' })).map(
      (field) => field.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['criteria.thematic-relevance', 'criteria.novelty', 'reviewer']));
  });
});

const stored = (overrides: Partial<Decision> = {}): Decision => ({
  ...(decision() as Pick<Decision, 'outcome' | 'criteria' | 'area' | 'ambition' | 'rationale'>),
  reference: 'OGC-2026-11-0001',
  cycle: '2026-11',
  originalArea: 'civic-space',
  promising: true,
  decidedBy: 'reviewer@example.org',
  decidedAt: '2026-12-10T10:00:00.000Z',
  revision: 1,
  ...overrides,
});

describe('decisions', () => {
  it('mark promising only substantial ambition with co-creation', () => {
    expect(isPromising('substantial', true)).toBe(true);
    expect(isPromising('substantial', false)).toBe(false);
    expect(isPromising('modest', true)).toBe(false);
  });

  it('tell the submitter the outcome and the failing criteria, never the rationale', () => {
    const notEligible = stored({ outcome: 'not-eligible', criteria: { ...allPass, 'public-ownership': 'fail', 'within-period': 'fail' } as Decision['criteria'] });
    expect(failedCriteria(notEligible.criteria)).toEqual(['public-ownership', 'within-period']);
    const outcome = releasedOutcome(notEligible, '2026-12-23T10:00:00.000Z');
    expect(outcome).toEqual({
      cycle: '2026-11',
      outcome: 'not-eligible',
      area: 'public-participation',
      failedCriteria: ['public-ownership', 'within-period'],
      releasedAt: '2026-12-23T10:00:00.000Z',
    });
    expect(JSON.stringify(outcome)).not.toContain('rationale');
    expect(releasedOutcome(stored({ outcome: 'needs-info', question: 'Who leads?' }), 'x').question).toBe('Who leads?');
  });
});

describe('cycle summaries', () => {
  const result = (overrides: Partial<CycleResult>): CycleResult => ({
    cycle: '2026-11',
    reference: 'OGC-2026-11-0001',
    result: 'eligible',
    area: 'justice',
    originalArea: 'justice',
    promising: false,
    at: '2026-12-23T10:00:00.000Z',
    ...overrides,
  });

  it('count outcomes by area, list re-tags, promising reforms and carry-overs', () => {
    const summary = new SummaryTally()
      .add([
        result({ reference: 'OGC-2026-11-0001', promising: true }),
        result({ reference: 'OGC-2026-11-0002', result: 'not-eligible', area: 'civic-space', originalArea: 'justice' }),
        result({ reference: 'OGC-2026-11-0003', result: 'needs-info' }),
        result({ reference: 'OGC-2026-11-0004', result: 'carried-over', area: 'civic-space', originalArea: 'civic-space' }),
      ])
      .summary(1);
    expect(summary.counts).toEqual({ eligible: 1, notEligible: 1, needsInfo: 1, carriedOver: 1, withdrawn: 1, retagged: 1, promising: 1 });
    expect(summary.byArea).toEqual([
      { area: 'Civic Space', eligible: 0, notEligible: 1, needsInfo: 0, carriedOver: 1 },
      { area: 'Justice', eligible: 1, notEligible: 0, needsInfo: 1, carriedOver: 0 },
    ]);
    expect(summary.retags).toEqual([{ reference: 'OGC-2026-11-0002', from: 'Justice', to: 'Civic Space' }]);
    expect(summary.promising).toEqual(['OGC-2026-11-0001']);
    expect(summary.carriedOverReferences).toEqual(['OGC-2026-11-0004']);
  });
});
