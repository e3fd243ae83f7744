import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from '../../console/src/audit.ts';
import { decisionErrorSentences } from '../../console/src/decision-errors.ts';
import { submissionsCsv, summarizeCycle, summaryCsv } from '../../console/src/cycle-summary.ts';
import { DEFAULT_STATE, pageOf, readTableState, selectRows, toRow, withDecision, writeTableState, type TableState } from '../../console/src/cycle-table.ts';
import { cycleRowSchema, summarizeScreening, type CycleRow } from '../../shared/domain/cycle-row.ts';
import { decisionRequestSchema } from '../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { AppError } from '../../shared/domain/errors.ts';

/** The console's logic without a browser: the table's model, the audit sentences, the summary, decision errors. */

const JUDGEMENT = { verdict: 'needs-judgement', met: 4, notMet: 0, judgement: 1 } as const;

/** A row as `GET /v1/review/cycles/{cycle}/rows` lists it. */
function listed(reference: string, overrides: Partial<Record<keyof CycleRow, unknown>> = {}): CycleRow {
  return cycleRowSchema.parse({
    reference,
    status: 'in-review',
    version: 3,
    title: `Reform ${reference}`,
    member: { id: 'kenya', name: 'Kenya', region: 'africa-middle-east' },
    area: 'justice',
    language: 'en',
    place: 'Kenya',
    institution: 'Office of the Data Protection Commissioner',
    submitter: { name: 'Ama', email: 'ama@example.org' },
    screening: JUDGEMENT,
    duplicateOf: null,
    decision: null,
    ...overrides,
  });
}

const decided = (outcome: string, extra: Record<string, unknown> = {}) => ({
  decision: { outcome, area: 'justice', promising: false, decidedBy: 'rosa@example.org', decidedAt: '2026-12-02T10:00:00.000Z', ...extra },
});

const rows = [
  toRow(listed('OGC-2026-11-0001', { title: 'Budget ouvert à Dakar', member: { id: 'senegal', name: 'Senegal', region: 'africa-middle-east' }, submitter: { name: 'Awa', email: 'awa@example.org' } })),
  toRow(listed('OGC-2026-11-0002', { ...decided('eligible', { area: 'anti-corruption', promising: true }), member: { id: 'chile', name: 'Chile', region: 'americas' } })),
  toRow(listed('OGC-2026-11-0010', { ...decided('not-eligible'), duplicateOf: 'OGC-2026-10-0007', member: { id: 'chile', name: 'Chile', region: 'americas' } })),
  toRow(listed('OGC-2026-11-0003', { screening: summarizeScreening(undefined), undeliverable: { address: 'ama@example.org', reason: 'bounce', at: '2026-12-01T08:00:00.000Z' } })),
];
const state = (change: Partial<TableState>): TableState => ({ ...DEFAULT_STATE, ...change });
const references = (selected: { reference: string }[]) => selected.map((row) => row.reference);

