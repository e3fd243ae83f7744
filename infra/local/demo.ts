import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AREA_IDS, areaName } from '../../shared/domain/areas.ts';
import { CRITERION_IDS, type CriterionId } from '../../shared/domain/criteria.ts';
import { cycleContaining } from '../../shared/domain/cycle.ts';
import { requestFingerprint } from '../../shared/domain/idempotency.ts';
import type { Language } from '../../shared/domain/language.ts';
import type { PublicLevel, PublicMember } from '../../shared/domain/members.ts';
import type { Reform } from '../../shared/domain/reform.ts';
import type { decisionRequestSchema, storyRequestSchema, submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { normalizeTitle } from '../../shared/domain/screening.ts';
import { reformItem } from '../../shared/store/public-lists.ts';
import { SUBMISSIONS_TABLE } from '../../shared/store/tables.ts';
import { localDynamoClient, localTableName } from './dynamodb.ts';
import { DEV_USERS } from './jwt-issuer.ts';
import { REPO_ROOT } from './lambda-runtime.ts';
import { callApi, type ApiReply, type ApiRequest } from './api-client.ts';

/**
 * `npm run demo` — run while `npm start` runs in another terminal. It leaves the local platform
 * in a state where a newcomer sees the whole flow:
 *
 *   1. published Challenge reforms from an earlier cycle (OGP's public tracker rows, from the
 *      shared fixture), written straight into DynamoDB Local — history that predates the platform;
 *   2. eleven new commitments and two inspiration stories, posted through the public API;
 *   3. this month's review cycle, started as admin and opened, with two sample decisions;
 *   4. a summary of what was created and where to look (inbox, console, public endpoints).
 *
 * Everything but step 1 goes through the HTTP API, as a form front-end and the review console
 * would. Re-running it is harmless: nothing is created twice, decisions already made are left
 * alone, and a cycle that was already started, or released, is reported as it is.
 *
 * Environment: OGC_API_URL (http://localhost:3000), OGC_DYNAMODB_URL (http://127.0.0.1:8000),
 * OGC_INBOX_URL (http://127.0.0.1:8005), REVIEW_TIME_ZONE (UTC) — match the ports `npm start` uses.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const startedAt = Date.now();
const trimSlash = (url: string) => url.replace(/\/+$/, '');
const API_URL = trimSlash(process.env.OGC_API_URL || 'http://localhost:3000');
const DYNAMODB_URL = trimSlash(process.env.OGC_DYNAMODB_URL || 'http://127.0.0.1:8000');
const INBOX_URL = trimSlash(process.env.OGC_INBOX_URL || 'http://127.0.0.1:8005');
const TIME_ZONE = process.env.REVIEW_TIME_ZONE || 'UTC';
const FIXTURE_FILE = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'published-reforms.json');

const REVIEWER = 'reviewer@example.org';
const ADMIN = 'admin@example.org';

/** The earlier cycle the fixture's reforms are presented as published in. */
const HISTORY_CYCLE = '2025-06';
const HISTORY_PUBLISHED_AT = '2025-07-15T10:00:00.000Z';

// ------------------------------------------------------------------------------- small helpers

class DemoError extends Error {
  override readonly name = 'DemoError';
}

const log = (line = '') => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** A step heading, with the time since the start: where a slow run spends its time shows at a glance. */
const step = (title: string) => log(`\n▸ ${title}   [${seconds(Date.now() - startedAt)}]`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;


/** One request to the platform's API; the body is parsed when it is JSON. */
function call<T>(method: 'GET' | 'POST', route: string, options: Omit<ApiRequest, 'method'> = {}): Promise<ApiReply<T>> {
  return callApi<T>(API_URL, route, { ...options, method });
}

/** The API's error shape, squeezed into one line for a message. */
function describeReply(reply: ApiReply<unknown>): string {
  const error = (reply.body as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } } | null)?.error;
  if (!error) return `HTTP ${reply.status} ${reply.text.slice(0, 300)}`;
  const fields = (error.fields ?? []).map((field) => `${field.path}: ${field.message}`).join('; ');
  return `HTTP ${reply.status} ${error.code ?? ''}: ${error.message ?? ''}${fields ? ` (${fields})` : ''}`;
}

function expectStatus<T>(reply: ApiReply<T>, accepted: number[], what: string): ApiReply<T> {
  if (!accepted.includes(reply.status)) throw new DemoError(`${what} failed: ${describeReply(reply)}`);
  return reply;
}

/** Fetch failures that mean "nothing listens there" (as opposed to a slow or failing server). */
function isUnreachable(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code !== undefined && ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(code);
}

const isTimeout = (error: unknown) => (error as Error).name === 'TimeoutError';

/** Polls `probe` until it gives a value, or gives up after `timeoutMs` with `what` in the message. */
async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoError(`Timed out after ${seconds(timeoutMs)} waiting for ${what}`);
    await sleep(400);
  }
}

// ------------------------------------------------------------------------------- the demo's data

type SubmissionInput = z.input<typeof submissionRequestSchema>;
type StoryInput = z.input<typeof storyRequestSchema>;
type DecisionInput = z.input<typeof decisionRequestSchema>;

interface DemoCommitment {
  /** Stable id: the Idempotency-Key is derived from it. */
  id: string;
  /** What this one shows the newcomer, printed in the summary. */
  shows?: string;
  request: SubmissionInput;
}

interface DemoStory {
  id: string;
  /** Published by the reviewer (so `GET /v1/stories` has one); the other waits for moderation. */
  publish: boolean;
  request: StoryInput;
}

/**
 * Invented people with example.org addresses; real member names (OGP's membership is public).
 * Dates are fixed, not relative to today, so a re-run posts byte-identical requests and the
 * Idempotency-Key replays the first receipt.
 */
