import * as z from 'zod';
import type { Language } from '../domain/language.ts';
import type { Line } from './message.ts';
import { emailExamples } from './review-templates.ts';
import { inLanguage as t, template } from './template.ts';

/** Emails about the registry's points of contact: the designation request to a POC, and what the Support Unit must follow up. */

const designationRequestData = z.object({
  reference: z.string(),
  title: z.string(),
  memberName: z.string(),
  leadInstitution: z.string(),
  areaName: z.string(),
  submitterName: z.string(),
  submitterPosition: z.string(),
  actionPlanId: z.string(),
  commitmentId: z.string(),
  confirmUrl: z.string(),
  /** When the link stops working (ISO instant). */
  expiresAt: z.string(),
  /** 0 for the first request, then the reminder's number. */
  reminder: z.number().int().min(0),
});

const followUpItem = z.object({ reference: z.string(), title: z.string(), memberName: z.string() });
/**
 * Counts, and a few examples of each list (see EMAIL_EXAMPLE_LIMIT): the console's members and
 * designations pages list them all. A count is absent only from an item owed before counts were
 * sent, whose list was whole.
 */
const supportUnitDigestData = z.object({
  cycle: z.string(),
  /** Submissions of the cycle whose member had no reachable POC to inform. */
  uninformedCount: z.number().int().optional(),
  uninformed: z.array(followUpItem),
  /** Action-plan commitments still awaiting their POC's confirmation. */
  unconfirmedCount: z.number().int().optional(),
  unconfirmed: z.array(followUpItem.extend({ submittedAt: z.string(), remindersSent: z.number().int(), pocInformed: z.boolean() })),
  membersUrl: z.string(),
  designationsUrl: z.string(),
});

const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };
const longDate = (iso: string, language: Language) => new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

/** The examples of a list of `total`, one a line, and how many more the console lists. */
function itemList<Item extends z.infer<typeof followUpItem>>(items: readonly Item[], total: number, describe: (item: Item) => string = () => ''): string {
  const shown = emailExamples(items).map((item) => `${item.reference} — ${item.title} (${item.memberName})${describe(item)}`);
  return [...shown, ...(total > shown.length ? [`… and ${total - shown.length} more (all in the console)`] : [])].join('\n');
}

