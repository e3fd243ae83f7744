import { describe, expect, it } from 'vitest';
import { duplicateKey, normalizeTitle, screen, screeningSubjectSchema, type ScreeningContext } from '../../shared/domain/screening.ts';
import { validSubmission } from '../support/fixtures.ts';

const context: ScreeningContext = { today: '2026-12-01', period: { startYear: 2023, endYear: 2028 } };
const subject = (overrides: Record<string, unknown> = {}) => screeningSubjectSchema.parse(validSubmission(overrides));

describe('automatic screening', () => {
  it('passes what can be checked and leaves thematic relevance to a reviewer', () => {
    const result = screen(subject(), context);
    expect(result['thematic-relevance']).toEqual({ verdict: 'needs-judgement', reason: expect.stringContaining('Digital Governance') });
    expect(result['ongoing-or-planned'].verdict).toBe('pass');
    expect(result['ongoing-or-planned'].reason).toContain('2027-06-30');
    expect(result['open-government-values'].verdict).toBe('pass');
    expect(result['public-ownership'].verdict).toBe('pass');
    expect(result['within-period'].verdict).toBe('pass');
  });

  it('fails an area that is not a Challenge area', () => {
    expect(screen(subject({ area: 'space-exploration' }), context)['thematic-relevance'].verdict).toBe('fail');
  });

  it('fails work with no milestone due after the screening date', () => {
    const past = subject({ milestones: [{ description: 'Done', deliverable: 'Report', dueDate: '2026-12-01' }] });
    const result = screen(past, context)['ongoing-or-planned'];
    expect(result.verdict).toBe('fail');
    expect(result.reason).toContain('No milestone is due after 2026-12-01');
  });

  it('fails completed work and statuses other than planned or ongoing', () => {
    expect(screen(subject({ endDate: '2026-11-30' }), context)['ongoing-or-planned'].verdict).toBe('fail');
    expect(screen(subject({ status: 'completed' }), context)['ongoing-or-planned'].verdict).toBe('fail');
  });

  it('judges open-government values: none fails, one without co-creation needs judgement', () => {
    expect(screen(subject({ values: [] }), context)['open-government-values'].verdict).toBe('fail');
    expect(screen(subject({ values: ['transparency'], coCreated: false }), context)['open-government-values'].verdict).toBe('needs-judgement');
    expect(screen(subject({ values: ['transparency'], coCreated: true }), context)['open-government-values'].verdict).toBe('pass');
    expect(screen(subject({ values: ['transparency', 'civic-participation'], coCreated: false }), context)['open-government-values'].verdict).toBe('pass');
  });

  it('fails a lead institution that is not public', () => {
    const result = screen(subject({ leadInstitution: { name: 'A foundation', isPublic: false } }), context);
    expect(result['public-ownership'].verdict).toBe('fail');
  });

  it('fails work that starts before or ends after the Challenge period', () => {
    expect(screen(subject({ startDate: '2022-09-01' }), context)['within-period']).toEqual({
      verdict: 'fail',
      reason: expect.stringContaining('before the Challenge period 2023–2028'),
    });
    expect(screen(subject({ endDate: '2029-01-31' }), context)['within-period'].verdict).toBe('fail');
    expect(screen(subject({ endDate: '2029-01-31' }), { ...context, period: { startYear: 2023, endYear: 2030 } })['within-period'].verdict).toBe('pass');
  });
});

describe('duplicate keys', () => {
  it('ignore case, accents, punctuation and spacing', () => {
    expect(normalizeTitle('  Publier le Registre des Algorithmes ! ')).toBe('publier le registre des algorithmes');
    expect(duplicateKey('kenya', 'Open register of public algorithms')).toBe(duplicateKey('kenya', 'OPEN register of public algorithms.'));
    expect(duplicateKey('kenya', 'Accès à l’information')).toBe(duplicateKey('kenya', 'acces a l information'));
  });

  it('differ between members and between titles', () => {
    expect(duplicateKey('kenya', 'Open register')).not.toBe(duplicateKey('ghana', 'Open register'));
    expect(duplicateKey('kenya', 'Open register')).not.toBe(duplicateKey('kenya', 'Open registers'));
  });
});