const COMMITMENTS: readonly DemoCommitment[] = [
  {
    id: 'ghana-citizens-budget',
    shows: 'decided eligible by the demo (substantial ambition, co-created: promising)',
    request: {
      channel: 'standalone',
      language: 'en',
      submitter: { name: 'Kwame Asante', email: 'kwame.asante@example.org', position: 'Director, Budget Division' },
      member: { type: 'national', memberId: 'ghana' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: 'Ministry of Finance', isPublic: true },
      partners: [
        { name: 'Ghana Budget Transparency Coalition', kind: 'civil-society' },
        { name: 'Institute for Fiscal Studies Accra', kind: 'academic' },
      ],
      title: "Publish a citizens' budget and in-year spending reports",
      area: 'fiscal-openness',
      problem: 'Citizens and Parliament see the budget once a year, in a 400-page document, and have no view of spending while the year runs.',
      statusQuo: 'The approved budget is published as a PDF. In-year execution reports are prepared for internal use only and are not released.',
      description:
        "Publish a plain-language citizens' budget with every approved budget, release quarterly in-year execution reports as open data within 45 days of the end of each quarter, and hold pre-budget public hearings in all 16 regions with a published record of what was heard.",
      values: ['transparency', 'civic-participation', 'public-accountability'],
      milestones: [
        { description: "Publish the first citizens' budget alongside the 2027 budget statement", deliverable: "Citizens' budget 2027", dueDate: '2027-03-31' },
        { description: 'Release quarterly in-year execution reports as open data', deliverable: 'Quarterly execution reports (CSV and PDF)', dueDate: '2027-09-30' },
        { description: 'Hold pre-budget hearings in all 16 regions and publish the feedback report', deliverable: 'Hearings feedback report', dueDate: '2028-06-30' },
      ],
      startDate: '2026-07-01',
      endDate: '2028-12-31',
      status: 'ongoing',
      coCreated: true,
      links: ['https://www.example.org/ghana/citizens-budget'],
      consentToPublish: true,
    },
  },
  {
    id: 'france-algorithm-inventory',
    request: {
      channel: 'standalone',
      language: 'fr',
      submitter: { name: 'Camille Laurent', email: 'camille.laurent@example.org', position: 'Cheffe de projet, transparence des algorithmes publics' },
      member: { type: 'national', memberId: 'france' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: 'Direction interministérielle du numérique (DINUM)', isPublic: true },
      partners: [
        { name: 'Collectif citoyen pour des algorithmes transparents', kind: 'civil-society' },
        { name: "Laboratoire de recherche en éthique du numérique", kind: 'academic' },
      ],
      title: 'Publier un inventaire des algorithmes publics utilisés pour les décisions individuelles',
      area: 'digital-governance',
      problem:
        "Les usagers ignorent le plus souvent qu'un algorithme intervient dans une décision qui les concerne (aides sociales, affectations scolaires, contrôles), alors que la loi leur donne le droit d'en être informés.",
      statusQuo:
        "Quelques administrations publient la liste de leurs principaux traitements algorithmiques, mais il n'existe ni format commun ni inventaire interministériel, et les explications sont rarement compréhensibles par le grand public.",
      description:
        "Créer un inventaire public et interministériel des algorithmes utilisés pour prendre des décisions individuelles, selon un format ouvert commun ; accompagner chaque entrée d'une explication en langage clair et d'un point de contact ; instituer un comité de suivi associant la société civile, qui publiera un rapport annuel.",
      values: ['transparency', 'public-accountability', 'civic-participation'],
      milestones: [
        { description: 'Adopter, après consultation publique, le format commun de description des algorithmes', deliverable: 'Format de description publié', dueDate: '2027-03-31' },
        { description: "Publier l'inventaire avec au moins 100 algorithmes issus de 10 ministères", deliverable: 'Inventaire en données ouvertes', dueDate: '2027-12-31' },
        { description: 'Publier le premier rapport annuel du comité de suivi', deliverable: 'Rapport annuel du comité', dueDate: '2028-06-30' },
      ],
      startDate: '2026-09-01',
      endDate: '2028-09-30',
      status: 'ongoing',
      coCreated: true,
      links: ['https://www.example.org/france/inventaire-algorithmes'],
      consentToPublish: true,
    },
  },
  {
    id: 'dakar-participatory-budget',
    shows: 'an OGP Local member',
    request: {
      channel: 'standalone',
      language: 'fr',
      submitter: { name: 'Mariama Sow', email: 'mariama.sow@example.org', position: 'Coordinatrice du budget participatif' },
      member: { type: 'local', memberId: 'senegal--dakar', jurisdiction: 'Dakar' },
      government: { level: 'local', branch: 'executive' },
      leadInstitution: { name: 'Ville de Dakar', isPublic: true },
      partners: [{ name: 'Forum des associations de quartier de Dakar', kind: 'civil-society' }],
      title: 'Étendre le budget participatif à toutes les communes de la ville de Dakar',
      area: 'public-participation',
      problem:
        "Les habitants, en particulier les femmes et les jeunes, prennent peu part aux choix d'investissement de la ville, qui sont arrêtés sans consultation structurée.",
      statusQuo: "Un budget participatif a été expérimenté dans quatre communes ; les projets retenus ne font l'objet d'aucun suivi public.",
      description:
        "Consacrer chaque année une part du budget d'investissement à des projets proposés et votés par les habitants des 19 communes, avec des assemblées de quartier, un vote en ligne et par SMS, des objectifs de participation des femmes et des jeunes, et un tableau de bord public du suivi des projets.",
      values: ['civic-participation', 'transparency'],
      milestones: [
        { description: 'Adopter la charte du budget participatif en conseil municipal', deliverable: 'Charte adoptée et publiée', dueDate: '2027-02-28' },
        { description: 'Organiser le premier vote dans les 19 communes', deliverable: 'Résultats du vote publiés', dueDate: '2027-10-31' },
        { description: 'Mettre en ligne le tableau de bord de suivi des projets', deliverable: 'Tableau de bord public', dueDate: '2028-03-31' },
      ],
      startDate: '2026-10-01',
      endDate: '2028-12-31',
      status: 'ongoing',
      coCreated: true,
      links: ['https://www.example.org/dakar/budget-participatif'],
      consentToPublish: true,
    },
  },
  {
    id: 'morocco-access-to-information',
    request: {
      channel: 'standalone',
      language: 'fr',
      submitter: { name: 'Youssef El Amrani', email: 'youssef.elamrani@example.org', position: "Chef du service de l'accès à l'information" },
      member: { type: 'national', memberId: 'morocco' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: "Ministère de la Transition numérique et de la Réforme de l'administration", isPublic: true },
      partners: [{ name: "Coalition citoyenne pour l'accès à l'information", kind: 'civil-society' }],
      title: "Renforcer la mise en œuvre de la loi sur le droit d'accès à l'information",
      area: 'access-to-information',
      problem: "Les demandes d'accès à l'information restent souvent sans réponse dans les délais légaux, et les citoyens ne savent pas à qui s'adresser.",
      statusQuo:
        "La loi 31-13 est en vigueur et un portail national reçoit les demandes, mais la publication proactive reste inégale selon les administrations et aucun indicateur de délai de réponse n'est publié.",
      description:
        "Désigner et former un responsable de l'information dans chaque administration centrale et régionale, publier chaque trimestre les délais de réponse par administration et adopter un plan de publication proactive élaboré avec la société civile.",
      values: ['transparency', 'public-accountability'],
      milestones: [
        { description: "Former les responsables de l'information des 12 régions", deliverable: 'Rapport de formation', dueDate: '2027-06-30' },
        { description: 'Publier le premier tableau trimestriel des délais de réponse', deliverable: 'Tableau de bord des délais', dueDate: '2027-09-30' },
        { description: 'Adopter le plan national de publication proactive', deliverable: 'Plan publié', dueDate: '2028-03-31' },
      ],
      startDate: '2027-01-01',
      endDate: '2028-12-31',
      status: 'planned',
      coCreated: true,
      links: [],
      consentToPublish: true,
    },
  },
  {
    id: 'bogota-air-quality',
    shows: 'an OGP Local member',
    request: {
      channel: 'standalone',
      language: 'es',
      submitter: { name: 'Andrés Gómez', email: 'andres.gomez@example.org', position: 'Asesor de Gobierno Abierto' },
      member: { type: 'local', memberId: 'colombia--bogota', jurisdiction: 'Bogotá' },
      government: { level: 'local', branch: 'executive' },
      leadInstitution: { name: 'Secretaría Distrital de Ambiente de Bogotá', isPublic: true },
      partners: [
        { name: 'Red ciudadana de monitoreo del aire', kind: 'civil-society' },
        { name: 'Observatorio universitario de calidad del aire', kind: 'academic' },
      ],
      title: 'Datos abiertos de calidad del aire y seguimiento ciudadano del Plan de Acción Climática',
      area: 'climate-environment',
      problem:
        'Los datos de calidad del aire se publican en formatos difíciles de reutilizar y la ciudadanía no puede seguir el avance de las metas del Plan de Acción Climática.',
      statusQuo: 'La red de monitoreo publica promedios diarios en un visor web; las metas climáticas se reportan una vez al año en un informe en PDF.',
      description:
        'Publicar en datos abiertos, cada hora, las mediciones de todas las estaciones de monitoreo; crear un tablero público de seguimiento de las metas del Plan de Acción Climática; y conformar mesas ciudadanas por localidad que revisen los avances dos veces al año y reciban respuesta por escrito de la Secretaría.',
      values: ['transparency', 'civic-participation', 'public-accountability'],
      milestones: [
        { description: 'Publicar las mediciones horarias de la red de monitoreo en datos abiertos', deliverable: 'Conjunto de datos abiertos', dueDate: '2027-04-30' },
        { description: 'Lanzar el tablero de seguimiento del Plan de Acción Climática', deliverable: 'Tablero público', dueDate: '2027-11-30' },
        { description: 'Realizar la primera ronda de mesas ciudadanas en las 20 localidades', deliverable: 'Informe de las mesas y respuestas de la Secretaría', dueDate: '2028-05-31' },
      ],
      startDate: '2026-08-01',
      endDate: '2028-10-31',
      status: 'ongoing',
      coCreated: true,
      links: ['https://www.example.org/bogota/calidad-del-aire'],
      consentToPublish: true,
    },
  },
  {
    id: 'spain-lobbying-register',
    shows: 'an action-plan commitment (no POC notice: the MSF designated it)',
    request: {
      channel: 'action-plan',
      language: 'es',
      submitter: { name: 'Lucía Fernández', email: 'lucia.fernandez@example.org', position: 'Subdirectora adjunta de Gobierno Abierto' },
      member: { type: 'national', memberId: 'spain' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: 'Ministerio para la Transformación Digital y de la Función Pública', isPublic: true },
      partners: [{ name: 'Foro de Gobierno Abierto (sociedad civil)', kind: 'civil-society' }],
      title: 'Registro obligatorio de grupos de interés y huella normativa',
      area: 'anti-corruption',
      problem: 'La ciudadanía no puede saber quién influye en la elaboración de las normas ni con qué frecuencia se reúnen los altos cargos con grupos de interés.',
      statusQuo: 'Existen registros voluntarios en algunos organismos; las agendas de los altos cargos se publican de forma heterogénea y sin datos reutilizables.',
      description:
        'Aprobar y poner en marcha un registro obligatorio de grupos de interés para la Administración General del Estado, con un código de conducta, la publicación en datos abiertos de las agendas de los altos cargos y una huella normativa que documente las contribuciones recibidas en cada proyecto normativo.',
      values: ['transparency', 'public-accountability'],
      milestones: [
        { description: 'Aprobar la norma que crea el registro obligatorio', deliverable: 'Norma publicada en el BOE', dueDate: '2027-06-30' },
        { description: 'Poner en funcionamiento el registro y publicar sus datos en abierto', deliverable: 'Registro en línea y datos abiertos', dueDate: '2027-12-31' },
        { description: 'Publicar la huella normativa de todos los proyectos de ley del año', deliverable: 'Informe de huella normativa', dueDate: '2028-09-30' },
      ],
      startDate: '2025-10-01',
      endDate: '2028-12-31',
      status: 'ongoing',
      coCreated: true,
      actionPlan: { id: 'ESP-AP5', commitmentId: 'ESP-AP5-C03', designatedByMsf: true },
      links: ['https://www.example.org/espana/registro-grupos-de-interes'],
      consentToPublish: true,
    },
  },
  {
    id: 'valparaiso-civil-society-councils',
    shows: "a local non-member jurisdiction (Chile's POC is informed)",
    request: {
      channel: 'standalone',
      language: 'es',
      submitter: { name: 'Catalina Rojas', email: 'catalina.rojas@example.org', position: 'Encargada de Participación Ciudadana' },
      member: { type: 'local-non-member', memberId: 'chile', jurisdiction: 'Valparaíso' },
      government: { level: 'local', branch: 'executive' },
      leadInstitution: { name: 'Municipalidad de Valparaíso', isPublic: true },
      partners: [{ name: 'Unión comunal de juntas de vecinos de Valparaíso', kind: 'civil-society' }],
      title: 'Fortalecer el consejo comunal de organizaciones de la sociedad civil',
      area: 'civic-space',
      problem: 'Las organizaciones vecinales y culturales tienen pocos espacios formales para incidir en las decisiones municipales y no saben cómo se usan sus aportes.',
      statusQuo: 'El consejo comunal de la sociedad civil sesiona de forma irregular, sin presupuesto propio y sin publicar sus actas.',
      description:
        'Reformar la ordenanza de participación para que el consejo comunal sesione cada mes con actas públicas, cuente con un fondo concursable para organizaciones de base y reciba una respuesta fundada del concejo municipal a cada una de sus propuestas; además, simplificar en línea la inscripción de nuevas organizaciones.',
      values: ['civic-participation', 'public-accountability'],
      milestones: [
        { description: 'Aprobar la nueva ordenanza de participación ciudadana', deliverable: 'Ordenanza publicada', dueDate: '2027-05-31' },
        { description: 'Abrir la primera convocatoria del fondo concursable', deliverable: 'Bases y resultados publicados', dueDate: '2027-10-31' },
        { description: 'Publicar el primer informe anual de respuestas del concejo', deliverable: 'Informe anual', dueDate: '2028-04-30' },
      ],
      startDate: '2026-06-01',
      endDate: '2028-08-31',
      status: 'ongoing',
      coCreated: true,
      links: [],
      consentToPublish: true,
    },
  },
  {
    id: 'philippines-beneficial-ownership',
    request: {
      channel: 'standalone',
      language: 'en',
      submitter: { name: 'Maria Santos', email: 'maria.santos@example.org', position: 'Assistant Director, Corporate Governance' },
      member: { type: 'national', memberId: 'philippines' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: 'Securities and Exchange Commission', isPublic: true },
      partners: [{ name: 'Coalition for Ownership Transparency', kind: 'civil-society' }],
      title: 'Open a public register of the beneficial owners of companies',
      area: 'anti-corruption',
      problem:
        'Anonymous companies are used to win public contracts and to move the proceeds of corruption; journalists and procurement officers cannot see who ultimately owns a bidder.',
      statusQuo: 'Companies declare their beneficial owners to the regulator, but the information is not verified and is not accessible to the public or to procuring entities.',
      description:
        'Publish beneficial ownership information as open data following the Beneficial Ownership Data Standard, verify declarations against other registers, and link the register to the government procurement system so that bidders’ owners are checked before an award.',
      values: ['transparency', 'public-accountability'],
      milestones: [
        { description: 'Issue the rules on public access to beneficial ownership data after consultation', deliverable: 'Published rules', dueDate: '2027-05-31' },
        { description: 'Publish the register as open data in the Beneficial Ownership Data Standard', deliverable: 'Open-data register', dueDate: '2027-12-31' },
        { description: 'Check bidders’ beneficial owners in the procurement system before award', deliverable: 'Integration report', dueDate: '2028-06-30' },
      ],
      startDate: '2026-04-01',
      endDate: '2028-12-31',
      status: 'ongoing',
      coCreated: false,
      links: ['https://www.example.org/philippines/beneficial-ownership'],
      consentToPublish: true,
    },
  },
  {
    id: 'armenia-journalists-access',
    shows: 'every milestone is past: screening fails it; decided not eligible by the demo',
    request: {
      channel: 'standalone',
      language: 'en',
      submitter: { name: 'Anahit Hakobyan', email: 'anahit.hakobyan@example.org', position: 'Head of Public Relations Department' },
      member: { type: 'national', memberId: 'armenia' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: 'Ministry of Justice', isPublic: true },
      partners: [{ name: 'Independent Press Association', kind: 'civil-society' }],
      title: "Guarantee journalists' access to court hearings and public meetings",
      area: 'media-freedom',
      problem: 'Journalists are often refused entry to court hearings and council meetings that are public by law, with no written reason and no remedy.',
      statusQuo: 'Accreditation rules differ between institutions and refusals are not recorded.',
      description: 'Adopt uniform accreditation rules for courts and public bodies, record and publish every refusal with its reason, and train court administrators.',
      values: ['transparency', 'public-accountability'],
      // Both milestones are already past: the automatic screening fails "ongoing or planned".
      milestones: [
        { description: 'Adopt uniform accreditation rules for courts and public bodies', deliverable: 'Government decree', dueDate: '2025-12-31' },
        { description: 'Train court administrators in all regions', deliverable: 'Training report', dueDate: '2026-06-30' },
      ],
      startDate: '2025-03-01',
      endDate: '2027-03-31',
      status: 'ongoing',
      coCreated: false,
      links: [],
      consentToPublish: true,
    },
  },
  {
    id: 'kaduna-gender-budgeting',
    shows: 'an OGP Local member (a state)',
    request: {
      channel: 'standalone',
      language: 'en',
      submitter: { name: 'Aisha Bello', email: 'aisha.bello@example.org', position: 'Director, Planning and Budget Commission' },
      member: { type: 'local', memberId: 'nigeria--kaduna-state', jurisdiction: 'Kaduna State' },
      government: { level: 'subnational', branch: 'executive' },
      leadInstitution: { name: 'Kaduna State Planning and Budget Commission', isPublic: true },
      partners: [
        { name: "Kaduna Women's Budget Network", kind: 'civil-society' },
        { name: 'Disability Rights Forum Kaduna', kind: 'civil-society' },
      ],
      title: "Gender-responsive budgeting with women's groups in every local government area",
      area: 'gender-inclusion',
      problem:
        "Spending on the services that matter most to women and girls (maternal health, girls' schooling, water) is hard to track, and women's groups are rarely consulted when priorities are set.",
      statusQuo: 'The state holds town-hall budget consultations, but few women attend and the budget is not tagged by its gender impact.',
      description:
        "Tag the state budget by gender impact, publish a gender budget statement every year, and hold dedicated consultations with women's and disability groups in all 23 local government areas, with a published record of how their priorities were taken into account.",
      values: ['civic-participation', 'transparency', 'public-accountability'],
      milestones: [
        { description: 'Adopt gender budget tagging guidelines', deliverable: 'Guidelines published', dueDate: '2027-03-31' },
        { description: 'Publish the first gender budget statement with the 2028 budget', deliverable: 'Gender budget statement', dueDate: '2027-12-31' },
        { description: 'Hold consultations in all 23 local government areas and publish the responses', deliverable: 'Consultation report', dueDate: '2028-07-31' },
      ],
      startDate: '2026-09-01',
      endDate: '2028-12-31',
      status: 'ongoing',
      coCreated: true,
      links: ['https://www.example.org/kaduna/gender-budget'],
      consentToPublish: true,
    },
  },
  {
    // Posted after the Ghana one above: same member and the same title up to case and
    // punctuation, so screening flags it as a possible duplicate of that earlier submission.
    id: 'ghana-citizens-budget-resubmitted',
    shows: 'a near-duplicate of the first Ghana submission (same member, same title up to case and punctuation)',
    request: {
      channel: 'standalone',
      language: 'en',
      submitter: { name: 'Efua Mensah', email: 'efua.mensah@example.org', position: 'Senior Economist, Public Investment Division' },
      member: { type: 'national', memberId: 'ghana' },
      government: { level: 'national', branch: 'executive' },
      leadInstitution: { name: 'Ministry of Finance', isPublic: true },
      partners: [{ name: 'Ghana Budget Transparency Coalition', kind: 'civil-society' }],
      title: "Publish a Citizens' Budget and In-Year Spending Reports.",
      area: 'fiscal-openness',
      problem: 'The budget is hard to read and spending during the year is not public.',
      statusQuo: 'Only the approved budget is published.',
      description: "Publish a citizens' budget and quarterly spending reports as open data, and consult citizens in every region before the budget is drafted.",
      values: ['transparency', 'civic-participation'],
      milestones: [
        { description: "Publish the citizens' budget", deliverable: "Citizens' budget", dueDate: '2027-03-31' },
        { description: 'Publish quarterly spending reports', deliverable: 'Quarterly reports', dueDate: '2027-12-31' },
      ],
      startDate: '2026-07-01',
      endDate: '2028-06-30',
      status: 'ongoing',
      coCreated: true,
      links: [],
      consentToPublish: true,
    },
  },
];

