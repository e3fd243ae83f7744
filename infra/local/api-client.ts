/** A small client for the platform's API, shared by the demo and the tests. */
export interface ApiRequest {
  method?: string;
  /** Sent as the JSON body (sets content-type). */
  json?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: RequestInit['body'];
  timeoutMs?: number;
}

export interface ApiReply<T> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body; null when the body is empty or not JSON. */
  body: T;
}

export async function callApi<T = unknown>(baseUrl: string, path: string, request: ApiRequest = {}): Promise<ApiReply<T>> {
  const headers = new Headers(request.headers);
  if (request.json !== undefined) headers.set('content-type', 'application/json');
  if (request.token) headers.set('authorization', `Bearer ${request.token}`);
  const response = await fetch(`${baseUrl}${path}`, {
    method: request.method ?? 'GET',
    headers,
    ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body: body as T };
}
