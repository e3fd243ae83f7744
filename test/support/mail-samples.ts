import { areaName } from '../../shared/domain/areas.ts';
import { criterionName } from '../../shared/domain/criteria.ts';
import type { Language } from '../../shared/domain/language.ts';
import type { TemplateData, TemplateName } from '../../shared/mail/templates.ts';

/**
 * Data for every email template, as realistic as the platform's own: the unit tests render each in
 * every language from these, and `npm run emails` writes them to HTML files and screenshots.
 * Names and titles carry markup and accents, so escaping shows wherever it matters.
 */
const base = 'https://challenge.example.org';
const reference = 'OGC-2026-11-0042';
const token = 'q9Vh1cXJ3mP0oZ8b2s7rT4wYkLdE6fGaN5uQ-_iOpRs';
const hostileTitle = 'Registre ouvert des algorithmes <b>publics</b> & "données"';
const submitterName = 'Zoë Ndiaye-Müller';

/** Area and criterion names come in the reader's language, as the platform fills them. */
export const mailSamples = (language: Language): { [Name in TemplateName]: TemplateData<Name> } => ({
  'submission-receipt': {
    reference,
    title: hostileTitle,
    submitterName,
    areaName: areaName('digital-governance', language),
    statusUrl: `${base}/status/${reference}#token=${token}`,
  },
  'poc-informed': {
    reference,
    title: hostileTitle,
    memberName: 'Senegal',
    place: 'Senegal',
    leadInstitution: 'Commission de protection des données personnelles',
    areaName: areaName('digital-governance', language),
    submitterName,
    submitterPosition: 'Directrice des systèmes d’information',
  },
  'story-thanks': { authorName: 'Awa <i>Diop</i>', title: 'Des budgets participatifs dans nos quartiers' },
  'reviewer-digest': { cycle: '2026-11', toReview: 37, deadline: '2026-12-22T06:00:00Z', consoleUrl: `${base}/console/cycles/2026-11` },
  'reviewer-reminder': {
    cycle: '2026-11',
    undecided: 3,
    references: ['OGC-2026-11-0007', 'OGC-2026-11-0019', 'OGC-2026-11-0042'],
    deadline: '2026-12-22T06:00:00Z',
    consoleUrl: `${base}/console/cycles/2026-11`,
  },
  'outcome-eligible': {
    reference,
    cycle: '2026-11',
    title: hostileTitle,
    submitterName,
    statusUrl: `${base}/status/${reference}#token=${token}`,
    areaName: areaName('public-participation', language),
    submittedAreaName: areaName('digital-governance', language),
    reformUrl: `${base}/reforms/${reference}`,
  },
  'outcome-not-eligible': {
    reference,
    cycle: '2026-11',
    title: hostileTitle,
    submitterName,
    statusUrl: `${base}/status/${reference}#token=${token}`,
    failedCriteria: [criterionName('public-ownership', language), criterionName('within-period', language)],
  },
  'outcome-needs-info': {
    reference,
    cycle: '2026-11',
    title: hostileTitle,
    submitterName,
    statusUrl: `${base}/status/${reference}#token=${token}`,
    question: 'Which agency owns the register, and who funds it after 2027?\nPlease attach the <decree>.',
  },
  'answer-received': { reference, title: hostileTitle, submitterName },
  'cycle-summary': {
    cycle: '2026-11',
    eligible: 12,
    notEligible: 4,
    needsInfo: 2,
    carriedOver: 1,
    withdrawn: 1,
    byArea: [
      { area: 'Digital Governance', eligible: 5, notEligible: 1, needsInfo: 1, carriedOver: 0 },
      { area: 'Fiscal Openness', eligible: 7, notEligible: 3, needsInfo: 1, carriedOver: 1 },
    ],
    retags: [{ reference, from: 'Digital Governance', to: 'Public Participation' }],
    promising: ['OGC-2026-11-0003', reference],
    carriedOverReferences: ['OGC-2026-11-0050'],
    summaryUrl: `${base}/console/cycles/2026-11/summary`,
  },
  'workflow-alert': {
    cycle: '2026-11',
    error: 'Lambda.ServiceException',
    cause: '{"errorMessage":"Rate exceeded <b>while</b> releasing page 3"}',
    consoleUrl: `${base}/console/cycles/2026-11`,
  },
  'designation-request': {
    reference,
    title: hostileTitle,
    memberName: 'Senegal',
    leadInstitution: 'Commission de protection des données personnelles',
    areaName: areaName('digital-governance', language),
    submitterName,
    submitterPosition: 'Directrice des systèmes d’information',
    actionPlanId: 'SN-2025-2027',
    commitmentId: 'SN0012',
    confirmUrl: `${base}/designation/${reference}#sig=${token}`,
    expiresAt: '2026-12-30T00:00:00Z',
    reminder: 0,
  },
  'support-unit-digest': {
    cycle: '2026-11',
    // Counts beyond the examples, as a cycle on a registry with few contacts has them.
    uninformedCount: 137,
    uninformed: [
      { reference, title: hostileTitle, memberName: 'Senegal' },
      { reference: 'OGC-2026-11-0012', title: 'Registre public des bénéficiaires effectifs', memberName: 'Côte d’Ivoire' },
      { reference: 'OGC-2026-11-0019', title: 'Presupuestos participativos municipales', memberName: 'Paraguay' },
    ],
    unconfirmedCount: 2,
    unconfirmed: [
      { reference: 'OGC-2026-11-0007', title: 'Open contracting portal', memberName: 'Kenya', submittedAt: '2026-11-03T10:00:00Z', remindersSent: 2, pocInformed: true },
      { reference: 'OGC-2026-11-0031', title: 'Open data on public works', memberName: 'Silentia', submittedAt: '2026-11-09T15:30:00Z', remindersSent: 0, pocInformed: false },
    ],
    membersUrl: `${base}/console/members`,
    designationsUrl: `${base}/console/designations`,
  },
});