const STORIES: readonly DemoStory[] = [
  {
    id: 'makueni-maternity-ward',
    publish: true,
    request: {
      language: 'en',
      author: { name: 'Grace Wanjiku', email: 'grace.wanjiku@example.org', organisation: 'Makueni Youth Assembly' },
      place: 'Makueni, Kenya',
      area: 'public-participation',
      title: 'The budget meeting under a tree that built a maternity ward',
      story:
        'Every year our county invites each village to a budget meeting. Two years ago, in my ward, the meeting was held under a big acacia because the hall was too small for everyone who came.\n' +
        'The women spoke first: the nearest maternity ward was two hours away on foot. The project was voted as the ward’s first priority, the county published the contract and the monthly progress online, and a village committee visited the site every month.\n' +
        'The ward opened last spring. Young people in our assembly now help neighbours read the budget before each meeting.',
      links: ['https://www.example.org/makueni/participatory-budget'],
      consentToPublish: true,
    },
  },
  {
    id: 'montevideo-student-requests',
    publish: false,
    request: {
      language: 'es',
      author: { name: 'Sofía Ramírez', email: 'sofia.ramirez@example.org', organisation: 'Colectivo Datos en la Calle' },
      place: 'Montevideo, Uruguay',
      area: 'access-to-information',
      title: 'Estudiantes que preguntan: solicitudes de acceso a la información en el aula',
      story:
        'En un liceo público de Montevideo, los estudiantes de cuarto año aprendieron a presentar solicitudes de acceso a la información pública.\n' +
        'Preguntaron por el mantenimiento de su propio edificio, por los menús escolares y por las líneas de ómnibus que llegan a su barrio. Recibieron respuestas en los plazos legales y publicaron lo que encontraron en una muestra abierta al barrio.\n' +
        'Hoy otros tres liceos quieren repetir la experiencia.',
      links: [],
      consentToPublish: true,
    },
  },
];

