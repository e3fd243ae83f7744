import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import zodEn from 'zod/v4/locales/en.js';
import zodEs from 'zod/v4/locales/es.js';
import zodFr from 'zod/v4/locales/fr.js';
import { AREA_IDS } from '../../shared/domain/areas.ts';
import { AppError } from '../../shared/domain/errors.ts';
import { LANGUAGES, type Language } from '../../shared/domain/language.ts';
import { MESSAGES, message } from '../../shared/domain/messages.ts';
import {
  BRANCHES,
  decisionRequestSchema,
  MEMBER_TYPES,
  PARTNER_KINDS,
  reformsQuerySchema,
  storyRequestSchema,
  submissionRequestSchema,
  VALUES,
} from '../../shared/domain/schemas.ts';
import { optionLabels, parseOrThrow } from '../../shared/domain/validation.ts';
import { validStory, validSubmission } from '../support/fixtures.ts';

const ZOD_LOCALES = { en: zodEn(), fr: zodFr(), es: zodEs() };

function fieldsOf(schema: z.ZodType, input: unknown, language: Language) {
  try {
    parseOrThrow(schema, input, language);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).fields ?? [];
  }
  throw new Error('expected validation to fail');
}

/** What zod's own locale would have said, issue by issue, for the same input. */
function zodWording(schema: z.ZodType, input: unknown, language: Language): string[] {
  const result = schema.safeParse(input, { error: (issue) => ZOD_LOCALES[language].localeError(issue) as string });
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

/** One body that raises every kind of issue the contract can: missing, types, sizes, formats, enums, unknown keys, custom rules. */
const everythingWrong = validSubmission({
  channel: 'action-plan',
  language: 'de',
  submitter: { name: 42, email: 'not-an-email', position: '' },
  member: { type: 'regional', memberId: 'Kenya!' },
  government: { level: 'federal' },
  leadInstitution: { name: 'x'.repeat(301), isPublic: 'yes' },
  partners: [{ name: 'Partner', kind: 'ngo' }],
  area: 'space-exploration',
  problem: '   ',
  statusQuo: null,
  values: ['transparency', 'transparency', 'fairness'],
  milestones: [],
  startDate: '2026-02-30',
  endDate: 'tomorrow',
  status: 'done',
  coCreated: 'oui',
  links: ['ftp://example.org/file', 'https://user:secret@example.org/'],
  consentToPublish: undefined,
  favouriteColour: 'blue',
});

describe('validation messages', () => {
  it.each(LANGUAGES)('never hand on zod’s own wording (%s)', (language) => {
    const ours = fieldsOf(submissionRequestSchema, everythingWrong, language);
    expect(ours.length).toBeGreaterThan(20);
    const theirs = new Set(LANGUAGES.flatMap((any) => zodWording(submissionRequestSchema, everythingWrong, any)));
    for (const field of ours) {
      expect(theirs.has(field.message), `${field.path}: ${field.message}`).toBe(false);
      expect(field.message).not.toMatch(/Invalid|Inválid|invalide|expected|attendu|esperaba|received|reçu|recibido|Unrecognized|\|/);
    }
  });

  it.each(LANGUAGES)('never show an enum id to a reader (%s)', (language) => {
    // Ids with a hyphen cannot be mistaken for words of a label.
    const ids = [...AREA_IDS, ...MEMBER_TYPES, ...PARTNER_KINDS, ...VALUES, ...BRANCHES].filter((id) => id.includes('-'));
    for (const field of fieldsOf(submissionRequestSchema, everythingWrong, language)) {
      for (const id of ids) expect(field.message, field.path).not.toContain(id);
    }
  });

  it('list an enum’s choices by their labels, in the reader’s language', () => {
    const area = (language: Language) => fieldsOf(submissionRequestSchema, validSubmission({ area: 'space' }), language)[0]?.message;
    expect(area('en')).toMatch(/^Choose one of: Access to Information, Anti-Corruption, Civic Space, /);
    expect(area('fr')).toMatch(/^Choisissez parmi\u00a0: Accès à l'information, Lutte contre la corruption, /);
    expect(area('es')).toMatch(/^Elija una de estas opciones: Acceso a la información, Anticorrupción, /);
    const kind = fieldsOf(submissionRequestSchema, validSubmission({ partners: [{ name: 'P', kind: 'ngo' }] }), 'fr')[0];
    expect(kind).toEqual({ path: 'partners.0.kind', message: 'Choisissez parmi\u00a0: Institution publique, Société civile, Secteur privé, Milieu universitaire, Autre' });
  });

  it('read shared ids by their enum: a member type is not a level of government', () => {
    expect(optionLabels(MEMBER_TYPES, 'en')).toEqual(['National member', 'Local member (OGP Local)', 'Other (local non-member jurisdiction in a member country)']);
    expect(optionLabels(['national', 'subnational', 'local'], 'en')).toEqual(['National', 'Subnational (state, province, region)', 'Local (city, municipality)']);
    expect(optionLabels(['pass', 'fail'], 'es')).toEqual(['Cumplido', 'No cumplido']);
    expect(optionLabels(['mystery'], 'fr')).toEqual(['«\u00a0mystery\u00a0»']);
  });

  it('offer the tracker’s level filter once per level, whichever spelling the API accepts', () => {
    const [level] = fieldsOf(reformsQuerySchema, { level: 'federal' }, 'es');
    expect(level?.message).toBe('Elija una de estas opciones: Nacional, Local, Local (no miembro)');
  });

  it('say what is wrong with each kind of field, in words', () => {
    const byPath = (language: Language) => Object.fromEntries(fieldsOf(submissionRequestSchema, everythingWrong, language).map((field) => [field.path, field.message]));
    const en = byPath('en');
    expect(en).toMatchObject({
      'submitter.name': 'Enter text here',
      'submitter.email': 'Enter an email address in the right format, like name@example.org',
      'submitter.position': 'This field must not be empty',
      'government.branch': 'This field is required',
      'leadInstitution.name': 'Use 300 characters or fewer',
      'leadInstitution.isPublic': 'Answer yes or no',
      milestones: 'Give at least one item',
      startDate: 'Enter a real date as YYYY-MM-DD, like 2026-03-31',
      'links.0': 'Enter a full web address that starts with https://',
      'links.1': 'Remove the user name or password from this web address',
      consentToPublish: 'This field is required',
      favouriteColour: 'This field is not part of the form',
      'member.memberId': 'Choose a member from the OGP member list',
      language: 'Choose one of: English, Français, Español',
    });
    const es = byPath('es');
    expect(es['submitter.email']).toBe('Introduzca una dirección de correo electrónico con el formato correcto, por ejemplo nombre@ejemplo.org');
    expect(es['leadInstitution.name']).toBe('No supere los 300\u00a0caracteres');
    const fr = byPath('fr');
    expect(fr['values.2']).toBe('Choisissez parmi\u00a0: Transparence, Participation citoyenne, Redevabilité publique');
    expect(fieldsOf(submissionRequestSchema, validSubmission({ values: ['transparency', 'transparency'] }), 'fr')).toEqual([
      { path: 'values', message: 'Indiquez chaque élément une seule fois' },
    ]);
    expect(fr['statusQuo']).toBe('Ce champ est obligatoire');
  });

  it('count list items and characters in words, one and many', () => {
    const tooManyValues = fieldsOf(submissionRequestSchema, validSubmission({ values: [...VALUES, 'transparency'] }), 'en');
    expect(tooManyValues.map((field) => field.message)).toContain('Give 3 items or fewer');
    const storyFields = fieldsOf(storyRequestSchema, validStory({ links: Array.from({ length: 21 }, (_, index) => `https://example.org/${index}`) }), 'fr');
    expect(storyFields).toEqual([{ path: 'links', message: 'Indiquez 20\u00a0éléments au maximum' }]);
  });

  it('translate the contract’s own rules', () => {
    const decision = { outcome: 'needs-info', criteria: {}, area: 'justice', ambition: 'modest', rationale: 'r' };
    const fields = fieldsOf(decisionRequestSchema, decision, 'es');
    expect(fields.find((field) => field.path === 'criteria.public-ownership')?.message).toBe('Este campo es obligatorio');
    expect(fieldsOf(submissionRequestSchema, validSubmission({ endDate: '2025-12-31' }), 'fr')).toEqual([
      { path: 'endDate', message: 'La date de fin doit être postérieure à la date de début' },
    ]);
  });

  it('have every message in three languages, with the same placeholders and real translations', () => {
    for (const [key, texts] of Object.entries(MESSAGES)) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      for (const language of LANGUAGES) expect(texts[language].trim(), `${key}.${language}`).not.toBe('');
      expect(placeholders(texts.fr), key).toEqual(placeholders(texts.en));
      expect(placeholders(texts.es), key).toEqual(placeholders(texts.en));
      expect(texts.fr, key).not.toBe(texts.en);
      expect(texts.es, key).not.toBe(texts.en);
      // French typography: a no-break space before a colon or semicolon, never a plain one.
      expect(texts.fr, key).not.toMatch(/ [:;]/);
    }
    expect(message('roleRequired', 'fr', { role: 'admin' })).toBe('Cette action est réservée au rôle admin');
  });
});
