import * as z from 'zod';
import type { Language } from '../domain/language.ts';
import type { Line } from './message.ts';
import { areaLabel, greeting, inLanguage as t, referenceLabel, template, titleLabel } from './template.ts';

/**
 * Emails of the monthly review. Submitters get theirs in their language; the Support Unit's own
 * (digest, reminder, summary, alert) are in English, its working language. Subjects hold fixed
 * wording and system values (references, cycles, counts) only — user text goes in the body, where
 * the renderer escapes it.
 */

/** `2026-12-22T06:00:00Z` → `2026-12-22 06:00 UTC`: one unambiguous form for a team across zones. */
const readableInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * How many items of a list an email names. Outbox items carry counts and at most this many
 * examples, never whole lists: a cycle of any size stays far below DynamoDB's 400 KB item limit,
 * and the email links to the console page that lists them all.
 */
export const EMAIL_EXAMPLE_LIMIT = 20;
export const emailExamples = <T>(list: readonly T[]): T[] => list.slice(0, EMAIL_EXAMPLE_LIMIT);

/** Some references of a list of `total`, with a count of the rest so an email stays readable. */
function referenceList(references: readonly string[], total: number): string {
  const shown = emailExamples(references);
  const rest = total - shown.length;
  return rest > 0 ? `${shown.join('\n')}\n… and ${rest} more (all in the console)` : shown.join('\n');
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
  /** Some of the undecided references (see EMAIL_EXAMPLE_LIMIT); the console's cycle page lists them all. */
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
  /** The submitter's private status page, with a token minted at release (the receipt's is only stored hashed). */
  statusUrl: z.string(),
};

const eligibleData = z.object({
  ...outcomeBase,
  areaName: z.string(),
  /** Set when the Support Unit placed the reform in another area than the one submitted. */
  submittedAreaName: z.string().optional(),
  /** The reform's public page on the tracker. */
  reformUrl: z.string(),
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
  /** The lists hold some examples each (see EMAIL_EXAMPLE_LIMIT); the console's summary page has them all. */
  retags: z.array(z.object({ reference: z.string(), from: z.string(), to: z.string() })),
  retagged: z.number().int().optional(),
  promising: z.array(z.string()),
  promisingCount: z.number().int().optional(),
  carriedOverReferences: z.array(z.string()),
  /** The console's page for the cycle's summary. */
  summaryUrl: z.string(),
});

const alertData = z.object({
  cycle: z.string(),
  error: z.string(),
  cause: z.string(),
  /** The console's page for the cycle, where its run can be resumed. */
  consoleUrl: z.string(),
});

const outcomeSubject = (language: Language, ref: string) =>
  t(language, {
    en: `Open Gov Challenge: outcome of the review of ${ref}`,
    fr: `Défi pour un gouvernement ouvert : résultat de l'examen de ${ref}`,
    es: `Desafío de Gobierno Abierto: resultado de la revisión de ${ref}`,
  });

const submitterReason = (language: Language) =>
  t(language, {
    en: 'You receive this email because you submitted a reform to the Open Gov Challenge with this email address.',
    fr: 'Vous recevez cet e-mail parce que vous avez soumis une réforme au Défi pour un gouvernement ouvert avec cette adresse.',
    es: 'Recibe este correo porque envió una reforma al Desafío de Gobierno Abierto con esta dirección.',
  });

const statusAction = (language: Language, url: string): Line => ({
  kind: 'action',
  label: t(language, { en: 'See your submission', fr: 'Voir votre soumission', es: 'Ver su envío' }),
  url,
});

const REVIEWERS_REASON = 'You receive this email as a reviewer of the Open Gov Challenge in the OGP Support Unit.';
const SUPPORT_UNIT_REASON = 'You receive this email as the OGP Support Unit, which runs the Open Gov Challenge.';

const submissions = (count: number) => `${count} ${count === 1 ? 'submission' : 'submissions'}`;

