import * as z from 'zod';
import type { Language } from '../domain/language.ts';
import type { Line } from './message.ts';
import { inLanguage as t, template } from './template.ts';

/**
 * Emails of the monthly review. Submitters get theirs in their language; the Support Unit's own
 * (digest, reminder, summary, alert) are in English, its working language. Subjects hold fixed
 * wording and system values (references, cycles, counts) only — user text goes in the body, where
 * the renderer escapes it.
 */

/** `2026-12-22T06:00:00Z` → `2026-12-22 06:00 UTC`: one unambiguous form for a team across zones. */
const readableInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const REFERENCE_LIST_LIMIT = 50;

/** A list of references, cut off with a count so an email stays readable in a big cycle. */
function referenceList(references: readonly string[], total: number): string {
  const shown = references.slice(0, REFERENCE_LIST_LIMIT).join('\n');
  return total > REFERENCE_LIST_LIMIT ? `${shown}\n… and ${total - REFERENCE_LIST_LIMIT} more` : shown;
}

const field = (label: string, value: string): Line => ({ kind: 'field', label, value });

// ---- reviewers ----

const digestData = z.object({
  cycle: z.string(),
  toReview: z.number().int(),
  deadline: z.string(),
  consoleUrl: z.string(),
});

const reminderData = z.object({
  cycle: z.string(),
  undecided: z.number().int(),
  references: z.array(z.string()),
  deadline: z.string(),
  consoleUrl: z.string(),
});

// ---- submitters ----

const outcomeBase = {
  reference: z.string(),
  cycle: z.string(),
  title: z.string(),
  submitterName: z.string(),
};

const eligibleData = z.object({
  ...outcomeBase,
  areaName: z.string(),
  /** Set when the Support Unit placed the reform in another area than the one submitted. */
  submittedAreaName: z.string().optional(),
  reformsUrl: z.string(),
});

const notEligibleData = z.object({ ...outcomeBase, failedCriteria: z.array(z.string()).min(1) });

const needsInfoData = z.object({ ...outcomeBase, question: z.string().min(1) });

const answerData = z.object({ reference: z.string(), title: z.string(), submitterName: z.string() });

// ---- Support Unit ----

const areaCountsSchema = z.object({
  area: z.string(),
  eligible: z.number().int(),
  notEligible: z.number().int(),
  needsInfo: z.number().int(),
  carriedOver: z.number().int(),
});

const summaryData = z.object({
  cycle: z.string(),
  eligible: z.number().int(),
  notEligible: z.number().int(),
  needsInfo: z.number().int(),
  carriedOver: z.number().int(),
  withdrawn: z.number().int(),
  byArea: z.array(areaCountsSchema),
  retags: z.array(z.object({ reference: z.string(), from: z.string(), to: z.string() })),
  promising: z.array(z.string()),
  carriedOverReferences: z.array(z.string()),
});

const alertData = z.object({
  cycle: z.string(),
  error: z.string(),
  cause: z.string(),
});

const reference = (language: Language) => t(language, { en: 'Reference', fr: 'Référence', es: 'Referencia' });
const titleLabel = (language: Language) => t(language, { en: 'Title', fr: 'Titre', es: 'Título' });
const outcomeSubject = (language: Language, ref: string) =>
  t(language, {
    en: `Open Gov Challenge: outcome of the review of ${ref}`,
    fr: `Défi pour un gouvernement ouvert : résultat de l'examen de ${ref}`,
    es: `Desafío de Gobierno Abierto: resultado de la revisión de ${ref}`,
  });
const greeting = (language: Language, name: string) => t(language, { en: `Dear ${name},`, fr: `Bonjour ${name},`, es: `Estimado/a ${name}:` });

