import type { z } from 'zod';
import { AREAS } from './areas.ts';
import { INITIAL_CRITERIA } from './criteria.ts';
import { AppError, type FieldError } from './errors.ts';
import {
  AMBITION_LABELS,
  BRANCH_LABELS,
  CHANNEL_LABELS,
  COMMITMENT_STATUS_LABELS,
  GOVERNMENT_LEVEL_LABELS,
  LANGUAGE_LABELS,
  MEMBER_KIND_LABELS,
  MEMBER_TYPE_LABELS,
  MODERATION_DECISION_LABELS,
  OUTCOME_LABELS,
  PARTNER_KIND_LABELS,
  PUBLIC_LEVEL_LABELS,
  REGION_LABELS,
  SUBMISSION_STATUS_LABELS,
  VALUE_LABELS,
  VERDICT_LABELS,
} from './labels.ts';
import type { Language, Localized } from './language.ts';
import { PUBLIC_LEVEL } from './members.ts';
import { MESSAGES, message, type MessageKey } from './messages.ts';
import { PATTERN_MESSAGES } from './schemas.ts';

/**
 * zod issues in words a person reads, in en/fr/es. This replaces zod's locales entirely: their
 * wording is the validator's ("Invalid option: expected one of …", "Inválido dirección de correo
 * electrónico"), and an enum's ids must reach a reader as their labels. No Node API here: the public
 * site bundles this module to validate its forms with the same schemas and the same words.
 */

type Catalog = Readonly<Record<string, Localized>>;

/**
 * Every label catalog an enum of the contract can draw its values from. An enum is matched to the
 * catalog with exactly its values, else to the smallest catalog holding them all, else each value
 * to the first catalog that knows it; ids shared by two catalogs ("national") are read right that way.
 */
const ENUM_CATALOGS: readonly Catalog[] = [
  Object.fromEntries(AREAS.map((area) => [area.id, area.name])),
  Object.fromEntries(INITIAL_CRITERIA.criteria.map((criterion) => [criterion.id, criterion.name])),
  MEMBER_KIND_LABELS,
  MEMBER_TYPE_LABELS,
  // The tracker's level filter takes the export's words and the member-type ids alike: one option each.
  {
    ...PUBLIC_LEVEL_LABELS,
    ...Object.fromEntries(Object.entries(PUBLIC_LEVEL).map(([memberType, level]) => [memberType, PUBLIC_LEVEL_LABELS[level]])),
  },
  GOVERNMENT_LEVEL_LABELS,
  CHANNEL_LABELS,
  BRANCH_LABELS,
  PARTNER_KIND_LABELS,
  VALUE_LABELS,
  COMMITMENT_STATUS_LABELS,
  REGION_LABELS,
  PUBLIC_LEVEL_LABELS,
  LANGUAGE_LABELS,
  OUTCOME_LABELS,
  AMBITION_LABELS,
  VERDICT_LABELS,
  SUBMISSION_STATUS_LABELS,
  MODERATION_DECISION_LABELS,
];

const QUOTES: Record<Language, (text: string) => string> = {
  en: (text) => `“${text}”`,
  fr: (text) => `«\u00a0${text}\u00a0»`,
  es: (text) => `«${text}»`,
};

function catalogFor(values: readonly string[]): Catalog | undefined {
  const holding = ENUM_CATALOGS.filter((catalog) => values.every((value) => Object.hasOwn(catalog, value)));
  const exact = holding.find((catalog) => Object.keys(catalog).length === values.length);
  return exact ?? [...holding].sort((a, b) => Object.keys(a).length - Object.keys(b).length)[0];
}

/** What a reader sees for each value of an enum: its label, or — for a value no catalog knows — the value quoted. */
export function optionLabels(values: readonly unknown[], language: Language): string[] {
  const texts = values.map(String);
  const catalog = catalogFor(texts);
  const labels = texts.map((value) => {
    const label = catalog?.[value] ?? ENUM_CATALOGS.find((candidate) => Object.hasOwn(candidate, value))?.[value];
    return label ? label[language] : QUOTES[language](value);
  });
  return [...new Set(labels)];
}

const FORMAT_MESSAGES: Partial<Record<string, MessageKey>> = {
  email: 'email',
  url: 'url',
  date: 'date',
  datetime: 'dateTime',
};

const TYPE_MESSAGES: Partial<Record<string, MessageKey>> = {
  string: 'expectedText',
  number: 'expectedNumber',
  int: 'expectedWholeNumber',
  boolean: 'expectedYesNo',
  array: 'expectedList',
  object: 'expectedGroup',
};

const isCustomKey = (key: unknown): key is MessageKey => typeof key === 'string' && Object.hasOwn(MESSAGES, key);

/** The message of one issue, as zod hands it to an error map (before it strips `input`). */
export function issueMessage(issue: z.core.$ZodRawIssue, language: Language): string {
  const say = (key: MessageKey, params?: Parameters<typeof message>[2]) => message(key, language, params);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return say('required');
      return say(TYPE_MESSAGES[issue.expected] ?? 'invalidValue');
    case 'invalid_value':
      // zod reports a missing enum or literal as a wrong value: to a reader, it is a missing answer.
      if (issue.input === undefined) return say('required');
      if (issue.values.length === 1) return say('mustBe', { value: optionLabels(issue.values, language)[0]! });
      return say('chooseOne', { options: optionLabels(issue.values, language).join(', ') });
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return say('tooLongText', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return max === 1 ? say('tooManyItemsOne') : say('tooManyItems', { max });
      if (issue.origin === 'number' || issue.origin === 'bigint') return say('tooBigNumber', { max });
      return say('invalidValue');
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? say('blank') : say('tooShortText', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? say('tooFewItemsOne') : say('tooFewItems', { min });
      if (issue.origin === 'number' || issue.origin === 'bigint') return say('tooSmallNumber', { min });
      return say('invalidValue');
    }
    case 'invalid_format': {
      const patternKey = issue.format === 'regex' && 'pattern' in issue ? PATTERN_MESSAGES.get(String(issue.pattern)) : undefined;
      return say(patternKey ?? FORMAT_MESSAGES[issue.format] ?? 'format');
    }
    case 'not_multiple_of':
      return say('notMultiple', { divisor: Number(issue.divisor) });
    case 'unrecognized_keys':
      return say('unknownField');
    case 'invalid_key':
    case 'invalid_element':
      return say('invalidEntry');
    case 'custom': {
      const key = issue.params?.key;
      return isCustomKey(key) ? say(key) : say('invalidValue');
    }
    default:
      return say('invalidValue');
  }
}

const errorMap =
  (language: Language): z.core.$ZodErrorMap =>
  (issue) =>
    issueMessage(issue, language);

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

export function toFieldErrors(issues: readonly z.core.$ZodIssue[], language: Language): FieldError[] {
  return issues.flatMap((issue) => {
    // One entry per unknown key, so the path names the offending field itself.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: message('unknownField', language) }));
    }
    return [{ path: pathOf(issue.path), message: issue.message }];
  });
}

/** Parses with messages in the caller's language; throws `validation_failed` with every field path. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown, language: Language): z.output<Schema> {
  const result = schema.safeParse(input, { error: errorMap(language) });
  if (result.success) return result.data;
  throw new AppError('validation_failed', { key: 'validationFailed' }, toFieldErrors(result.error.issues, language));
}
