import type * as z from 'zod';
import type { FieldError } from '../../shared/domain/errors.ts';
import { errorBodySchema } from './api-schemas.ts';
import { authorizedFetch } from './auth.ts';

/**
 * The staff API as the console calls it: the bearer token comes from the sign-in module, every
 * answer is parsed with its schema, and every failure becomes an `ApiError` with a sentence a
 * person can act on and the field paths the API named.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface SendOptions {
  body?: unknown;
  /** The version the change is conditioned on (`If-Match`). */
  ifMatch?: number;
}

const sentence = (message: string) => (/[.!?…]$/.test(message) ? message : `${message}.`);

async function call(method: string, path: string, options: SendOptions = {}): Promise<{ status: number; data: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  let response: Response;
  try {
    response = await authorizedFetch(path, {
      method,
      headers,
      cache: 'no-store',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'network', 'The API could not be reached. Check your connection, then try again.');
  }
  const raw = await response.text();
  let data: unknown = null;
  try {
    data = raw ? JSON.parse(raw) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(data);
    if (parsed.success) {
      const { code, message, fields = [] } = parsed.data.error;
      throw new ApiError(response.status, code, sentence(message), fields);
    }
    throw new ApiError(response.status, `http_${response.status}`, `The API answered with an error (HTTP ${response.status}). Try again in a moment.`);
  }
  return { status: response.status, data };
}

function parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new ApiError(0, 'unexpected_answer', `The API's answer for ${what} could not be read. Reload the page; if it persists, tell the Support Unit's developers.`);
  return result.data;
}

export async function apiGet<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  const { data } = await call('GET', path);
  return parse(schema, data, path.split('?')[0] ?? path);
}

export async function apiSend<S extends z.ZodType>(
  method: 'POST' | 'PUT',
  path: string,
  schema: S,
  options: SendOptions = {},
): Promise<{ status: number; data: z.output<S> }> {
  const { status, data } = await call(method, path, options);
  return { status, data: parse(schema, data, path) };
}

export const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : `Something went wrong in the console: ${error instanceof Error ? error.message : String(error)}`;

/** Path segments are encoded once, here and in shared/domain/page-urls.ts. */
export const segment = encodeURIComponent;
