import { describe, expect, it } from 'vitest';
import {
  applyResultPath,
  applyTemplate,
  catcherFor,
  choiceMatches,
  choose,
  errorMatches,
  loadDefinition,
  readPath,
  retrierFor,
  retryDelayMs,
  selectPath,
  type AslState,
} from '../../infra/local/step-functions/asl.ts';

describe('ASL paths and templates', () => {
  const input = { cycle: '2026-11', release: { cursor: 'abc', more: true }, items: [{ id: 'a' }], 'odd key': 1 };

  it('reads reference paths, and refuses a path that matches nothing', () => {
    expect(readPath(input, '$')).toBe(input);
    expect(readPath(input, '$.release.cursor')).toBe('abc');
    expect(readPath(input, "$['odd key']")).toBe(1);
    expect(readPath(input, '$.items[0].id')).toBe('a');
    expect(readPath(input, '$$.Task.Token', { Task: { Token: 't' } })).toBe('t');
    expect(() => readPath(input, '$.missing')).toThrow(expect.objectContaining({ error: 'States.Runtime' }));
  });

  it('builds Parameters from `.$` keys, nested, leaving other values as they are', () => {
    const template = { 'cycle.$': '$.cycle', Payload: { 'taskToken.$': '$$.Task.Token', fixed: [1, { 'x.$': '$.release.more' }] } };
    expect(applyTemplate(template, input, { Task: { Token: 'tok' } })).toEqual({ cycle: '2026-11', Payload: { taskToken: 'tok', fixed: [1, { x: true }] } });
  });

  it('places results with ResultPath: null keeps the input, $ replaces it, a path merges into a copy', () => {
    expect(applyResultPath(input, { x: 1 }, null)).toBe(input);
    expect(applyResultPath(input, { x: 1 }, '$')).toEqual({ x: 1 });
    const merged = applyResultPath(input, { more: false }, '$.release');
    expect(merged).toMatchObject({ cycle: '2026-11', release: { more: false } });
    expect(input.release.more).toBe(true);
    expect(applyResultPath({}, 'e', '$.error.detail')).toEqual({ error: { detail: 'e' } });
  });

  it('selects with InputPath/OutputPath: null gives {}', () => {
    expect(selectPath(input, null)).toEqual({});
    expect(selectPath(input, undefined)).toBe(input);
    expect(selectPath(input, '$.release')).toEqual({ cursor: 'abc', more: true });
  });
});

describe('ASL Choice rules', () => {
  const state: AslState = {
    Type: 'Choice',
    Choices: [
      { Variable: '$.collect.more', BooleanEquals: true, Next: 'Again' },
      { And: [{ Variable: '$.n', NumericGreaterThanEquals: 10 }, { Not: { Variable: '$.name', StringMatches: 'draft-*' } }], Next: 'Big' },
      { Variable: '$.at', TimestampLessThanPath: '$.deadline', Next: 'Early' },
      { Variable: '$.optional', IsPresent: true, Next: 'Present' },
    ],
    Default: 'Done',
  };

  it('goes to the first matching rule, else Default', () => {
    expect(choose(state, { collect: { more: true } })).toBe('Again');
    expect(choose(state, { collect: { more: false }, n: 12, name: 'final' })).toBe('Big');
    expect(choose(state, { collect: { more: false }, n: 12, name: 'draft-1', at: '2026-11-01T00:00:00Z', deadline: '2026-11-02T00:00:00Z' })).toBe('Early');
    expect(choose(state, { collect: { more: false }, n: 1, name: 'x', at: '2026-11-03T00:00:00Z', deadline: '2026-11-02T00:00:00Z', optional: null })).toBe('Present');
    expect(choose(state, { collect: { more: false }, n: 1, name: 'x', at: '2026-11-03T00:00:00Z', deadline: '2026-11-02T00:00:00Z' })).toBe('Done');
  });

  it('fails with States.NoChoiceMatched without a Default, and never compares across types', () => {
    expect(() => choose({ Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x', Next: 'X' }] }, { a: 'y' })).toThrow(
      expect.objectContaining({ error: 'States.NoChoiceMatched' }),
    );
    expect(choiceMatches({ Variable: '$.a', NumericEquals: 1 }, { a: '1' })).toBe(false);
    expect(choiceMatches({ Variable: '$.a', StringMatches: 'a\\*b' }, { a: 'a*b' })).toBe(true);
    expect(choiceMatches({ Variable: '$.a', StringMatches: 'a\\*b' }, { a: 'axb' })).toBe(false);
  });
});

describe('ASL Retry and Catch', () => {
  it('matches errors as AWS does: TaskFailed is not a timeout, nothing matches States.Runtime', () => {
    expect(errorMatches(['States.TaskFailed'], 'Lambda.ServiceException')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['States.ALL'], 'States.Timeout')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(catcherFor([{ ErrorEquals: ['CycleAlreadyOpen'], Next: 'A' }, { ErrorEquals: ['States.ALL'], Next: 'B' }], 'CycleAlreadyOpen')?.Next).toBe('A');
  });

  it('retries while attempts remain, with backoff, a cap and full jitter', () => {
    const retry = [{ ErrorEquals: ['Throttled'], MaxAttempts: 2 }, { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 10 }];
    expect(retrierFor(retry, 'Throttled', [])).toBe(0);
    expect(retrierFor(retry, 'Throttled', [2])).toBeUndefined();
    expect(retrierFor(retry, 'Other', [2])).toBe(1);
    expect([0, 1, 2].map((attempt) => retryDelayMs(retry[1]!, attempt))).toEqual([2000, 6000, 10_000]);
    expect(retryDelayMs({ ErrorEquals: [], IntervalSeconds: 4, JitterStrategy: 'FULL' }, 0, 0.25)).toBe(1000);
  });
});

describe('loading a definition', () => {
  it('accepts the supported language and lists every problem of the rest', () => {
    expect(() => loadDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } })).not.toThrow();
    const error = (() => {
      try {
        loadDefinition({
          StartAt: 'A',
          States: {
            A: { Type: 'Map', End: true },
            B: { Type: 'Task', Resource: 'arn:x', Parameters: { 'v.$': 'States.Format($.a)' }, Next: 'Nowhere' },
          },
        });
      } catch (caught) {
        return String(caught);
      }
      return '';
    })();
    expect(error).toContain('type Map is not supported');
    expect(error).toContain('transition to Nowhere is not a state');
    expect(error).toContain('intrinsic functions are not supported');
  });
});