/** The demo's sample decisions, recorded as the reviewer; every other submission is left undecided. */
const allPass = Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass'])) as Record<CriterionId, 'pass' | 'fail'>;
const SAMPLE_DECISIONS: Readonly<Record<string, DecisionInput>> = {
  'ghana-citizens-budget': {
    outcome: 'eligible',
    criteria: allPass,
    area: 'fiscal-openness',
    ambition: 'substantial',
    rationale:
      "Time-bound milestones through 2028, co-created with civil society; a citizens' budget with quarterly open execution data and regional hearings clearly advances fiscal openness.",
  },
  'armenia-journalists-access': {
    outcome: 'not-eligible',
    criteria: { ...allPass, 'ongoing-or-planned': 'fail' },
    area: 'media-freedom',
    ambition: 'modest',
    rationale: 'Every milestone submitted is already past: as submitted, the reform has no future milestone. The institution may resubmit with its remaining milestones.',
  },
};

// ------------------------------------------------------------------------------- 0. the platform

/**
 * Fails fast when nothing listens at the API URL. A platform that is still starting accepts
 * connections but answers once it is ready, so a slow answer is waited for (with a note).
 */
async function checkPlatform(): Promise<void> {
  const note = setTimeout(() => log(`  ${API_URL} is still starting; waiting for it…`), 2000);
  try {
    const reply = await call<{ status?: string }>('GET', '/v1/health', { timeoutMs: 120_000 });
    if (reply.status !== 200) throw new DemoError(`The platform at ${API_URL} is not healthy: ${describeReply(reply)}`);
  } catch (error) {
    if (error instanceof DemoError) throw error;
    if (isUnreachable(error)) throw new DemoError(`Nothing answers at ${API_URL}: start the platform first: npm start\n(or set OGC_API_URL to where it runs)`);
    if (isTimeout(error)) throw new DemoError(`${API_URL} accepts connections but did not answer within 2 minutes: is the platform stuck starting? Look at its terminal.`);
    throw error;
  } finally {
    clearTimeout(note);
  }
}

