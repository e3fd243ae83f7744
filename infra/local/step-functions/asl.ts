/**
 * The Amazon States Language, JSONPath flavour, as far as the local Step Functions runs it: the
 * pure parts (paths, payload templates, Choice rules, Retry and Catch matching) with no timers,
 * no I/O and no executions, so each rule is unit-tested against what the AWS documentation says.
 *
 * Supported: Task, Pass, Choice, Wait, Succeed, Fail and Parallel states; InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath; reference paths (`$`, `$.a.b`, `$['a']`, `$.a[0]`, and
 * `$$.` for the context object). Not supported (rejected when a definition is loaded, so a
 * definition that uses them fails at start and not mid-cycle): Map, JSONata, intrinsic functions.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

export interface AslState {
  Type: 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel';
  Next?: string;
  End?: boolean;
  InputPath?: string | null;
  OutputPath?: string | null;
  ResultPath?: string | null;
  Parameters?: Json;
  ResultSelector?: Json;
  Result?: Json;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Choices?: ChoiceRule[];
  Default?: string;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Error?: string;
  Cause?: string;
  Branches?: AslMachine[];
}

export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

export type ChoiceRule = { Next?: string; And?: ChoiceRule[]; Or?: ChoiceRule[]; Not?: ChoiceRule; Variable?: string } & Record<string, unknown>;

/** An error as a state sees it: the name Retry and Catch match, and its cause. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string = '',
  ) {
    super(cause || error);
    this.name = error;
  }
}

export const RUNTIME_ERROR = 'States.Runtime';
export const TIMEOUT_ERROR = 'States.Timeout';

const runtime = (message: string) => new StatesError(RUNTIME_ERROR, message);

// --- definitions ----------------------------------------------------------------------------

const STATE_TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel']);

/**
 * Checks that a definition stays within what this runner supports and that every transition
 * lands on a state, and returns it typed. Throws an Error listing every problem.
 */
export function loadDefinition(definition: unknown): AslMachine {
  const problems: string[] = [];
  const visit = (machine: unknown, where: string) => {
    if (!isObject(machine) || typeof machine.StartAt !== 'string' || !isObject(machine.States)) {
      problems.push(`${where}: needs StartAt and States`);
      return;
    }
    if (machine.QueryLanguage === 'JSONata') problems.push(`${where}: JSONata is not supported`);
    const states = machine.States;
    if (!(machine.StartAt in states)) problems.push(`${where}: StartAt ${machine.StartAt} is not a state`);
    for (const [name, state] of Object.entries(states)) {
      const at = `${where}.${name}`;
      if (!isObject(state) || typeof state.Type !== 'string' || !STATE_TYPES.has(state.Type)) {
        problems.push(`${at}: type ${isObject(state) ? String(state.Type) : '?'} is not supported`);
        continue;
      }
      const targets = [state.Next, state.Default, ...asArray(state.Catch).map((c) => (isObject(c) ? c.Next : undefined))];
      if (state.Type === 'Choice') targets.push(...asArray(state.Choices).map((c) => (isObject(c) ? c.Next : undefined)));
      for (const target of targets) {
        if (target !== undefined && (typeof target !== 'string' || !(target in states))) problems.push(`${at}: transition to ${String(target)} is not a state`);
      }
      const ends = state.Type === 'Choice' || state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true;
      if (!ends && typeof state.Next !== 'string') problems.push(`${at}: needs Next or End`);
      for (const key of ['Parameters', 'ResultSelector'] as const) {
        for (const path of templatePaths(state[key])) {
          if (!isReferencePath(path)) problems.push(`${at}.${key}: ${path} is not a reference path (intrinsic functions are not supported)`);
        }
      }
      for (const key of ['InputPath', 'OutputPath', 'ResultPath', 'TimeoutSecondsPath', 'SecondsPath', 'TimestampPath'] as const) {
        const path = state[key];
        if (typeof path === 'string' && !isReferencePath(path)) problems.push(`${at}.${key}: ${path} is not a reference path`);
      }
      if (state.Type === 'Parallel') asArray(state.Branches).forEach((branch, index) => visit(branch, `${at}[${index}]`));
    }
  };
  visit(definition, '$');
  if (problems.length > 0) throw new Error(`Unsupported state machine definition:\n${problems.join('\n')}`);
  return definition as AslMachine;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function templatePaths(template: unknown): string[] {
  if (Array.isArray(template)) return template.flatMap(templatePaths);
  if (!isObject(template)) return [];
  return Object.entries(template).flatMap(([key, value]) => (key.endsWith('.$') && typeof value === 'string' ? [value] : templatePaths(value)));
}

// --- paths ----------------------------------------------------------------------------------

type Segment = string | number;

const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\])/;

