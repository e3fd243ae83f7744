import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ENV, LIMITS } from '../config/constants.ts';
import { config } from '../config/env.ts';
import { AppError } from '../domain/errors.ts';
import { negotiateLanguage, type Language } from '../domain/language.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { authorize, type StaffUser } from './auth.ts';
import { countSubmissionRefused } from '../observability/metrics.ts';
import { checkJsonBody, parseJson } from './json.ts';
import { withLambdaContext } from './logger.ts';
import { ROUTES, type Route } from './routes.ts';
import { JSON_CONTENT_TYPE, SECURITY_HEADERS, toErrorResult } from './responses.ts';

export interface HttpRequest<Body, Query, Path> {
  body: Body;
  query: Query;
  path: Path;
  headers: Record<string, string>;
  language: Language;
  staff: StaffUser | undefined;
  requestId: string;
}

export interface HttpResponse {
  status?: number;
  /** Serialized as JSON unless `text` is given. */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

interface Schemas<Body extends z.ZodType, Query extends z.ZodType, Path extends z.ZodType> {
  body?: Body;
  query?: Query;
  path?: Path;
}

/** Refusals here are counted by error code (the `SubmissionsRefused` metric). */
const SUBMISSION_INTAKE_PATH = '/v1/submissions';

const routeIndex = new Map(ROUTES.map((route) => [`${route.method} ${route.path}`, route]));

function routeOf(event: APIGatewayProxyEvent): Route {
  const route = routeIndex.get(`${event.httpMethod} ${event.resource}`);
  if (!route) throw new AppError('not_found', { key: 'notFound' });
  return route;
}

function lowerCaseHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Every value the client sent for a header, however often and in whatever case it named it. */
function headerValues(event: APIGatewayProxyEvent, name: string): string[] {
  const values: string[] = [];
  const multi = Object.entries(event.multiValueHeaders ?? {}).filter(([key]) => key.toLowerCase() === name);
  if (multi.length > 0) {
    for (const [, list] of multi) values.push(...(list ?? []));
  } else {
    for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name && value !== undefined) values.push(value);
  }
  return values;
}

/**
 * JSON in UTF-8, declared once. Two Content-Type values (two headers, or one with a comma) are
 * refused: a proxy and the handler could each believe a different one.
 */
function isJsonContentType(values: readonly string[]): boolean {
  if (values.length !== 1 || values[0]!.includes(',')) return false;
  const [mediaType, ...parameters] = values[0]!.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => !parameter.startsWith('charset=') || /^charset="?utf-8"?$/.test(parameter));
}

/** The body as JSON, unchecked: its own `language` decides the language its problems are told in. */
function readBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.body ?? '';
  // Bytes that are not UTF-8 decode to U+FFFD, which the JSON check then refuses with its field path.
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) throw new AppError('payload_too_large', { key: 'payloadTooLarge' });
  if (!isJsonContentType(headerValues(event, 'content-type'))) throw new AppError('unsupported_media_type', { key: 'unsupportedMediaType' });
  return parseJson(text);
}

/** The submitter's language for messages: the body's `language` when it has a valid one. */
function languageOf(body: unknown, acceptLanguage: string | undefined, query: Record<string, string | undefined>): Language {
  const declared = typeof body === 'object' && body !== null && 'language' in body ? body.language : undefined;
  return negotiateLanguage(typeof declared === 'string' ? declared : undefined, query.lang, acceptLanguage);
}

/**
 * The language an event's errors are answered in: from the query and Accept-Language before anything
 * is read (staff routes: the query only), then from the body's `language` once it is parsed.
 */
const errorLanguages = new WeakMap<APIGatewayProxyEvent, Language>();