describe('the cycle table', () => {
  it('keeps its state in the query string, defaults left out, nonsense ignored', () => {
    const custom = state({ q: 'dakar', area: 'justice', decision: 'undecided', duplicates: true, sort: 'member', dir: 'desc', page: 3 });
    expect(readTableState(writeTableState(custom))).toEqual(custom);
    expect(writeTableState(DEFAULT_STATE).toString()).toBe('');
    expect(readTableState(new URLSearchParams('sort=evil&dir=sideways&page=-2&decision=maybe'))).toEqual(DEFAULT_STATE);
  });

  it('searches without regard to case or accents, over title, member and submitter', () => {
    expect(references(selectRows(rows, state({ q: 'OUVERT a dakar' })))).toEqual(['OGC-2026-11-0001']);
    expect(references(selectRows(rows, state({ q: 'chile' })))).toEqual(['OGC-2026-11-0002', 'OGC-2026-11-0010']);
    expect(selectRows(rows, state({ q: 'ama@example.org' }))).toHaveLength(3);
  });

  it('filters by area as decided, region, screening, decision and duplicate flag', () => {
    expect(references(selectRows(rows, state({ area: 'anti-corruption' })))).toEqual(['OGC-2026-11-0002']);
    expect(references(selectRows(rows, state({ region: 'americas', decision: 'not-eligible' })))).toEqual(['OGC-2026-11-0010']);
    expect(references(selectRows(rows, state({ screening: 'none' })))).toEqual(['OGC-2026-11-0003']);
    expect(references(selectRows(rows, state({ duplicates: true })))).toEqual(['OGC-2026-11-0010']);
    expect(references(selectRows(rows, state({ decision: 'undecided' })))).toEqual(['OGC-2026-11-0001', 'OGC-2026-11-0003']);
  });

  it('sorts numerically by reference, and by any column both ways with a stable tie-break', () => {
    expect(references(selectRows(rows, DEFAULT_STATE))).toEqual(['OGC-2026-11-0001', 'OGC-2026-11-0002', 'OGC-2026-11-0003', 'OGC-2026-11-0010']);
    expect(references(selectRows(rows, state({ sort: 'member' })))).toEqual(['OGC-2026-11-0002', 'OGC-2026-11-0010', 'OGC-2026-11-0003', 'OGC-2026-11-0001']);
    expect(references(selectRows(rows, state({ sort: 'decision', dir: 'desc' })))[0]).toBe('OGC-2026-11-0002');
  });

  it('searches the institution and the place too, and carries the undeliverable mark', () => {
    expect(selectRows(rows, state({ q: 'data protection' }))).toHaveLength(4);
    expect(rows.filter((row) => row.undeliverable).map((row) => row.reference)).toEqual(['OGC-2026-11-0003']);
    expect(rows[0]?.undeliverable).toBeNull();
  });

  it('takes a decision recorded in the page: outcome, re-tag, reviewer and the new version', () => {
    const before = rows[0]!;
    const after = withDecision(
      before,
      { outcome: 'needs-info', criteria: {}, area: 'digital-governance', rationale: '', promising: false, decidedBy: 'ren@example.org', decidedAt: '2026-12-03T09:00:00.000Z' },
      4,
    );
    expect(after).toMatchObject({ decision: 'needs-info', area: 'digital-governance', retaggedFrom: 'justice', reviewer: 'ren@example.org' });
    expect(after.listed.version).toBe(4);
    expect(before.decision).toBe('undecided');
    expect(references(selectRows([after], state({ decision: 'needs-info', area: 'digital-governance' })))).toEqual(['OGC-2026-11-0001']);
  });

  it('pages, clamping a page past the end', () => {
    const many = Array.from({ length: 60 }, (_, index) => index);
    expect(pageOf(many, 3)).toEqual({ rows: many.slice(50, 60), page: 3, pages: 3 });
    expect(pageOf(many, 9).page).toBe(3);
    expect(pageOf([], 1)).toEqual({ rows: [], page: 1, pages: 1 });
  });
});

