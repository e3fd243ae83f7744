import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { addresses } from '../config/env.ts';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors.ts';
import { LANGUAGES } from '../domain/language.ts';
import { cycleSchema, referenceSchema, statusTokenSchema, storyPathSchema, submissionRequestSchema } from '../domain/schemas.ts';
import { errorSchema } from './response-schemas.ts';
import { ROUTES, type RequestHeader, type Route, type SuccessStatus } from './routes.ts';

/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas that validate the
 * requests, so it cannot drift from the API: a route added to the table appears here with its path
 * parameters, query, headers, body, answers and errors.
 */

const TAGS = [
  {
    name: 'Submissions',
    prefixes: ['/v1/submissions'],
    description:
      'Submit a Challenge commitment, then follow it with its private status token (from the receipt): read its status and outcome, correct it before its review, answer a question, withdraw it.',
  },
  { name: 'Designations', prefixes: ['/v1/designations'], description: "A member's point of contact confirms that an action-plan commitment is designated for the Challenge (signed link from an email)." },
  { name: 'Publication', prefixes: ['/v1/reforms', '/v1/stats'], description: 'Published Challenge reforms with OGP tracker columns, counters and open-data exports. No contact details, ever.' },
  { name: 'Stories', prefixes: ['/v1/stories'], description: 'Inspiration stories: shared by anyone, published after a light moderation, never counted as Challenge commitments.' },
  { name: 'Reference data', prefixes: ['/v1/areas', '/v1/members'], description: 'What a form offers to choose from: the Challenge areas and the OGP members.' },
  { name: 'Review', prefixes: ['/v1/review'], description: "Staff: the monthly review cycles, screening, decisions, release and moderation (the Support Unit's reviewers and admins)." },
  { name: 'Administration', prefixes: ['/v1/admin'], description: 'Staff: the member registry with its points of contact, and the criteria.' },
  { name: 'Platform', prefixes: [], description: 'Health and this document.' },
] as const;
type Tag = (typeof TAGS)[number]['name'];

export const TAG_NAMES: readonly Tag[] = TAGS.map((tag) => tag.name);

function tagOf(path: string): Tag {
  const matches = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}.`);
  return TAGS.find((tag) => tag.prefixes.some(matches))?.name ?? 'Platform';
}

const described = <Schema extends z.ZodType>(schema: Schema, description: string) => schema.meta({ description });

/** Path parameters by name; a name not listed here is documented as a plain string. */
const PATH_PARAMETERS: Record<string, z.ZodType> = {
  reference: described(referenceSchema, 'The reference of a submission, as on its receipt (e.g. `OGC-2026-11-0042`)'),
  cycle: described(cycleSchema, 'A review cycle: the month `YYYY-MM`'),
  id: described(storyPathSchema.shape.id, 'The id of a story'),
  memberId: described(z.string(), 'The id of an OGP member, as in `GET /v1/members`'),
};

const HEADERS: Record<RequestHeader, { schema: z.ZodType; required: (route: Route) => boolean }> = {
  'Idempotency-Key': {
    schema: described(
      z.string().min(8).max(128),
      'One random key per filled form (a UUID will do), reused on every retry of that form: the same key and body return the same receipt; the same key with another body is refused (422). Kept for 24 hours.',
    ),
    required: () => false,
  },
  'If-Match': {
    schema: described(z.string(), 'The `version` last read (`3`, `"3"` or `W/"3"`): the change is refused if someone changed it since.'),
    required: (route) => route.method === 'PUT',
  },
  'X-Status-Token': {
    schema: described(
      statusTokenSchema,
      'The private status token from the receipt. Prefer this header to `?token=`: a header stays out of URLs, server logs and Referer.',
    ),
    // `?token=` is the alternative.
    required: () => false,
  },
  'X-Designation-Signature': {
    schema: described(z.string(), 'The signature from the link in the point of contact\u2019s email (`#sig=` in the page address).'),
    required: () => true,
  },
};

const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  in: 'header' as const,
  required: false,
  description: `The language of error messages (${LANGUAGES.join(', ')}); a body's \`language\` and \`?lang=\` take precedence. English when none is known.`,
  schema: { type: 'string' as const, examples: ['fr-FR,fr;q=0.9,en;q=0.5'] },
};

