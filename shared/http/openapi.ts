import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { config } from '../config/env.ts';
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

/** The errors any route of its kind can answer, besides those the route names itself. */
function errorCodesOf(route: Route): ErrorCode[] {
  const pathParameters = route.path.includes('{');
  return [
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
        description: `Error ${[...codes].map((code) => `\`${code}\``).join(', ')}`,
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
      ...(route.query instanceof z.ZodObject ? { query: route.query } : {}),
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

/** Request bodies used by several routes are named components, so a form builder sees one type. */
const NAMED_BODIES = new Map<z.ZodType, string>([[submissionRequestSchema, 'SubmissionRequest']]);

/** `servers` lists the deployment's public address, where the site, the console and `/v1` share one origin. */
export function buildOpenApiDocument(serverUrl = config().PUBLIC_BASE_URL) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'staffBearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "The ID token of the review console's sign-in (Amazon Cognito on AWS, the local issuer on one machine). Staff routes need the `reviewer` or `admin` group, as each operation's `x-required-role` says.",
  });
  const namedBodies = new Map([...NAMED_BODIES].map(([schema, name]) => [schema, schema.meta({ id: name })]));
  for (const route of ROUTES) {
    const config = routeConfig(route);
    const body = route.body && namedBodies.get(route.body);
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