export const REVIEW_TEMPLATES = {
  'reviewer-digest': template({
    data: digestData,
    compose: (data) => ({
      subject: `Open Gov Challenge: cycle ${data.cycle} is open — ${submissions(data.toReview)} to review`,
      reason: REVIEWERS_REASON,
      lines: [
        { kind: 'heading', text: `Review cycle ${data.cycle} is open` },
        {
          kind: 'paragraph',
          text: `${submissions(data.toReview)} ${data.toReview === 1 ? 'is' : 'are'} ready for review, each with its automatic screening. Record a decision for each before the deadline; undecided submissions carry over to the next cycle.`,
        },
        field('Deadline', readableInstant(data.deadline)),
        { kind: 'action', label: 'Review the submissions', url: data.consoleUrl },
      ],
    }),
  }),

  'reviewer-reminder': template({
    data: reminderData,
    compose: (data) => ({
      subject: `Open Gov Challenge: ${submissions(data.undecided)} still undecided in cycle ${data.cycle}`,
      reason: REVIEWERS_REASON,
      lines: [
        { kind: 'heading', text: `Reminder: cycle ${data.cycle}` },
        {
          kind: 'paragraph',
          text: `${submissions(data.undecided)} still ${data.undecided === 1 ? 'has' : 'have'} no decision. Those undecided at ${readableInstant(data.deadline)} carry over to the next cycle.`,
        },
        { kind: 'action', label: 'Review the submissions', url: data.consoleUrl },
        field('Undecided', referenceList(data.references, data.undecided)),
      ],
    }),
  }),

  'outcome-eligible': template({
    data: eligibleData,
    secrets: ['statusUrl'],
    compose: (data, language) => ({
      subject: outcomeSubject(language, data.reference),
      preheader: t(language, {
        en: `${data.reference} is now published as an Open Gov Challenge reform.`,
        fr: `${data.reference} est désormais publiée comme réforme du Défi pour un gouvernement ouvert.`,
        es: `${data.reference} ya está publicada como reforma del Desafío de Gobierno Abierto.`,
      }),
      reason: submitterReason(language),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Your reform is a Challenge reform', fr: 'Votre réforme est une réforme du Défi', es: 'Su reforma es una reforma del Desafío' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'The OGP Support Unit has reviewed your submission: it meets all the Challenge criteria and is now published as an Open Gov Challenge reform. Thank you for raising the ambition of open government.',
            fr: "L'Unité d'appui du PGO a examiné votre soumission\u00a0: elle remplit tous les critères du Défi et est désormais publiée comme réforme du Défi pour un gouvernement ouvert. Merci de porter plus loin l'ambition du gouvernement ouvert.",
            es: 'La Unidad de Apoyo de OGP revisó su envío: cumple todos los criterios del Desafío y ya está publicado como reforma del Desafío de Gobierno Abierto. Gracias por elevar la ambición del gobierno abierto.',
          }),
        },
        field(referenceLabel(language), data.reference),
        field(titleLabel(language), data.title),
        field(areaLabel(language), data.areaName),
        ...(data.submittedAreaName
          ? [
              {
                kind: 'paragraph' as const,
                text: t(language, {
                  en: `The Support Unit placed it in this area; it was submitted under ${data.submittedAreaName}.`,
                  fr: `L'Unité d'appui l'a classée dans ce domaine\u00a0; elle avait été soumise dans le domaine ${data.submittedAreaName}.`,
                  es: `La Unidad de Apoyo la clasificó en esta área; se había enviado en el área ${data.submittedAreaName}.`,
                }),
              },
            ]
          : []),
        {
          kind: 'action',
          label: t(language, { en: 'See your published reform', fr: 'Voir votre réforme publiée', es: 'Ver su reforma publicada' }),
          url: data.reformUrl,
        },
        {
          kind: 'link',
          label: t(language, { en: 'Follow your submission (private link)', fr: 'Suivre votre soumission (lien privé)', es: 'Seguir su envío (enlace privado)' }),
          url: data.statusUrl,
        },
      ],
    }),
  }),

  'outcome-not-eligible': template({
    data: notEligibleData,
    secrets: ['statusUrl'],
    compose: (data, language) => ({
      subject: outcomeSubject(language, data.reference),
      reason: submitterReason(language),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Outcome of the review', fr: "Résultat de l'examen", es: 'Resultado de la revisión' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'The OGP Support Unit has reviewed your submission. It does not meet the following Challenge criteria, so it cannot be published as a Challenge reform:',
            fr: "L'Unité d'appui du PGO a examiné votre soumission. Elle ne remplit pas les critères suivants du Défi et ne peut donc pas être publiée comme réforme du Défi\u00a0:",
            es: 'La Unidad de Apoyo de OGP revisó su envío. No cumple los siguientes criterios del Desafío, por lo que no puede publicarse como reforma del Desafío:',
          }),
        },
        { kind: 'quote', text: data.failedCriteria.map((name) => `• ${name}`).join('\n') },
        field(referenceLabel(language), data.reference),
        field(titleLabel(language), data.title),
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'You are welcome to submit a revised reform that meets these criteria.',
            fr: 'Vous pouvez soumettre une réforme révisée qui remplisse ces critères.',
            es: 'Puede enviar una reforma revisada que cumpla estos criterios.',
          }),
        },
        statusAction(language, data.statusUrl),
      ],
    }),
  }),

  'outcome-needs-info': template({
    data: needsInfoData,
    secrets: ['statusUrl'],
    compose: (data, language) => ({
      subject: outcomeSubject(language, data.reference),
      preheader: t(language, {
        en: `The OGP Support Unit has a question about ${data.reference}.`,
        fr: `L'Unité d'appui du PGO a une question sur ${data.reference}.`,
        es: `La Unidad de Apoyo de OGP tiene una pregunta sobre ${data.reference}.`,
      }),
      reason: submitterReason(language),
      lines: [
        { kind: 'heading', text: t(language, { en: 'More information needed', fr: 'Informations complémentaires demandées', es: 'Se necesita más información' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'The OGP Support Unit has reviewed your submission and needs more information before it can decide:',
            fr: "L'Unité d'appui du PGO a examiné votre soumission et a besoin d'informations complémentaires avant de se prononcer\u00a0:",
            es: 'La Unidad de Apoyo de OGP revisó su envío y necesita más información antes de decidir:',
          }),
        },
        { kind: 'quote', text: data.question },
        field(referenceLabel(language), data.reference),
        field(titleLabel(language), data.title),
        {
          kind: 'action',
          label: t(language, { en: 'Answer the question', fr: 'Répondre à la question', es: 'Responder a la pregunta' }),
          url: data.statusUrl,
        },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'Your answer enters the next monthly review. This link is private: please do not forward this email.',
            fr: "Votre réponse sera examinée lors du prochain examen mensuel. Ce lien est personnel\u00a0: merci de ne pas transférer cet e-mail.",
            es: 'Su respuesta entrará en la próxima revisión mensual. Este enlace es personal: le rogamos que no reenvíe este correo.',
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
      reason: submitterReason(language),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Answer received', fr: 'Réponse reçue', es: 'Respuesta recibida' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'Thank you for your answer: your submission is back in the queue and enters the next monthly review.',
            fr: 'Merci pour votre réponse\u00a0: votre soumission est de nouveau en attente et sera examinée lors du prochain examen mensuel.',
            es: 'Gracias por su respuesta: su envío vuelve a estar en espera y entrará en la próxima revisión mensual.',
          }),
        },
        field(referenceLabel(language), data.reference),
        field(titleLabel(language), data.title),
      ],
    }),
  }),

  'cycle-summary': template({
    data: summaryData,
    compose: (data) => ({
      subject: `Open Gov Challenge: cycle ${data.cycle} released — ${data.eligible} eligible, ${data.notEligible} not eligible, ${data.needsInfo} needs info, ${data.carriedOver} carried over`,
      reason: SUPPORT_UNIT_REASON,
      lines: [
        { kind: 'heading', text: `Cycle ${data.cycle}: summary` },
        field('Eligible (published)', String(data.eligible)),
        field('Not eligible', String(data.notEligible)),
        field('Needs more information', String(data.needsInfo)),
        field('Carried over', String(data.carriedOver)),
        field('Withdrawn during the cycle', String(data.withdrawn)),
        { kind: 'action', label: 'Open the summary in the console', url: data.summaryUrl },
        field(
          'By area',
          data.byArea.length > 0
            ? data.byArea
                .map((row) => `• ${row.area}: ${row.eligible} eligible, ${row.notEligible} not eligible, ${row.needsInfo} needs info, ${row.carriedOver} carried over`)
                .join('\n')
            : 'No submission in this cycle.',
        ),
        field(
          'Re-tagged',
          data.retags.length > 0
            ? referenceList(
                data.retags.map((retag) => `${retag.reference}: ${retag.from} → ${retag.to}`),
                data.retagged ?? data.retags.length,
              )
            : 'none',
        ),
        field(
          'Promising (substantial ambition, co-created)',
          data.promising.length > 0 ? referenceList(data.promising, data.promisingCount ?? data.promising.length) : 'none',
        ),
        field('Carried-over submissions', data.carriedOverReferences.length > 0 ? referenceList(data.carriedOverReferences, data.carriedOver) : 'none'),
      ],
    }),
  }),

  'workflow-alert': template({
    data: alertData,
    compose: (data) => ({
      subject: `Open Gov Challenge: the review run of cycle ${data.cycle} needs attention`,
      reason: SUPPORT_UNIT_REASON,
      lines: [
        { kind: 'heading', text: `Review run of cycle ${data.cycle}: a step failed` },
        {
          kind: 'paragraph',
          text: 'A step of the monthly review failed after its retries. Submissions already collected or decided are safe. Look at the cause below, fix it, then resume the cycle from the console.',
        },
        { kind: 'action', label: 'Open the cycle in the console', url: data.consoleUrl },
        field('Error', data.error),
        { kind: 'quote', text: data.cause },
      ],
    }),
  }),
};