/** What each error code means for a client; a new code must be explained here. */
const ERROR_MEANINGS: Record<ErrorCode, string> = {
  validation_failed: '`validation_failed`: some fields are missing or wrong; `fields` says which and why',
  invalid_json: '`invalid_json`: the body is not JSON',
  unauthorized: '`unauthorized`: no valid staff token',
  forbidden: '`forbidden`: the token lacks the role',
  link_invalid: '`link_invalid`: the signed link was altered or is not for this reference',
  not_found: '`not_found`: no such resource (or, with a status token, no submission matches the reference and token)',
  method_not_allowed: '`method_not_allowed`',
  conflict: '`conflict`: its state does not allow this (any more), or it changed meanwhile',
  review_started: '`review_started`: the review of its cycle has begun, so it can no longer be corrected',
  link_expired: '`link_expired`: the signed link is too old; a new one is sent with the next reminder',
  precondition_failed: '`precondition_failed`: it changed since the `If-Match` version was read; read it again',
  payload_too_large: '`payload_too_large`: the body is over 64 KiB',
  unsupported_media_type: '`unsupported_media_type`: send `Content-Type: application/json`',
  idempotency_key_reused: '`idempotency_key_reused`: this `Idempotency-Key` came with another body',
  too_many_requests: '`too_many_requests`: slow down and retry later',
  internal: '`internal`: our fault; retry later, quoting the request id in the message',
  gateway_timeout: '`gateway_timeout`: the request took too long; retry (with the same `Idempotency-Key`)',
};

/** The errors any route of its kind can answer, besides those the route names itself. */
function errorCodesOf(route: Route): ErrorCode[] {
  const pathParameters = route.path.includes('{');
  return [
    // Every route is rate-limited at the edge.
    'too_many_requests',
    ...(route.body ? (['validation_failed', 'invalid_json', 'payload_too_large', 'unsupported_media_type'] as const) : []),
    ...(route.query || pathParameters || route.headers?.length ? (['validation_failed'] as const) : []),
    ...(route.auth === 'public' ? [] : (['unauthorized', 'forbidden'] as const)),
    ...(pathParameters ? (['not_found'] as const) : []),
    ...(route.errors ?? []),
    'internal' as const,
  ];
}

function errorResponses(route: Route): RouteConfig['responses'] {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of errorCodesOf(route)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: [...codes].map((code) => ERROR_MEANINGS[code]).join('; '),
        content: { 'application/json': { schema: errorSchema } },
      },
    ]),
  );
}

function successResponses(route: Route): RouteConfig['responses'] {
  if (!route.response) return { '200': { description: 'OK' } };
  const { schema, description, mediaType = 'application/json' } = route.response;
  const statuses: readonly SuccessStatus[] = Array.isArray(route.response.status) ? route.response.status : [route.response.status ?? 200];
  return Object.fromEntries(statuses.map((status) => [String(status), { description, content: { [mediaType]: { schema } } }]));
}

const camelCase = (words: string) => words.replace(/[^A-Za-z0-9]+(\w)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase());

/**
 * The function's name says what the operation does (`correctSubmission`); a function serving
 * several routes is told apart by method and path.
 */
function operationIdOf(route: Route): string {
  const shared = ROUTES.filter((other) => other.functionName === route.functionName).length > 1;
  return shared ? camelCase(`${route.method.toLowerCase()}-${route.path}`) : camelCase(route.functionName);
}

function routeConfig(route: Route): RouteConfig {
  const parameterNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const headers = route.headers ?? [];
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.path,
    operationId: operationIdOf(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [tagOf(route.path)],
    parameters: [ACCEPT_LANGUAGE],
    request: {
      ...(parameterNames.length > 0
        ? { params: z.object(Object.fromEntries(parameterNames.map((name) => [name, PATH_PARAMETERS[name] ?? z.string()]))) }
        : {}),
      ...(route.query instanceof z.ZodObject ? { query: withDescriptions(route.query, QUERY_PARAMETERS) } : {}),
      ...(headers.length > 0
        ? { headers: z.object(Object.fromEntries(headers.map((name) => [name, HEADERS[name].required(route) ? HEADERS[name].schema : HEADERS[name].schema.optional()]))) }
        : {}),
      ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    },
    responses: { ...successResponses(route), ...errorResponses(route) },
    security: route.auth === 'public' ? [] : [{ staffBearer: [] }],
    ...(route.auth === 'public' ? {} : { 'x-required-role': route.auth }),
  };
}

const QUERY_PARAMETERS: Record<string, string> = {
  token: 'The private status token, for API clients that cannot send `X-Status-Token`',
  lang: 'The language of error messages: `en`, `fr` or `es`',
  limit: 'Items per page, 1 to 200',
  cursor: '`nextCursor` of the previous page (with the same filters)',
  area: 'Only this Challenge area (an id of `GET /v1/areas`)',
  region: 'Only this OGP region',
  level:
    'Only this level of government: `National`, `Local` or `Local (non-member)` as the exports write it, or the member type of the form (`national`, `local`, `local-non-member`)',
  member: 'Only this OGP member (an id of `GET /v1/members`)',
};

