import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { LIMITS } from '../config/constants.ts';
import { AppError } from '../domain/errors.ts';
import { negotiateLanguage, type Language } from '../domain/language.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { authorize, type StaffUser } from './auth.ts';
import { parseJsonBody } from './json.ts';
import { ROUTES, type Route } from './routes.ts';
import { logger } from './logger.ts';

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

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'access-control-allow-origin': '*',
};

const routeIndex = new Map(ROUTES.map((route) => [`${route.method} ${route.path}`, route]));

function routeOf(event: APIGatewayProxyEvent): Route {
  const route = routeIndex.get(`${event.httpMethod} ${event.resource}`);
  if (!route) throw new AppError('not_found', `No route ${event.httpMethod} ${event.resource}`);
  return route;
}

function lowerCaseHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

function readBody(event: APIGatewayProxyEvent, headers: Record<string, string>, language: Language): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) {
    throw new AppError('payload_too_large', `The body must not exceed ${LIMITS.maxBodyBytes / 1024} KiB`);
  }
  const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new AppError('unsupported_media_type', 'Send the body as application/json');
  }
  return parseJsonBody(text, language);
}

/** The submitter's language for messages: the body's `language` when it has a valid one. */
function languageOf(body: unknown, headers: Record<string, string>, query: Record<string, string | undefined>): Language {
  const declared = body && typeof body === 'object' ? (body as { language?: unknown }).language : undefined;
  return negotiateLanguage(typeof declared === 'string' ? declared : undefined, query.lang, headers['accept-language']);
}

export function toErrorResult(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof AppError) {
    const body = { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
    return { statusCode: error.status, headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
  }
  logger.error('unhandled error', { requestId, error });
  const body = { error: { code: 'internal', message: `Something went wrong on our side; quote ${requestId} if you contact us` } };
  return { statusCode: 500, headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

function toResult(response: HttpResponse): APIGatewayProxyResult {
  const status = response.status ?? 200;
  if (response.text !== undefined) {
    return { statusCode: status, headers: { ...SECURITY_HEADERS, ...response.headers }, body: response.text };
  }
  return {
    statusCode: status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', ...response.headers },
    body: response.body === undefined ? '' : JSON.stringify(response.body),
  };
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
      onError: async (request) => {
        request.response = toErrorResult(request.error, request.context?.awsRequestId ?? request.event.requestContext?.requestId ?? 'unknown');
      },
    })
    .handler(async (event, context) => {
      const route = routeOf(event);
      const headers = lowerCaseHeaders(event);
      const rawQuery = event.queryStringParameters ?? {};
      const staff = await authorize(route.auth, headers.authorization);
      const rawBody = schemas.body ? readBody(event, headers, negotiateLanguage(rawQuery.lang, headers['accept-language'])) : undefined;
      const language = languageOf(rawBody, headers, rawQuery);
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