export const REVIEW_TEMPLATES = {
  'reviewer-digest': template({
    data: digestData,
    compose: (data) => ({
      subject: `Open Gov Challenge: cycle ${data.cycle} is open — ${data.toReview} submission(s) to review`,
      lines: [
        { kind: 'heading', text: `Review cycle ${data.cycle}` },
        {
          kind: 'paragraph',
          text: `${data.toReview} submission(s) are ready for review, each with its automatic screening. Record a decision for each before the deadline; undecided submissions carry over to the next cycle.`,
        },
        field('Deadline', readableInstant(data.deadline)),
        { kind: 'link', label: 'Submissions of this cycle', url: data.consoleUrl },
      ],
    }),
  }),

  'reviewer-reminder': template({
    data: reminderData,
    compose: (data) => ({
      subject: `Open Gov Challenge: ${data.undecided} undecided submission(s) in cycle ${data.cycle}`,
      lines: [
        { kind: 'heading', text: `Reminder: cycle ${data.cycle}` },
        {
          kind: 'paragraph',
          text: `${data.undecided} submission(s) still have no decision. Those undecided at ${readableInstant(data.deadline)} carry over to the next cycle.`,
        },
        field('Undecided', referenceList(data.references, data.undecided)),
        { kind: 'link', label: 'Submissions of this cycle', url: data.consoleUrl },
      ],
    }),
  }),

  'outcome-eligible': template({
    data: eligibleData,
    compose: (data, language) => ({
      subject: outcomeSubject(language, data.reference),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Your reform is a Challenge reform', fr: 'Votre réforme est une réforme du Défi', es: 'Su reforma es una reforma del Desafío' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'The OGP Support Unit reviewed your submission: it meets all the Challenge criteria and is now published as an Open Gov Challenge reform. Thank you for raising ambition.',
            fr: "L'Unité d'appui du PGO a examiné votre soumission : elle remplit tous les critères du Défi et est désormais publiée comme réforme du Défi pour un gouvernement ouvert. Merci d'avoir relevé l'ambition.",
            es: 'La Unidad de Apoyo de OGP revisó su envío: cumple todos los criterios del Desafío y ya está publicado como reforma del Desafío de Gobierno Abierto. Gracias por elevar la ambición.',
          }),
        },
        field(reference(language), data.reference),
        field(titleLabel(language), data.title),
        field(t(language, { en: 'Challenge area', fr: 'Domaine du Défi', es: 'Área del Desafío' }), data.areaName),
        ...(data.submittedAreaName
          ? [
              {
                kind: 'paragraph' as const,
                text: t(language, {
                  en: `The Support Unit placed it in this area; it was submitted under ${data.submittedAreaName}.`,
                  fr: `L'Unité d'appui l'a classée dans ce domaine ; elle avait été soumise sous ${data.submittedAreaName}.`,
                  es: `La Unidad de Apoyo la clasificó en esta área; se envió en ${data.submittedAreaName}.`,
                }),
              },
            ]
          : []),
        {
          kind: 'link',
          label: t(language, { en: 'Published Challenge reforms', fr: 'Réformes du Défi publiées', es: 'Reformas del Desafío publicadas' }),
          url: data.reformsUrl,
        },
      ],
    }),
  }),

  'outcome-not-eligible': template({
    data: notEligibleData,
    compose: (data, language) => ({
      subject: outcomeSubject(language, data.reference),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Review outcome', fr: "Résultat de l'examen", es: 'Resultado de la revisión' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'The OGP Support Unit reviewed your submission. It does not meet the following Challenge criteria, so it cannot be published as a Challenge reform:',
            fr: "L'Unité d'appui du PGO a examiné votre soumission. Elle ne remplit pas les critères suivants du Défi et ne peut donc pas être publiée comme réforme du Défi :",
            es: 'La Unidad de Apoyo de OGP revisó su envío. No cumple los siguientes criterios del Desafío, por lo que no puede publicarse como reforma del Desafío:',
          }),
        },
        { kind: 'quote', text: data.failedCriteria.map((name) => `• ${name}`).join('\n') },
        field(reference(language), data.reference),
        field(titleLabel(language), data.title),
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'You are welcome to submit a revised reform that addresses these criteria.',
            fr: 'Vous pouvez soumettre une réforme révisée qui réponde à ces critères.',
            es: 'Puede enviar una reforma revisada que atienda estos criterios.',
          }),
        },
      ],
    }),
  }),

  'outcome-needs-info': template({
    data: needsInfoData,
    compose: (data, language) => ({
      subject: outcomeSubject(language, data.reference),
      lines: [
        { kind: 'heading', text: t(language, { en: 'More information needed', fr: "Plus d'informations nécessaires", es: 'Se necesita más información' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'The OGP Support Unit reviewed your submission and needs more information before it can decide:',
            fr: "L'Unité d'appui du PGO a examiné votre soumission et a besoin de plus d'informations avant de se prononcer :",
            es: 'La Unidad de Apoyo de OGP revisó su envío y necesita más información antes de decidir:',
          }),
        },
        { kind: 'quote', text: data.question },
        field(reference(language), data.reference),
        field(titleLabel(language), data.title),
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'Please answer through the private link of your submission (from your receipt email). Your answer enters the next monthly review.',
            fr: "Veuillez répondre via le lien privé de votre soumission (dans l'accusé de réception). Votre réponse sera examinée lors du prochain examen mensuel.",
            es: 'Responda mediante el enlace privado de su envío (en el correo de acuse de recibo). Su respuesta entrará en la próxima revisión mensual.',
          }),
        },
      ],
    }),
  }),

  'answer-received': template({
    data: answerData,
    compose: (data, language) => ({
      subject: t(language, {
        en: `Open Gov Challenge: we received your answer for ${data.reference}`,
        fr: `Défi pour un gouvernement ouvert : nous avons reçu votre réponse pour ${data.reference}`,
        es: `Desafío de Gobierno Abierto: recibimos su respuesta para ${data.reference}`,
      }),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Answer received', fr: 'Réponse reçue', es: 'Respuesta recibida' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'Thank you: your submission is back in the queue and enters the next monthly review.',
            fr: 'Merci : votre soumission est de nouveau en file et sera examinée lors du prochain examen mensuel.',
            es: 'Gracias: su envío vuelve a la cola y entrará en la próxima revisión mensual.',
          }),
        },
        field(reference(language), data.reference),
        field(titleLabel(language), data.title),
      ],
    }),
  }),

  'cycle-summary': template({
    data: summaryData,
    compose: (data) => ({
      subject: `Open Gov Challenge: cycle ${data.cycle} released — ${data.eligible} eligible, ${data.notEligible} not eligible, ${data.needsInfo} needs info, ${data.carriedOver} carried over`,
      lines: [
        { kind: 'heading', text: `Cycle ${data.cycle}: summary` },
        field('Eligible (published)', String(data.eligible)),
        field('Not eligible', String(data.notEligible)),
        field('Needs more information', String(data.needsInfo)),
        field('Carried over', String(data.carriedOver)),
        field('Withdrawn during the cycle', String(data.withdrawn)),
        {
          kind: 'quote',
          text:
            data.byArea.length > 0
              ? data.byArea
                  .map((row) => `${row.area}: ${row.eligible} eligible, ${row.notEligible} not eligible, ${row.needsInfo} needs info, ${row.carriedOver} carried over`)
                  .join('\n')
              : 'No submission in this cycle.',
        },
        field('Re-tagged', data.retags.length > 0 ? data.retags.map((retag) => `${retag.reference}: ${retag.from} → ${retag.to}`).join('\n') : 'none'),
        field('Promising (substantial ambition, co-created)', data.promising.length > 0 ? referenceList(data.promising, data.promising.length) : 'none'),
        field('Carried over', data.carriedOverReferences.length > 0 ? referenceList(data.carriedOverReferences, data.carriedOver) : 'none'),
      ],
    }),
  }),

  'workflow-alert': template({
    data: alertData,
    compose: (data) => ({
      subject: `Open Gov Challenge: the review run of cycle ${data.cycle} needs attention`,
      lines: [
        { kind: 'heading', text: `Review run of cycle ${data.cycle}: a step failed` },
        {
          kind: 'paragraph',
          text: 'A step of the monthly review failed after its retries. Submissions already collected or decided are safe; look at the execution in the Step Functions console, fix the cause, and start the cycle again if it stopped.',
        },
        field('Error', data.error),
        { kind: 'quote', text: data.cause },
      ],
    }),
  }),
};
