import * as z from 'zod';
import { DESIGNATION_TEMPLATES } from './designation-templates.ts';
import { REVIEW_TEMPLATES } from './review-templates.ts';
import { inLanguage as t, template } from './template.ts';

const receiptData = z.object({
  reference: z.string(),
  title: z.string(),
  submitterName: z.string(),
  areaName: z.string(),
  statusUrl: z.string(),
});

const pocData = z.object({
  reference: z.string(),
  title: z.string(),
  memberName: z.string(),
  place: z.string(),
  leadInstitution: z.string(),
  areaName: z.string(),
  submitterName: z.string(),
  submitterPosition: z.string(),
});

const storyData = z.object({ authorName: z.string(), title: z.string() });

export const INTAKE_TEMPLATES = {
  'submission-receipt': template({
    data: receiptData,
    compose: (data, language) => ({
      subject: t(language, {
        en: `Open Gov Challenge: we received your submission ${data.reference}`,
        fr: `Défi pour un gouvernement ouvert : nous avons reçu votre soumission ${data.reference}`,
        es: `Desafío de Gobierno Abierto: recibimos su envío ${data.reference}`,
      }),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Submission received', fr: 'Soumission reçue', es: 'Envío recibido' }) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: `Dear ${data.submitterName}, thank you for submitting a reform to the Open Gov Challenge. The OGP Support Unit reviews submissions every month against the Challenge criteria and will tell you the outcome.`,
            fr: `Bonjour ${data.submitterName}, merci d'avoir soumis une réforme au Défi pour un gouvernement ouvert. L'Unité d'appui du PGO examine les soumissions chaque mois au regard des critères du Défi et vous informera du résultat.`,
            es: `Estimado/a ${data.submitterName}: gracias por enviar una reforma al Desafío de Gobierno Abierto. La Unidad de Apoyo de OGP revisa los envíos cada mes según los criterios del Desafío y le comunicará el resultado.`,
          }),
        },
        { kind: 'field', label: t(language, { en: 'Reference', fr: 'Référence', es: 'Referencia' }), value: data.reference },
        { kind: 'field', label: t(language, { en: 'Title', fr: 'Titre', es: 'Título' }), value: data.title },
        { kind: 'field', label: t(language, { en: 'Challenge area', fr: 'Domaine du Défi', es: 'Área del Desafío' }), value: data.areaName },
        {
          kind: 'link',
          label: t(language, { en: 'Follow your submission (private link)', fr: 'Suivre votre soumission (lien privé)', es: 'Seguir su envío (enlace privado)' }),
          url: data.statusUrl,
        },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'Keep this link private: anyone who has it can see and withdraw the submission.',
            fr: 'Gardez ce lien privé : toute personne qui le possède peut consulter et retirer la soumission.',
            es: 'Mantenga este enlace en privado: quien lo tenga puede ver y retirar el envío.',
          }),
        },
      ],
    }),
  }),
  'poc-informed': template({
    data: pocData,
    compose: (data, language) => ({
      subject: t(language, {
        en: `Open Gov Challenge: a new submission from your member (${data.reference})`,
        fr: `Défi pour un gouvernement ouvert : nouvelle soumission de votre membre (${data.reference})`,
        es: `Desafío de Gobierno Abierto: nuevo envío de su miembro (${data.reference})`,
      }),
      lines: [
        {
          kind: 'heading',
          text: t(language, { en: 'For your information', fr: 'Pour information', es: 'Para su información' }),
        },
        {
          kind: 'paragraph',
          text: t(language, {
            en: `An institution of ${data.memberName} submitted a standalone reform to the Open Gov Challenge. No action is required from you; the OGP Support Unit will review it.`,
            fr: `Une institution de ${data.memberName} a soumis une réforme indépendante au Défi pour un gouvernement ouvert. Aucune action n'est requise de votre part ; l'Unité d'appui du PGO l'examinera.`,
            es: `Una institución de ${data.memberName} envió una reforma independiente al Desafío de Gobierno Abierto. No se requiere ninguna acción de su parte; la Unidad de Apoyo de OGP la revisará.`,
          }),
        },
        { kind: 'field', label: t(language, { en: 'Reference', fr: 'Référence', es: 'Referencia' }), value: data.reference },
        { kind: 'field', label: t(language, { en: 'Title', fr: 'Titre', es: 'Título' }), value: data.title },
        { kind: 'field', label: t(language, { en: 'Where', fr: 'Où', es: 'Dónde' }), value: data.place },
        { kind: 'field', label: t(language, { en: 'Lead institution', fr: 'Institution responsable', es: 'Institución responsable' }), value: data.leadInstitution },
        { kind: 'field', label: t(language, { en: 'Challenge area', fr: 'Domaine du Défi', es: 'Área del Desafío' }), value: data.areaName },
        {
          kind: 'field',
          label: t(language, { en: 'Submitted by', fr: 'Soumis par', es: 'Enviado por' }),
          value: `${data.submitterName} (${data.submitterPosition})`,
        },
      ],
    }),
  }),
  'story-thanks': template({
    data: storyData,
    compose: (data, language) => ({
      subject: t(language, {
        en: 'Open Gov Challenge: thank you for your story',
        fr: 'Défi pour un gouvernement ouvert : merci pour votre récit',
        es: 'Desafío de Gobierno Abierto: gracias por su historia',
      }),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Thank you', fr: 'Merci', es: 'Gracias' }) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: `Dear ${data.authorName}, thank you for sharing your inspiration story. The OGP Support Unit will read it before it is published.`,
            fr: `Bonjour ${data.authorName}, merci d'avoir partagé votre récit inspirant. L'Unité d'appui du PGO le lira avant sa publication.`,
            es: `Estimado/a ${data.authorName}: gracias por compartir su historia inspiradora. La Unidad de Apoyo de OGP la leerá antes de publicarla.`,
          }),
        },
        { kind: 'field', label: t(language, { en: 'Title', fr: 'Titre', es: 'Título' }), value: data.title },
      ],
    }),
  }),
};

export const TEMPLATES = { ...INTAKE_TEMPLATES, ...REVIEW_TEMPLATES, ...DESIGNATION_TEMPLATES };
export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as [TemplateName, ...TemplateName[]];
export type TemplateData<Name extends TemplateName> = z.input<(typeof TEMPLATES)[Name]['data']>;
