import * as z from 'zod';
import { DESIGNATION_TEMPLATES } from './designation-templates.ts';
import { REVIEW_TEMPLATES } from './review-templates.ts';
import { areaLabel, greeting, inLanguage as t, referenceLabel, template, titleLabel } from './template.ts';

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
    secrets: ['statusUrl'],
    compose: (data, language) => ({
      subject: t(language, {
        en: `Open Gov Challenge: we received your submission ${data.reference}`,
        fr: `Défi pour un gouvernement ouvert : nous avons reçu votre soumission ${data.reference}`,
        es: `Desafío de Gobierno Abierto: recibimos su envío ${data.reference}`,
      }),
      preheader: t(language, {
        en: `Your reference is ${data.reference}. Follow your submission through its private link.`,
        fr: `Votre référence est ${data.reference}. Suivez votre soumission grâce à son lien privé.`,
        es: `Su referencia es ${data.reference}. Siga su envío mediante su enlace privado.`,
      }),
      reason: t(language, {
        en: 'You receive this email because a reform was submitted to the Open Gov Challenge with this email address.',
        fr: "Vous recevez cet e-mail parce qu'une réforme a été soumise au Défi pour un gouvernement ouvert avec cette adresse.",
        es: 'Recibe este correo porque se envió una reforma al Desafío de Gobierno Abierto con esta dirección.',
      }),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Submission received', fr: 'Soumission reçue', es: 'Envío recibido' }) },
        { kind: 'paragraph', text: greeting(language, data.submitterName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'Thank you for submitting a reform to the Open Gov Challenge. Every month the OGP Support Unit reviews submissions against the Challenge criteria; we will email you the outcome.',
            fr: "Merci d'avoir soumis une réforme au Défi pour un gouvernement ouvert. Chaque mois, l'Unité d'appui du PGO examine les soumissions au regard des critères du Défi\u00a0; nous vous communiquerons le résultat par e-mail.",
            es: 'Gracias por enviar una reforma al Desafío de Gobierno Abierto. Cada mes, la Unidad de Apoyo de OGP revisa los envíos según los criterios del Desafío; le comunicaremos el resultado por correo electrónico.',
          }),
        },
        { kind: 'field', label: referenceLabel(language), value: data.reference },
        { kind: 'field', label: titleLabel(language), value: data.title },
        { kind: 'field', label: areaLabel(language), value: data.areaName },
        {
          kind: 'action',
          label: t(language, { en: 'Follow your submission', fr: 'Suivre votre soumission', es: 'Seguir su envío' }),
          url: data.statusUrl,
        },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'This link is private: anyone who has it can see, correct and withdraw your submission. Please do not forward this email.',
            fr: "Ce lien est personnel\u00a0: toute personne qui le possède peut consulter, corriger et retirer votre soumission. Merci de ne pas transférer cet e-mail.",
            es: 'Este enlace es personal: quien lo tenga puede consultar, corregir y retirar su envío. Le rogamos que no reenvíe este correo.',
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
      reason: t(language, {
        en: `You receive this email as a point of contact of ${data.memberName} in the OGP member registry.`,
        fr: `Vous recevez cet e-mail en tant que point de contact de ${data.memberName} dans le registre des membres du PGO.`,
        es: `Recibe este correo como punto de contacto de ${data.memberName} en el registro de miembros de OGP.`,
      }),
      lines: [
        { kind: 'heading', text: t(language, { en: 'For your information', fr: 'Pour information', es: 'Para su información' }) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: `An institution of ${data.memberName} submitted a standalone reform to the Open Gov Challenge. No action is required from you: the OGP Support Unit will review it.`,
            fr: `Une institution de ${data.memberName} a soumis une réforme indépendante au Défi pour un gouvernement ouvert. Vous n'avez rien à faire\u00a0: l'Unité d'appui du PGO l'examinera.`,
            es: `Una institución de ${data.memberName} envió una reforma independiente al Desafío de Gobierno Abierto. No tiene que hacer nada: la Unidad de Apoyo de OGP la revisará.`,
          }),
        },
        { kind: 'field', label: referenceLabel(language), value: data.reference },
        { kind: 'field', label: titleLabel(language), value: data.title },
        { kind: 'field', label: t(language, { en: 'Where', fr: 'Lieu', es: 'Lugar' }), value: data.place },
        { kind: 'field', label: t(language, { en: 'Lead institution', fr: 'Institution responsable', es: 'Institución responsable' }), value: data.leadInstitution },
        { kind: 'field', label: areaLabel(language), value: data.areaName },
        {
          kind: 'field',
          label: t(language, { en: 'Submitted by', fr: 'Soumise par', es: 'Enviada por' }),
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
      reason: t(language, {
        en: 'You receive this email because an inspiration story was shared with the Open Gov Challenge from this email address.',
        fr: "Vous recevez cet e-mail parce qu'un récit inspirant a été partagé avec le Défi pour un gouvernement ouvert depuis cette adresse.",
        es: 'Recibe este correo porque se compartió una historia inspiradora con el Desafío de Gobierno Abierto desde esta dirección.',
      }),
      lines: [
        { kind: 'heading', text: t(language, { en: 'Thank you for your story', fr: 'Merci pour votre récit', es: 'Gracias por su historia' }) },
        { kind: 'paragraph', text: greeting(language, data.authorName) },
        {
          kind: 'paragraph',
          text: t(language, {
            en: 'Thank you for sharing your inspiration story. The OGP Support Unit will read it before it is published alongside the Challenge reforms.',
            fr: "Merci d'avoir partagé votre récit inspirant. L'Unité d'appui du PGO le lira avant de le publier aux côtés des réformes du Défi.",
            es: 'Gracias por compartir su historia inspiradora. La Unidad de Apoyo de OGP la leerá antes de publicarla junto a las reformas del Desafío.',
          }),
        },
        { kind: 'field', label: titleLabel(language), value: data.title },
      ],
    }),
  }),
};

export const TEMPLATES = { ...INTAKE_TEMPLATES, ...REVIEW_TEMPLATES, ...DESIGNATION_TEMPLATES };
export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as [TemplateName, ...TemplateName[]];
export type TemplateData<Name extends TemplateName> = z.input<(typeof TEMPLATES)[Name]['data']>;