/** `$.a['b'][0]` → ['a', 'b', 0]; undefined when it is not a plain reference path. */
export function parsePath(path: string): { context: boolean; segments: Segment[] } | undefined {
  const context = path.startsWith('$$');
  let rest = path.slice(context ? 2 : 1);
  if (!path.startsWith('$')) return undefined;
  const segments: Segment[] = [];
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    segments.push(match[1] ?? (match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : Number(match[3])));
    rest = rest.slice(match[0].length);
  }
  return { context, segments };
}

export function isReferencePath(path: string): boolean {
  return parsePath(path) !== undefined;
}

/** The value at a reference path; States.Runtime when it does not exist, as in AWS. */
export function readPath(input: Json, path: string, context: Json = null): Json {
  const found = tryReadPath(input, path, context);
  if (!found.present) throw runtime(`The path ${path} matches nothing in the input`);
  return found.value;
}

export function tryReadPath(input: Json, path: string, context: Json = null): { present: true; value: Json } | { present: false } {
  const parsed = parsePath(path);
  if (!parsed) throw runtime(`${path} is not a reference path`);
  let value: Json = parsed.context ? context : input;
  for (const segment of parsed.segments) {
    if (typeof segment === 'number' ? !Array.isArray(value) || segment >= value.length : !isObject(value) || !Object.hasOwn(value, segment)) {
      return { present: false };
    }
    value = (value as Record<string | number, Json>)[segment] as Json;
  }
  return { present: true, value };
}

/** InputPath / OutputPath: null gives `{}`, absent gives the whole value. */
export function selectPath(value: Json, path: string | null | undefined): Json {
  if (path === null) return {};
  if (path === undefined || path === '$') return value;
  return readPath(value, path);
}

/** ResultPath: where a result goes in the state's input (`null` discards it, `$` replaces the input). */
export function applyResultPath(input: Json, result: Json, path: string | null | undefined): Json {
  if (path === null) return input;
  if (path === undefined || path === '$') return result;
  const parsed = parsePath(path);
  if (!parsed || parsed.context || parsed.segments.some((segment) => typeof segment === 'number')) {
    throw runtime(`ResultPath ${path} must name object fields`);
  }
  const output: Json = isObject(input) ? structuredClone(input) : {};
  let target = output as JsonObject;
  const segments = parsed.segments as string[];
  for (const [index, segment] of segments.entries()) {
    if (index === segments.length - 1) {
      target[segment] = result;
    } else {
      const next = target[segment];
      if (next !== undefined && !isObject(next)) throw runtime(`ResultPath ${path}: ${segment} is not an object in the input`);
      target[segment] ??= {};
      target = target[segment] as JsonObject;
    }
  }
  return output;
}

/** Parameters / ResultSelector: keys ending in `.$` take the value at their path. */
export function applyTemplate(template: Json, input: Json, context: Json): Json {
  if (Array.isArray(template)) return template.map((item) => applyTemplate(item, input, context));
  if (!isObject(template)) return template;
  const output: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') output[key.slice(0, -2)] = readPath(input, value, context);
    else output[key] = applyTemplate(value, input, context);
  }
  return output;
}

// --- Choice ---------------------------------------------------------------------------------

type Comparison = (value: Json, operand: Json) => boolean;

const isTimestamp = (value: Json): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
const ordered = <T>(guard: (value: Json) => value is T & Json, key: (value: T) => number | string) => (test: (a: number | string, b: number | string) => boolean): Comparison => (value, operand) =>
  guard(value) && guard(operand) && test(key(value), key(operand));
const isString = (value: Json): value is string => typeof value === 'string';
const isNumber = (value: Json): value is number => typeof value === 'number';
const strings = ordered(isString, (value: string) => value);
const numbers = ordered(isNumber, (value: number) => value);
const timestamps = ordered(isTimestamp, (value: string) => Date.parse(value));
const relations = {
  Equals: (a: number | string, b: number | string) => a === b,
  LessThan: (a: number | string, b: number | string) => a < b,
  GreaterThan: (a: number | string, b: number | string) => a > b,
  LessThanEquals: (a: number | string, b: number | string) => a <= b,
  GreaterThanEquals: (a: number | string, b: number | string) => a >= b,
};

