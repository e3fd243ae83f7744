import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.ts';
import { storyRequestSchema, submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { validStory, validSubmission } from '../support/fixtures.ts';

function fieldErrors(input: unknown, language: 'en' | 'fr' | 'es' = 'en') {
  try {
    parseOrThrow(submissionRequestSchema, input, language);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    return (error as AppError).fields ?? [];
  }
  throw new Error('expected validation to fail');
}

const paths = (input: unknown) => fieldErrors(input).map((field) => field.path);

describe('commitment submission schema', () => {
  it('accepts the contract example and fills defaults', () => {
    const parsed = parseOrThrow(submissionRequestSchema, validSubmission({ partners: undefined, links: undefined }), 'en');
    expect(parsed.partners).toEqual([]);
    expect(parsed.links).toEqual([]);
  });

  it('treats any Unicode text as data', () => {
    const title = 'Ouvrir les données — 公開データ — بيانات مفتوحة 🌍 <b>&</b>';
    expect(parseOrThrow(submissionRequestSchema, validSubmission({ title }), 'en').title).toBe(title);
  });

  it('needs actionPlan for action-plan commitments and refuses it for standalone ones', () => {
    expect(paths(validSubmission({ channel: 'action-plan' }))).toEqual(['actionPlan']);
    expect(paths(validSubmission({ actionPlan: { id: 'KE-2024', commitmentId: 'KE0042', designatedByMsf: true } }))).toEqual(['actionPlan']);
  });

  it('needs a jurisdiction for local types', () => {
    expect(paths(validSubmission({ member: { type: 'local-non-member', memberId: 'kenya' } }))).toEqual(['member.jurisdiction']);
  });

  it('needs the end after the start and ISO dates', () => {
    expect(paths(validSubmission({ endDate: '2025-12-31' }))).toEqual(['endDate']);
    expect(paths(validSubmission({ startDate: '01/02/2026' }))).toEqual(['startDate']);
    expect(paths(validSubmission({ milestones: [{ description: 'x', deliverable: 'y', dueDate: '2027-02-30' }] }))).toEqual(['milestones.0.dueDate']);
  });

  it('names each unknown field with its full path', () => {
    expect(paths(validSubmission({ submitter: { name: 'A', email: 'a@example.org', position: 'B', phone: '1' }, extra: true })).sort()).toEqual([
      'extra',
      'submitter.phone',
    ]);
  });

  it('refuses line breaks in one-line fields but keeps them in long text', () => {
    expect(paths(validSubmission({ title: 'Title\r\nBcc: someone@example.org' }))).toEqual(['title']);
    expect(paths(validSubmission({ submitter: { name: 'A\nB', email: 'a@example.org', position: 'B' } }))).toEqual(['submitter.name']);
    expect(parseOrThrow(submissionRequestSchema, validSubmission({ description: 'line one\nline two' }), 'en').description).toContain('\n');
  });

  it('refuses wrong types, overlong text and non-http links', () => {
    expect(paths(validSubmission({ coCreated: 'yes' }))).toEqual(['coCreated']);
    expect(paths(validSubmission({ title: 'x'.repeat(301) }))).toEqual(['title']);
    expect(paths(validSubmission({ links: ['javascript:alert(1)', 'ftp://example.org/file', 'https://ok.example.org'] }))).toEqual(['links.0', 'links.1']);
    expect(paths(validSubmission({ area: 'space-exploration' }))).toEqual(['area']);
    expect(paths(validSubmission({ values: ['transparency', 'transparency'] }))).toEqual(['values']);
    expect(paths(validSubmission({ milestones: [] }))).toEqual(['milestones']);
  });

  it('speaks the requested language', () => {
    const [fr] = fieldErrors(validSubmission({ endDate: '2025-12-31' }), 'fr');
    const [es] = fieldErrors(validSubmission({ endDate: '2025-12-31' }), 'es');
    expect(fr?.message).toBe('La date de fin doit être postérieure à la date de début');
    expect(es?.message).toBe('La fecha de finalización debe ser posterior a la fecha de inicio');
    const [frType] = fieldErrors(validSubmission({ coCreated: 'oui' }), 'fr');
    expect(frType?.message).toBe('Répondez par oui ou par non');
  });
});

describe('story schema', () => {
  it('accepts a story and refuses a story without consent flag', () => {
    expect(parseOrThrow(storyRequestSchema, validStory(), 'fr').place).toBe('Dakar, Sénégal');
    expect(() => parseOrThrow(storyRequestSchema, validStory({ consentToPublish: undefined }), 'fr')).toThrow(AppError);
  });
});