export const DESIGNATION_TEMPLATES = {
  'designation-request': template({
    data: designationRequestData,
    secrets: ['confirmUrl'],
    compose: (data, language) => {
      const reminder = data.reminder > 0;
      const field = (label: Record<Language, string>, value: string): Line => ({ kind: 'field', label: t(language, label), value });
      return {
        subject: reminder
          ? t(language, {
              en: `Open Gov Challenge — reminder: please confirm the designation of ${data.reference}`,
              fr: `Défi pour un gouvernement ouvert — rappel : merci de confirmer la désignation de ${data.reference}`,
              es: `Desafío de Gobierno Abierto — recordatorio: confirme la designación de ${data.reference}`,
            })
          : t(language, {
              en: `Open Gov Challenge: please confirm the designation of ${data.reference}`,
              fr: `Défi pour un gouvernement ouvert : merci de confirmer la désignation de ${data.reference}`,
              es: `Desafío de Gobierno Abierto: confirme la designación de ${data.reference}`,
            }),
        lines: [
          {
            kind: 'heading',
            text: reminder
              ? t(language, { en: 'Your confirmation is still needed', fr: 'Votre confirmation est toujours attendue', es: 'Aún necesitamos su confirmación' })
              : t(language, { en: 'Your confirmation is needed', fr: 'Votre confirmation est nécessaire', es: 'Necesitamos su confirmación' }),
          },
          {
            kind: 'paragraph',
            text: t(language, {
              en: `${data.submitterName} submitted a commitment from the action plan of ${data.memberName} to the Open Gov Challenge. As the member's point of contact, please confirm that it was designated for the Challenge together with the Multi-Stakeholder Forum. It enters the monthly review once you confirm.`,
              fr: `${data.submitterName} a soumis au Défi pour un gouvernement ouvert un engagement du plan d'action de ${data.memberName}. En tant que point de contact du membre, merci de confirmer que cet engagement a été désigné pour le Défi avec le Forum multipartite. Il entrera dans l'examen mensuel dès votre confirmation.`,
              es: `${data.submitterName} envió al Desafío de Gobierno Abierto un compromiso del plan de acción de ${data.memberName}. Como punto de contacto del miembro, le pedimos que confirme que fue designado para el Desafío junto con el Foro Multiactor. Entrará en la revisión mensual en cuanto usted lo confirme.`,
            }),
          },
          field({ en: 'Reference', fr: 'Référence', es: 'Referencia' }, data.reference),
          field({ en: 'Title', fr: 'Titre', es: 'Título' }, data.title),
          field({ en: 'Action plan', fr: "Plan d'action", es: 'Plan de acción' }, data.actionPlanId),
          field({ en: 'Commitment', fr: 'Engagement', es: 'Compromiso' }, data.commitmentId),
          field({ en: 'Lead institution', fr: 'Institution responsable', es: 'Institución responsable' }, data.leadInstitution),
          field({ en: 'Challenge area', fr: 'Domaine du Défi', es: 'Área del Desafío' }, data.areaName),
          field({ en: 'Submitted by', fr: 'Soumis par', es: 'Enviado por' }, `${data.submitterName} (${data.submitterPosition})`),
          {
            kind: 'link',
            label: t(language, { en: 'Review and confirm the designation', fr: 'Vérifier et confirmer la désignation', es: 'Revisar y confirmar la designación' }),
            url: data.confirmUrl,
          },
          {
            kind: 'paragraph',
            text: t(language, {
              en: `This link is meant for you alone and works until ${longDate(data.expiresAt, language)}. If this commitment was not designated with the Multi-Stakeholder Forum, do not confirm it, and let the OGP Support Unit know.`,
              fr: `Ce lien vous est personnel et reste valable jusqu'au ${longDate(data.expiresAt, language)}. Si cet engagement n'a pas été désigné avec le Forum multipartite, ne le confirmez pas et prévenez l'Unité d'appui du PGO.`,
              es: `Este enlace es personal y es válido hasta el ${longDate(data.expiresAt, language)}. Si este compromiso no se designó con el Foro Multiactor, no lo confirme e informe a la Unidad de Apoyo de OGP.`,
            }),
          },
        ],
      };
    },
  }),

  'support-unit-digest': template({
    data: supportUnitDigestData,
    compose: (data) => {
      const uninformed = data.uninformedCount ?? data.uninformed.length;
      const unconfirmed = data.unconfirmedCount ?? data.unconfirmed.length;
      return {
        subject: `Open Gov Challenge: points of contact to follow up (cycle ${data.cycle}) — ${uninformed} not informed, ${unconfirmed} unconfirmed`,
        lines: [
          { kind: 'heading', text: `Points of contact to follow up — cycle ${data.cycle}` },
          ...(uninformed > 0
            ? ([
                {
                  kind: 'paragraph',
                  text: `${uninformed === 1 ? '1 submission' : `${uninformed} submissions`} of this cycle could not be reported to a point of contact: their member has no reachable contact in the registry.`,
                },
                { kind: 'quote', text: itemList(data.uninformed, uninformed) },
                { kind: 'link', label: 'Add contacts in the member registry', url: data.membersUrl },
              ] satisfies Line[])
            : []),
          ...(unconfirmed > 0
            ? ([
                {
                  kind: 'paragraph',
                  text: `${unconfirmed === 1 ? '1 action-plan commitment awaits its' : `${unconfirmed} action-plan commitments await their`} point of contact's confirmation and will not be reviewed until it comes.`,
                },
                {
                  kind: 'quote',
                  text: itemList(data.unconfirmed, unconfirmed, (item) => {
                    const asked = item.pocInformed ? `${item.remindersSent} reminder(s) sent` : 'no contact to ask';
                    return `, submitted ${item.submittedAt.slice(0, 10)}, ${asked}`;
                  }),
                },
                { kind: 'link', label: 'Unconfirmed designations', url: data.designationsUrl },
              ] satisfies Line[])
            : []),
        ],
      };
    },
  }),
};
