import * as z from 'zod';
import { language } from './i18n/index.ts';

/**
 * The site's one way to the API (same origin: `/v1/…`). Answers are parsed with zod before any
 * page reads them; failures come back as `ApiError` (the API's error shape) or `NetworkError`.
 */

const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type ApiFieldError = z.infer<typeof fieldErrorSchema>;
const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.array(fieldErrorSchema).optional() }),
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: ApiFieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The request never got an answer (offline, DNS, connection reset): it may or may not have arrived. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT';
  json?: unknown;
  headers?: Record<string, string>;
}

export async function api<Schema extends z.ZodType>(schema: Schema, path: string, request: ApiRequest = {}): Promise<z.output<Schema>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language(), ...request.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: request.method ?? 'GET',
      headers,
      ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : {}),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    if (parsed.success) throw new ApiError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.fields);
    throw new ApiError(response.status, 'internal', `HTTP ${response.status}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, 'unexpected_answer', `Unexpected answer from ${path}`);
  return parsed.data;
}

/** A query string from the set values only: `?area=justice&level=Local`. */
export function queryString(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