function toResult(response: HttpResponse): APIGatewayProxyResult {
  const status = response.status ?? 200;
  if (response.text !== undefined) {
    return { statusCode: status, headers: { ...SECURITY_HEADERS, ...response.headers }, body: response.text };
  }
  return {
    statusCode: status,
    headers: { ...SECURITY_HEADERS, 'content-type': JSON_CONTENT_TYPE, ...response.headers },
    body: response.body === undefined ? '' : JSON.stringify(response.body),
  };
}

/**
 * CORS for every answer, successes and errors alike, from the configured origins: `*` allows any
 * page; otherwise a listed origin is echoed (with `Vary: Origin`, so caches keep answers apart) and
 * any other gets no CORS header, which the browser reads as a refusal.
 */
function addCorsHeaders(event: APIGatewayProxyEvent, response: APIGatewayProxyResult | undefined): void {
  if (!response) return;
  const allowed = config()[ENV.corsAllowOrigins];
  const origin = lowerCaseHeaders(event).origin;
  const headers: Record<string, string | number | boolean> = { ...response.headers };
  if (allowed.includes('*')) headers['access-control-allow-origin'] = '*';
  else {
    headers.vary = 'Origin';
    if (origin && allowed.includes(origin)) headers['access-control-allow-origin'] = origin;
  }
  response.headers = headers;
}

/**
 * The one HTTP stack every API function uses. It enforces the route table's auth for the matched
 * route, reads and bounds the body, validates path, query and body with zod in the caller's language,
 * and maps every failure to the API's single error shape. Handlers receive typed, valid input only.
 */
export function httpHandler<
  Body extends z.ZodType = z.ZodUndefined,
  Query extends z.ZodType = z.ZodType<Record<string, string | undefined>>,
  Path extends z.ZodType = z.ZodType<Record<string, string | undefined>>,
>(
  schemas: Schemas<Body, Query, Path>,
  handle: (request: HttpRequest<z.output<Body>, z.output<Query>, z.output<Path>>) => Promise<HttpResponse>,
) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use({
      after: async (request) => addCorsHeaders(request.event, request.response),
      onError: async (request) => addCorsHeaders(request.event, request.response),
    })
    .use({
      onError: async (request) => {
        const requestId = request.context?.awsRequestId ?? request.event.requestContext?.requestId ?? 'unknown';
        request.response = toErrorResult(request.error, requestId, errorLanguages.get(request.event) ?? 'en');
        if (request.event.httpMethod === 'POST' && request.event.resource === SUBMISSION_INTAKE_PATH) {
          countSubmissionRefused(request.error instanceof AppError ? request.error.code : 'internal');
        }
      },
    })
    .handler(async (event, context) => {
      withLambdaContext(context);
      const headers = lowerCaseHeaders(event);
      const rawQuery = event.queryStringParameters ?? {};
      errorLanguages.set(event, negotiateLanguage(rawQuery.lang, headers['accept-language']));
      const route = routeOf(event);
      // Staff work in English, the Support Unit's working language, whatever their browser prefers.
      const acceptLanguage = route.auth === 'public' ? headers['accept-language'] : undefined;
      errorLanguages.set(event, negotiateLanguage(rawQuery.lang, acceptLanguage));
      const staff = await authorize(route.auth, headers.authorization);
      const rawBody = schemas.body ? readBody(event) : undefined;
      const language = languageOf(rawBody, acceptLanguage, rawQuery);
      errorLanguages.set(event, language);
      if (schemas.body) checkJsonBody(rawBody, language);
      const request = {
        body: schemas.body ? parseOrThrow(schemas.body, rawBody, language) : undefined,
        query: schemas.query ? parseOrThrow(schemas.query, rawQuery, language) : rawQuery,
        path: schemas.path ? parseOrThrow(schemas.path, event.pathParameters ?? {}, language) : (event.pathParameters ?? {}),
        headers,
        language,
        staff,
        requestId: context?.awsRequestId ?? event.requestContext?.requestId ?? 'local',
      } as HttpRequest<z.output<Body>, z.output<Query>, z.output<Path>>;
      return toResult(await handle(request));
    });
}