/** A token from the local platform's dev sign-in (the stand-in for Cognito). */
async function devToken(email: string): Promise<string> {
  const reply = await call<{ token?: string }>('POST', '/local/auth/token', { json: { email } });
  if (reply.status === 404) throw new DemoError(`${API_URL} has no dev sign-in (/local/auth/token): the demo runs against the local platform (npm start) only.`);
  expectStatus(reply, [200], `Signing in as ${email}`);
  if (!reply.body.token) throw new DemoError(`The dev sign-in answered without a token for ${email}`);
  return reply.body.token;
}

async function loadMembers(): Promise<PublicMember[]> {
  const reply = expectStatus(await call<{ members: PublicMember[] }>('GET', '/v1/members'), [200], 'Reading the member registry');
  return reply.body.members;
}

// ------------------------------------------------------------------------------- 1. history

const fixtureSchema = z.object({
  reforms: z.array(
    z.object({
      countryOrLocal: z.string().min(1),
      levelOfGovernment: z.enum(['National', 'Local', 'Local (non-member)']),
      leadInstitution: z.string().min(1),
      titleOfReform: z.string().min(1),
      challengeArea: z.enum(AREA_IDS),
    }),
  ),
});
type FixtureReform = z.infer<typeof fixtureSchema>['reforms'][number];

type HistoryResult =
  | { skipped: string }
  | { written: string[]; existing: string[]; unmatched: string[]; references: string[] };

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');

/**
 * The registry member a tracker row belongs to: the national member named by the row, the OGP
 * Local member of that name, or — for a local non-member ("Kisumu, Kenya") — the national member
 * of the country after the last comma.
 */
function memberFor(row: FixtureReform, members: readonly PublicMember[]): PublicMember | undefined {
  const level: PublicLevel = row.levelOfGovernment;
  if (level === 'National') return members.find((member) => member.kind === 'national' && sameName(member.name, row.countryOrLocal));
  if (level === 'Local') return members.find((member) => member.kind === 'local' && sameName(member.name, row.countryOrLocal));
  const country = row.countryOrLocal.split(',').at(-1) ?? '';
  return members.find((member) => member.kind === 'national' && sameName(member.name, country));
}

/** References in the earlier cycle, by position in the fixture: the same row gets the same reference on every run. */
const historyReference = (index: number) => `OGC-${HISTORY_CYCLE}-${String(index + 1).padStart(4, '0')}`;

/**
 * The one step that bypasses the API: reforms OGP published before this platform existed have no
 * submission to release, so their public items are written as release would write them
 * (`reformItem()`), each only if absent.
 */
async function seedPublishedReforms(members: readonly PublicMember[]): Promise<HistoryResult> {
  if (!existsSync(FIXTURE_FILE)) return { skipped: `${FIXTURE_FILE} is absent` };
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(FIXTURE_FILE, 'utf8'));
  } catch (error) {
    return { skipped: `${FIXTURE_FILE} is not readable JSON: ${(error as Error).message}` };
  }
  const fixture = fixtureSchema.safeParse(raw);
  if (!fixture.success) return { skipped: `${FIXTURE_FILE} is not in the expected shape: ${fixture.error.issues[0]?.message}` };

  const tableName = localTableName(SUBMISSIONS_TABLE);
  const client = DynamoDBDocumentClient.from(localDynamoClient(DYNAMODB_URL));
  const result = { written: [] as string[], existing: [] as string[], unmatched: [] as string[], references: [] as string[] };
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      return {
        skipped: `could not reach table ${tableName} at ${DYNAMODB_URL} (${(error as Error).name}: ${(error as Error).message}). Set OGC_DYNAMODB_URL to the DynamoDB Local the platform runs (DYNAMODB_PORT).`,
      };
    }
    for (const [index, row] of fixture.data.reforms.entries()) {
      const member = memberFor(row, members);
      if (!member) {
        result.unmatched.push(row.countryOrLocal);
        continue;
      }
      const reform: Reform = {
        reference: historyReference(index),
        countryOrLocal: row.countryOrLocal,
        levelOfGovernment: row.levelOfGovernment,
        leadInstitution: row.leadInstitution,
        titleOfReform: row.titleOfReform,
        challengeArea: row.challengeArea,
        region: member.region,
        memberId: member.id,
        country: member.country,
        cycle: HISTORY_CYCLE,
        publishedAt: HISTORY_PUBLISHED_AT,
      };
      result.references.push(reform.reference);
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: reformItem(reform), ConditionExpression: 'attribute_not_exists(pk)' }));
        result.written.push(reform.reference);
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        result.existing.push(reform.reference);
      }
    }
  } finally {
    client.destroy();
  }
  return result;
}