describe('the audit trail as sentences', () => {
  it('says who revised what, before → after, in words', () => {
    const sentence = describeAuditEntry({
      at: '2026-12-02T10:00:00Z',
      actor: 'ren@example.org',
      action: 'decision-revised',
      before: { outcome: 'eligible', area: 'justice', criteria: { 'public-ownership': 'pass' }, rationale: 'Fine.' },
      after: { outcome: 'needs-info', area: 'justice', criteria: { 'public-ownership': 'fail' }, rationale: 'Fine.', question: 'Who owns it?' },
      detail: { cycle: '2026-11', revision: 2 },
    });
    expect(sentence.who).toBe('ren@example.org');
    expect(sentence.what).toBe('revised the decision (revision 2)');
    expect(sentence.changes).toEqual([
      { field: 'Outcome', before: 'Eligible', after: 'More information needed' },
      { field: 'Criterion “Public ownership”', before: 'Met', after: 'Not met' },
      { field: 'Question', before: '—', after: 'Who owns it?' },
    ]);
  });

  it('names the workflow and the submitter, and never shows an id or JSON', () => {
    const collected = describeAuditEntry({
      at: '2026-12-01T06:00:00Z',
      actor: 'system',
      action: 'collected',
      before: { status: 'awaiting-review' },
      after: { status: 'in-review', cycle: '2026-11' },
      detail: { screening: { a: 'pass', b: 'needs-judgement' }, duplicateOf: 'OGC-2026-10-0001' },
    });
    expect(collected.who).toBe('The review run');
    expect(collected.what).toBe('collected it into cycle 2026-11 and screened it: 1 met, 0 not met, 1 to judge; it may duplicate OGC-2026-10-0001');
    const retag = describeAuditEntry({ at: 'x', actor: 'rosa@example.org', action: 're-tagged', before: { area: 'digital-governance' }, after: { area: 'justice' } });
    expect(retag.what).toBe('re-tagged it from Digital Governance to Justice');
    expect(retag.changes).toEqual([]);
    const withdrawn = describeAuditEntry({ at: 'x', actor: 'submitter', action: 'withdrawn', before: { status: 'in-review' }, after: { status: 'withdrawn' } });
    expect(`${withdrawn.who} ${withdrawn.what}`).toBe('The submitter withdrew the submission');
    expect(withdrawn.changes).toEqual([{ field: 'Status', before: 'In review', after: 'Withdrawn' }]);
    for (const sentence of [collected, retag, withdrawn]) {
      const words = [sentence.what, ...sentence.changes.flatMap((change) => [change.field, change.before, change.after])].join(' ');
      expect(words).not.toMatch(/[{}"]|needs-judgement|in-review/);
    }
  });
});

describe('the cycle summary', () => {
  it('counts by outcome and area, and lists re-tags, undecided and promising submissions', () => {
    const summary = summarizeCycle(rows);
    expect(summary.byOutcome).toEqual({ eligible: 1, 'not-eligible': 1, 'needs-info': 0, undecided: 2 });
    expect(summary.byArea.map((area) => [area.area, area.total])).toEqual([
      ['anti-corruption', 1],
      ['justice', 3],
    ]);
    expect(summary.retags).toEqual([{ reference: 'OGC-2026-11-0002', title: 'Reform OGC-2026-11-0002', from: 'justice', to: 'anti-corruption' }]);
    expect(summary.promising.map((entry) => entry.reference)).toEqual(['OGC-2026-11-0002']);
    expect(summary.undecided.map((entry) => entry.reference)).toEqual(['OGC-2026-11-0001', 'OGC-2026-11-0003']);
  });

  it('exports CSV with names, and "carried over" once released', () => {
    const open = summaryCsv(summarizeCycle(rows), false).split('\r\n');
    expect(open[0]).toBe('Area,Eligible,Not eligible,More information needed,Undecided,Total');
    expect(open).toContain('Justice,0,1,0,2,3');
    expect(open).toContain('All areas,1,1,0,2,4');
    expect(summaryCsv(summarizeCycle(rows), true).split('\r\n')[0]).toContain('Carried over');
    const lines = submissionsCsv(rows, true).split('\r\n');
    expect(lines[2]).toBe('OGC-2026-11-0002,Reform OGC-2026-11-0002,Chile,Justice,Anti-Corruption,yes,Eligible,yes,rosa@example.org');
  });
});

describe('decision errors', () => {
  it('name each choice left empty, and keep the rules as the schema words them', () => {
    const body = { criteria: { 'thematic-relevance': 'pass' as const }, outcome: 'eligible' as const, rationale: '' };
    let fields: { path: string; message: string }[] = [];
    try {
      parseOrThrow(decisionRequestSchema, body, 'en');
    } catch (error) {
      if (error instanceof AppError) fields = decisionErrorSentences(body, error.fields ?? []);
    }
    const byPath = new Map(fields.map((field) => [field.path, field.message]));
    expect(byPath.get('criteria.public-ownership')).toBe('Choose whether “Public ownership” is met or not met.');
    expect(byPath.get('ambition')).toBe('Choose the ambition on the IRM scale.');
    expect(byPath.get('area')).toBe('Choose the Challenge area.');
    expect(byPath.get('rationale')).toBe('Write the rationale: it stays in the audit trail for the Support Unit.');
    for (const field of fields) expect(field.message).toMatch(/^[A-Z].*[.!?]$/);
  });
});