const SUBMISSION_FIELDS: Record<string, string> = {
  channel:
    "`standalone`: submitted outside an action plan (the member's point of contact is informed). `action-plan`: a commitment of an OGP action plan that its multi-stakeholder forum designated for the Challenge (the point of contact is asked to confirm it)",
  language: "The submitter's language, `en`, `fr` or `es`: their emails and the error messages use it",
  submitter: 'Who submits, at the lead institution. The email gets the receipt and the outcome; none of this is ever published',
  member:
    '`type` `national` or `local` (an OGP Local member) names that member as `memberId`; `local-non-member` is a local jurisdiction in a member country: it names the national member as `memberId` and itself as `jurisdiction` (required for both local types)',
  government: 'Level of government and branch of the lead institution',
  leadInstitution: 'The public institution that owns and implements the reform',
  partners: 'Supporting institutions and civil-society partners (up to 50)',
  title: 'A short title, as the tracker will show it',
  area: 'The Challenge area that fits best, an id of `GET /v1/areas` (reviewers may re-tag it)',
  problem: 'The problem the reform addresses',
  statusQuo: 'The situation today',
  description: 'What the reform will do',
  values: 'The open-government values it advances, each once',
  milestones: 'One to 50 verifiable steps, each with a deliverable and a due date (`YYYY-MM-DD`)',
  startDate: 'Start date, `YYYY-MM-DD`',
  endDate: 'End date, `YYYY-MM-DD`, after the start date',
  status: 'Whether the reform is `planned` or already `ongoing`',
  coCreated: 'Whether it was co-created with civil society',
  actionPlan: "Only with `channel: action-plan`: the action plan's id, the commitment's id in it, and `designatedByMsf` (its multi-stakeholder forum designated it)",
  links: 'Up to 20 web pages about the reform (http or https)',
  consentToPublish: "Whether the commitment's details may appear on its public page if it is published",
};

/** A copy of an object schema whose fields carry descriptions, for the document only. */
function withDescriptions(schema: z.ZodObject, descriptions: Record<string, string>): z.ZodObject {
  const described = Object.entries(schema.shape).map(([name, field]) => [name, descriptions[name] ? field.meta({ description: descriptions[name] }) : field]);
  return schema.safeExtend(Object.fromEntries(described));
}

/** Request bodies used by several routes are named components, so a form builder sees one type. */
const NAMED_BODIES = new Map<z.ZodType, z.ZodType>([
  [submissionRequestSchema, withDescriptions(submissionRequestSchema, SUBMISSION_FIELDS).meta({ id: 'SubmissionRequest', description: 'A Challenge commitment, as a form sends it' })],
]);

/** `servers` lists the deployment's public address, where the site, the console and `/v1` share one origin. */
export function buildOpenApiDocument(serverUrl = addresses().PUBLIC_BASE_URL) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'staffBearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "The ID token of the review console's sign-in (Amazon Cognito on AWS, the local issuer on one machine). Staff routes need the `reviewer` or `admin` group, as each operation's `x-required-role` says.",
  });
  for (const route of ROUTES) {
    const config = routeConfig(route);
    const body = route.body && NAMED_BODIES.get(route.body);
    if (body && config.request?.body) config.request.body.content['application/json'] = { schema: body };
    registry.registerPath(config);
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Open Gov Challenge API',
      version: '1.0.0',
      description: [
        'The API behind the Open Gov Challenge of the Open Government Partnership: public institutions submit reforms, the Support Unit reviews them every month, and eligible ones are published as Challenge reforms.',
        '',
        '**Building a form?** Offer the areas (`GET /v1/areas`) and members (`GET /v1/members`), post the body of `SubmissionRequest` to `POST /v1/submissions` with an `Idempotency-Key`, and show the receipt. Set `language` (`en`, `fr` or `es`): error messages and emails use it.',
        '',
        '**Errors** share one shape, `{ "error": { "code", "message", "fields": [{ "path", "message" }] } }`: `code` is for programs, `message` for people, and each `fields[].path` names a field of the body (`milestones.0.dueDate`), a query parameter, or a header (`headers.If-Match`). Show each message next to its field.',
        '',
        '**The private status token** (`statusToken` in the receipt) lets its holder read, correct, answer and withdraw the submission. Send it in the `X-Status-Token` header.',
      ].join('\n'),
    },
    servers: [{ url: serverUrl, description: 'This deployment' }],
    tags: TAGS.map(({ name, description }) => ({ name, description })),
  });
  return document;
}