const COMPARISONS: Record<string, Comparison> = {
  BooleanEquals: (value, operand) => typeof value === 'boolean' && value === operand,
  StringMatches: (value, operand) => typeof value === 'string' && typeof operand === 'string' && wildcard(operand).test(value),
  IsNull: (value, operand) => (value === null) === operand,
  IsBoolean: (value, operand) => (typeof value === 'boolean') === operand,
  IsNumeric: (value, operand) => (typeof value === 'number') === operand,
  IsString: (value, operand) => (typeof value === 'string') === operand,
  IsTimestamp: (value, operand) => isTimestamp(value) === operand,
};
for (const [relation, test] of Object.entries(relations)) {
  COMPARISONS[`String${relation}`] = strings(test);
  COMPARISONS[`Numeric${relation}`] = numbers(test);
  COMPARISONS[`Timestamp${relation}`] = timestamps(test);
}

/** StringMatches: `*` is any run of characters, `\*` and `\\` are literal. */
function wildcard(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\' && index + 1 < pattern.length) source += pattern[++index]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (char === '*') source += '.*';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** Whether one Choice rule (with its And / Or / Not) matches the input. */
export function choiceMatches(rule: ChoiceRule, input: Json, context: Json = null): boolean {
  if (rule.And) return rule.And.every((inner) => choiceMatches(inner, input, context));
  if (rule.Or) return rule.Or.some((inner) => choiceMatches(inner, input, context));
  if (rule.Not) return !choiceMatches(rule.Not, input, context);
  if (typeof rule.Variable !== 'string') throw runtime('A Choice rule needs a Variable');
  const found = tryReadPath(input, rule.Variable, context);
  if ('IsPresent' in rule) return found.present === rule.IsPresent;
  for (const [operator, operand] of Object.entries(rule)) {
    if (operator === 'Variable' || operator === 'Next') continue;
    const byPath = operator.endsWith('Path');
    const comparison = COMPARISONS[byPath ? operator.slice(0, -4) : operator];
    if (!comparison) throw runtime(`Choice operator ${operator} is not supported`);
    // A variable that is absent matches no comparison (AWS fails the execution; IsPresent is the guard).
    if (!found.present) throw runtime(`Choice: ${rule.Variable} matches nothing in the input`);
    const against = byPath ? readPath(input, String(operand), context) : (operand as Json);
    return comparison(found.value, against);
  }
  throw runtime('A Choice rule needs a comparison');
}

/** The state a Choice goes to, or States.NoChoiceMatched. */
export function choose(state: AslState, input: Json, context: Json = null): string {
  for (const rule of state.Choices ?? []) {
    if (choiceMatches(rule, input, context)) return rule.Next!;
  }
  if (state.Default) return state.Default;
  throw new StatesError('States.NoChoiceMatched', 'No Choice rule matched and there is no Default');
}

// --- Retry and Catch ------------------------------------------------------------------------

/**
 * Whether an error name is matched by an ErrorEquals list. `States.ALL` matches any error and
 * `States.TaskFailed` any but a timeout; neither matches `States.Runtime`, which nothing
 * retries or catches.
 */
export function errorMatches(errorEquals: string[], error: string): boolean {
  if (error === RUNTIME_ERROR) return false;
  return errorEquals.some((name) => name === error || name === 'States.ALL' || (name === 'States.TaskFailed' && error !== TIMEOUT_ERROR));
}

/** The first retrier for the error, if it has attempts left (attempts already made by retrier index). */
export function retrierFor(retry: Retrier[] | undefined, error: string, attempts: number[]): number | undefined {
  const index = (retry ?? []).findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
  if (index < 0) return undefined;
  return (attempts[index] ?? 0) < (retry![index]!.MaxAttempts ?? 3) ? index : undefined;
}

/** The delay before retry number `attempt` (0-based) in ms; `random` in [0,1) for FULL jitter. */
export function retryDelayMs(retrier: Retrier, attempt: number, random = Math.random()): number {
  const base = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
  const capped = retrier.MaxDelaySeconds !== undefined ? Math.min(base, retrier.MaxDelaySeconds) : base;
  return Math.round((retrier.JitterStrategy === 'FULL' ? capped * random : capped) * 1000);
}

export function catcherFor(catches: Catcher[] | undefined, error: string): Catcher | undefined {
  return (catches ?? []).find((catcher) => errorMatches(catcher.ErrorEquals, error));
}