// ------------------------------------------------------------------------------- 2. intake

interface StaffSubmission {
  reference: string;
  status: string;
  cycle?: string;
  version: number;
  decided: boolean;
  duplicateOf: string | null;
  request: { title: string; submitter: { email: string } };
  screening: { criteria: Record<string, { verdict: string; reason: string }> } | null;
}

interface CycleView {
  cycle: string;
  status: 'collecting' | 'open' | 'releasing' | 'released';
  deadline: string;
  openedAt: string;
  releasedAt?: string;
  summary?: { eligible: number; notEligible: number; needsInfo: number; carriedOver: number; withdrawn: number };
}

const submissionKey = (email: string, title: string) => `${email.trim().toLowerCase()}\n${normalizeTitle(title)}`;

/** Every page of one cycle's submissions, as reviewers see them. */
async function cycleSubmissions(cycle: string, token: string): Promise<StaffSubmission[]> {
  const all: StaffSubmission[] = [];
  let cursor: string | undefined;
  do {
    const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply = expectStatus(
      await call<{ submissions: StaffSubmission[]; nextCursor?: string }>('GET', `/v1/review/cycles/${cycle}/submissions?${query}`, { token }),
      [200],
      `Listing the submissions of cycle ${cycle}`,
    );
    all.push(...reply.body.submissions);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return all;
}

/**
 * Demo submissions already in some review cycle, by submitter and title. The Idempotency-Key
 * only replays for a day; this is what keeps a re-run a week later from posting them again.
 */
async function submissionsAlreadyUnderReview(token: string): Promise<Map<string, string>> {
  const reply = expectStatus(await call<{ cycles: CycleView[] }>('GET', '/v1/review/cycles', { token }), [200], 'Listing review cycles');
  const found = new Map<string, string>();
  for (const { cycle } of reply.body.cycles) {
    for (const submission of await cycleSubmissions(cycle, token)) {
      found.set(submissionKey(submission.request.submitter.email, submission.request.title), submission.reference);
    }
  }
  return found;
}

interface Posted {
  demo: DemoCommitment;
  reference: string;
  how: 'created' | 'replayed' | 'already under review';
}

/**
 * The key is the demo id plus a fingerprint of the request: the same request replays its first
 * receipt, and a request edited in this file is a new submission rather than a 422 for reusing a key.
 */
const idempotencyKey = (demo: DemoCommitment) => `ogc-demo-${demo.id}-${requestFingerprint(demo.request).slice(0, 16)}`;

/** Posted one at a time, in order: the near-duplicate must arrive after its original. */
async function postCommitments(reviewerToken: string): Promise<Posted[]> {
  const existing = await submissionsAlreadyUnderReview(reviewerToken);
  const posted: Posted[] = [];
  for (const demo of COMMITMENTS) {
    const known = existing.get(submissionKey(demo.request.submitter.email, demo.request.title));
    if (known) {
      posted.push({ demo, reference: known, how: 'already under review' });
      continue;
    }
    const reply = expectStatus(
      await call<{ reference: string }>('POST', '/v1/submissions', { json: demo.request, headers: { 'idempotency-key': idempotencyKey(demo) } }),
      [201],
      `Submitting "${demo.request.title}"`,
    );
    posted.push({ demo, reference: reply.body.reference, how: reply.headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'created' });
  }
  return posted;
}

const storyKey = (story: { title: string; place: string }) => `${normalizeTitle(story.title)}\n${normalizeTitle(story.place)}`;

interface KnownStory {
  id: string;
  state: 'published' | 'awaiting moderation';
}

interface StoryPage {
  stories: { id: string; title?: string; place?: string; request?: { title: string; place: string } }[];
  nextCursor?: string;
}

/** Every page of a story list; the moderation queue nests the story under `request`, the public list does not. */
async function listStories(route: string, token: string | undefined, state: KnownStory['state'], into: Map<string, KnownStory>): Promise<void> {
  let cursor: string | undefined;
  do {
    const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply = expectStatus(await call<StoryPage>('GET', `${route}?${query}`, token ? { token } : {}), [200], `Listing ${route}`);
    for (const story of reply.body.stories) {
      const shown = story.request ?? { title: story.title ?? '', place: story.place ?? '' };
      into.set(storyKey(shown), { id: story.id, state });
    }
    cursor = reply.body.nextCursor;
  } while (cursor);
}

/**
 * Stories awaiting moderation and published ones, by title and place: stories take no
 * Idempotency-Key, so this is what keeps a re-run from sharing them twice.
 */
async function knownStories(reviewerToken: string): Promise<Map<string, KnownStory>> {
  const known = new Map<string, KnownStory>();
  await listStories('/v1/review/stories', reviewerToken, 'awaiting moderation', known);
  await listStories('/v1/stories', undefined, 'published', known);
  return known;
}

interface Shared {
  demo: DemoStory;
  id: string;
  state: KnownStory['state'];
  /** Shared by this run (not found from an earlier one). */
  created: boolean;
}

async function shareStories(reviewerToken: string): Promise<Shared[]> {
  const known = await knownStories(reviewerToken);
  const shared: Shared[] = [];
  for (const demo of STORIES) {
    let story = known.get(storyKey(demo.request));
    let created = false;
    if (!story) {
      const reply = expectStatus(await call<{ id: string }>('POST', '/v1/stories', { json: demo.request }), [201], `Sharing the story "${demo.request.title}"`);
      story = { id: reply.body.id, state: 'awaiting moderation' };
      created = true;
    }
    if (demo.publish && story.state === 'awaiting moderation') {
      const note = 'Published by the demo: a first-hand account of participatory budgeting.';
      const reply = await call('POST', `/v1/review/stories/${story.id}/moderation`, { json: { decision: 'publish', note }, token: reviewerToken });
      if (reply.status === 200) story = { ...story, state: 'published' };
      else if (reply.status !== 409) expectStatus(reply, [200], `Publishing the story "${demo.request.title}"`);
    }
    shared.push({ demo, id: story.id, state: story.state, created });
  }
  return shared;
}

// ------------------------------------------------------------------------------- 3. review

interface Progress {
  cycle: CycleView;
  progress: { submissions: number; decided: number; undecided: number; byStatus: Record<string, number> };
}

async function startCycle(cycle: string, adminToken: string): Promise<boolean> {
  const reply = expectStatus(await call<{ started: boolean }>('POST', '/v1/review/cycles', { json: { cycle }, token: adminToken }), [200, 202], `Starting cycle ${cycle}`);
  return reply.status === 202;
}

/** The run collects and screens the month's submissions, starts a decision task for each, then opens. */
async function waitUntilOpen(cycle: string, reviewerToken: string): Promise<Progress> {
  return waitFor(
    async () => {
      const reply = await call<Progress>('GET', `/v1/review/cycles/${cycle}`, { token: reviewerToken });
      if (reply.status === 404) return undefined; // the run has not created the cycle yet
      expectStatus(reply, [200], `Reading cycle ${cycle}`);
      return reply.body.cycle.status === 'collecting' ? undefined : reply.body;
    },
    90_000,
    `cycle ${cycle} to open (look at the platform's terminal for an error in the review run)`,
  );
}

interface Decided {
  reference: string;
  outcome: string;
  how: 'recorded' | 'already decided' | 'not open for decisions';
}

/** Records the sample decisions once: a submission already decided (by the demo or by hand) is left alone. */
async function recordSampleDecisions(cycle: string, posted: readonly Posted[], reviewerToken: string): Promise<Decided[]> {
  const inCycle = new Map((await cycleSubmissions(cycle, reviewerToken)).map((submission) => [submission.reference, submission]));
  const decided: Decided[] = [];
  for (const { demo, reference } of posted) {
    const decision = SAMPLE_DECISIONS[demo.id];
    if (!decision) continue;
    const submission = inCycle.get(reference);
    if (!submission || submission.status !== 'in-review') {
      decided.push({ reference, outcome: decision.outcome, how: submission?.decided ? 'already decided' : 'not open for decisions' });
      continue;
    }
    if (submission.decided) {
      decided.push({ reference, outcome: decision.outcome, how: 'already decided' });
      continue;
    }
    const reply = await call('POST', `/v1/review/submissions/${reference}/decision`, {
      json: decision,
      token: reviewerToken,
      // Conditioned on the version just read, as the console does: a decision made meanwhile wins.
      headers: { 'if-match': `"${submission.version}"` },
    });
    if (reply.status === 409) {
      decided.push({ reference, outcome: decision.outcome, how: 'already decided' });
      continue;
    }
    expectStatus(reply, [200], `Deciding ${reference}`);
    decided.push({ reference, outcome: decision.outcome, how: 'recorded' });
  }
  return decided;
}

// ------------------------------------------------------------------------------- 4. summary

interface InboxEmail {
  destination: { to: string[] };
  subject: string;
}

interface MailCounts {
  receipts: Record<Language, number>;
  pocNotices: number;
  digest: boolean;
  storyThanks: number;
  total: number;
}

async function readInbox(): Promise<InboxEmail[] | undefined> {
  try {
    const response = await fetch(`${INBOX_URL}/store`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return undefined;
    return ((await response.json()) as { emails: InboxEmail[] }).emails;
  } catch {
    return undefined;
  }
}

function countMails(emails: readonly InboxEmail[], posted: readonly Posted[], cycle: string): MailCounts {
  const to = (email: InboxEmail, address: string) => email.destination.to.some((recipient) => recipient.toLowerCase() === address.toLowerCase());
  const counts: MailCounts = { receipts: { en: 0, fr: 0, es: 0 }, pocNotices: 0, digest: false, storyThanks: 0, total: emails.length };
  for (const { demo, reference } of posted) {
    const about = emails.filter((email) => email.subject.includes(reference));
    if (about.some((email) => to(email, demo.request.submitter.email))) counts.receipts[demo.request.language] += 1;
    if (about.some((email) => !to(email, demo.request.submitter.email))) counts.pocNotices += 1;
  }
  counts.digest = emails.some((email) => email.subject.includes(`cycle ${cycle} is open`));
  counts.storyThanks = STORIES.filter((story) => emails.some((email) => to(email, story.request.author.email))).length;
  return counts;
}

/**
 * Mail leaves through the outbox and the stream mailer, a moment after the API answers: wait for
 * what this run caused (receipts of new submissions, the digest of a cycle it opened), no longer.
 */
async function settledInbox(posted: readonly Posted[], cycle: string, expectDigest: boolean): Promise<MailCounts | undefined> {
  const fresh = posted.filter((item) => item.how === 'created');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const emails = await readInbox();
    if (!emails) return undefined;
    const counts = countMails(emails, posted, cycle);
    const receipts = counts.receipts.en + counts.receipts.fr + counts.receipts.es;
    const waiting = receipts < fresh.length || (expectDigest && !counts.digest);
    if (!waiting || Date.now() > deadline) return counts;
    await sleep(500);
  }
}

/** Where a submission sits, as the public lists will show it. */
function placeOf(request: SubmissionInput, members: ReadonlyMap<string, PublicMember>): string {
  const member = members.get(request.member.memberId);
  if (!member) return request.member.memberId;
  return request.member.type === 'local-non-member' ? `${request.member.jurisdiction}, ${member.country}` : member.name;
}

/** What the automatic screening found that a reviewer should notice first: a failed criterion, a duplicate. */
function screeningNotes(submission: StaffSubmission | undefined): string[] {
  if (!submission?.screening) return [];
  const failed = Object.entries(submission.screening.criteria)
    .filter(([, result]) => result.verdict === 'fail')
    .map(([criterion, result]) => `screening: ${criterion} fails — ${result.reason}`);
  return [...failed, ...(submission.duplicateOf ? [`screening: possible duplicate of ${submission.duplicateOf}`] : [])];
}

function printSummary(input: {
  history: HistoryResult;
  members: ReadonlyMap<string, PublicMember>;
  inCycle: ReadonlyMap<string, StaffSubmission>;
  posted: readonly Posted[];
  stories: readonly Shared[];
  cycle: string;
  startedNow: boolean;
  progress: Progress;
  decided: readonly Decided[];
  stats: { participatingCountries: number; participatingLocalities: number; challengeCommitments: { total: number } } | undefined;
  mail: MailCounts | undefined;
}): void {
  const { history, members, inCycle, posted, stories, cycle, progress, decided, stats, mail } = input;
  const api = API_URL;
  const byReference = new Map(posted.map((item) => [item.reference, item]));

  log('\n' + '─'.repeat(78));
  log(`Open Gov Challenge — demo ready in ${seconds(Date.now() - startedAt)}`);
  log('─'.repeat(78));

  log('\nPublished reforms from an earlier cycle (OGP tracker rows, written to DynamoDB Local)');
  if ('skipped' in history) log(`  skipped: ${history.skipped}`);
  else {
    const range = history.references.length > 0 ? `${history.references[0]} … ${history.references.at(-1)}` : 'none';
    log(`  ${range}: ${history.written.length} written, ${history.existing.length} already there (cycle ${HISTORY_CYCLE})`);
    if (history.unmatched.length > 0) log(`  not in the member registry, left out: ${history.unmatched.join(', ')}`);
  }

  log('\nNew commitments (POST /v1/submissions)');
  for (const { demo, reference, how } of posted) {
    const request = demo.request;
    const label = [placeOf(request, members), areaName(request.area, 'en'), ...(how === 'created' ? [] : [how])].join(' · ');
    log(`  ${reference}  ${request.language}  ${label}`);
    log(`      ${request.title}`);
    for (const note of [...(demo.shows ? [demo.shows] : []), ...screeningNotes(inCycle.get(reference))]) log(`      ↳ ${note}`);
  }

  log('\nInspiration stories (POST /v1/stories; never scored or counted)');
  for (const { demo, state, created } of stories) {
    log(`  [${state}]${created ? '' : ' (already there)'} ${demo.request.title} — ${demo.request.place} (${demo.request.language})`);
  }

  const { cycle: view, progress: counts } = progress;
  log(`\nReview cycle ${cycle}: ${view.status}${input.startedNow ? ' (started by this run)' : ''} — deadline ${view.deadline}`);
  const released = view.summary;
  if (released) {
    log(
      `  released ${view.releasedAt ?? ''}: ${released.eligible} eligible, ${released.notEligible} not eligible, ${released.needsInfo} needs info, ` +
        `${released.carriedOver} carried over to the next cycle, ${released.withdrawn} withdrawn`,
    );
  } else {
    log(`  ${plural(counts.submissions, 'submission')}: ${counts.decided} decided, ${counts.undecided} undecided`);
  }
  for (const { reference, outcome, how } of decided) {
    const title = byReference.get(reference)?.demo.request.title ?? '';
    log(`  ${reference} → ${outcome} (${how === 'recorded' ? `recorded as ${REVIEWER}` : how})  ${title}`);
  }

  log('\nWhere to look');
  if (mail) {
    const receipts = mail.receipts.en + mail.receipts.fr + mail.receipts.es;
    log(`  Mail inbox     ${INBOX_URL}`);
    log(
      `                 ${receipts} receipts (en ${mail.receipts.en}, fr ${mail.receipts.fr}, es ${mail.receipts.es}) with private status links, ` +
        `${mail.pocNotices} POC notices, ${mail.digest ? "the reviewers' digest" : "no reviewers' digest"}, ${mail.storyThanks} story thank-yous`,
    );
    if (receipts < posted.length) log("                 (the emulator keeps mail in memory: what was sent before the platform's last restart is gone)");
  } else {
    log(`  Mail inbox     ${INBOX_URL}   (not reachable from here: set OGC_INBOX_URL to the platform's SES_PORT)`);
  }
  log(`  Review console ${api}/console/#/cycles/${cycle}`);
  log(`                 dev users: ${DEV_USERS.map((user) => `${user.email} (${user.groups.join(', ')})`).join(', ')}`);
  log(`  Public API     ${api}/v1/reforms   ${api}/v1/reforms.csv   ${api}/v1/stats   ${api}/v1/stories`);
  if (stats) {
    log(
      `                 now: ${plural(stats.challengeCommitments.total, 'published Challenge reform')}, ` +
        `${plural(stats.participatingCountries, 'country', 'countries')}, ${plural(stats.participatingLocalities, 'locality', 'localities')}`,
    );
  }
  log(`  API index      ${api}/   (OpenAPI: ${api}/v1/openapi.json)`);

  log('\nNext');
  if (view.status === 'open') {
    log(`  1. Open the console, sign in as ${REVIEWER} and decide the undecided submissions of ${cycle}`);
    log('     (each shows its automatic screening; the near-duplicate is flagged; you may re-tag the area).');
    log(`  2. Sign in as ${ADMIN} and press "Sign off and release…" on cycle ${cycle}.`);
    log('     Outcome emails then reach each submitter in their language, the Support Unit gets the summary,');
    log(`     and eligible submissions appear in ${api}/v1/reforms and the counters.`);
  } else {
    log(`  Cycle ${cycle} is ${view.status}: outcomes go to the inbox, eligible reforms to ${api}/v1/reforms;`);
    log('  carried-over submissions wait for the next cycle.');
  }
  const waiting = stories.find((story) => story.state !== 'published');
  if (waiting) {
    log(`  Moderate the story still waiting: ${api}/console/#/stories (as ${REVIEWER}).`);
  }
  log('\nRunning `npm run demo` again is harmless: nothing is created twice.');
}

// ------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  log(`Open Gov Challenge demo → ${API_URL}`);
  await checkPlatform();
  const [adminToken, reviewerToken, memberList] = await Promise.all([devToken(ADMIN), devToken(REVIEWER), loadMembers()]);
  const members = new Map(memberList.map((member) => [member.id, member]));

  step('1/4 Published reforms from an earlier cycle');
  const history = await seedPublishedReforms(memberList);
  log('skipped' in history ? `  skipped: ${history.skipped}` : `  ${history.written.length} written, ${history.existing.length} already there`);

  step('2/4 Commitments and stories through the public API');
  const posted = await postCommitments(reviewerToken);
  log(`  ${posted.filter((item) => item.how === 'created').length} created, ${posted.filter((item) => item.how !== 'created').length} already there`);
  const stories = await shareStories(reviewerToken);
  log(`  ${plural(stories.length, 'story', 'stories')}: ${stories.map((story) => `${story.state}${story.created ? '' : ' (already there)'}`).join(', ')}`);

  const cycle = cycleContaining(new Date(), TIME_ZONE);
  step(`3/4 Review cycle ${cycle}`);
  const startedNow = await startCycle(cycle, adminToken);
  log(`  ${startedNow ? 'started: waiting for the run to collect, screen and open it…' : 'already started'}`);
  let progress = await waitUntilOpen(cycle, reviewerToken);
  let decided: Decided[] = [];
  if (progress.cycle.status === 'open') {
    decided = await recordSampleDecisions(cycle, posted, reviewerToken);
    progress = expectStatus(await call<Progress>('GET', `/v1/review/cycles/${cycle}`, { token: reviewerToken }), [200], `Reading cycle ${cycle}`).body;
  }
  log(`  ${progress.cycle.status}: ${progress.progress.decided} decided, ${progress.progress.undecided} undecided`);

  step('4/4 Checking the inbox and the screening');
  // The digest goes out once, when the cycle first opens: not when a start resumes it after a restart.
  const openedByThisRun = Date.parse(progress.cycle.openedAt) >= startedAt - 1000;
  const mail = await settledInbox(posted, cycle, openedByThisRun);
  log(mail ? `  ${plural(mail.total, 'email')} in the inbox` : `  the inbox at ${INBOX_URL} does not answer`);
  const inCycle = new Map((await cycleSubmissions(cycle, reviewerToken)).map((submission) => [submission.reference, submission]));
  const statsReply = await call<{ participatingCountries: number; participatingLocalities: number; challengeCommitments: { total: number } }>('GET', '/v1/stats');

  printSummary({ history, members, inCycle, posted, stories, cycle, startedNow, progress, decided, stats: statsReply.status === 200 ? statsReply.body : undefined, mail });
}

try {
  await main();
} catch (error) {
  if (error instanceof DemoError) {
    console.error(`\n${error.message}`);
  } else {
    console.error('\nThe demo stopped on an unexpected error:');
    console.error(error);
  }
  process.exit(1);
}
