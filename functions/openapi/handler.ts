import { httpHandler } from '../../shared/http/handler.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';

// Built at the first request, once the environment (PUBLIC_BASE_URL, for `servers`) is known.
let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler({}, async () => {
  document ??= buildOpenApiDocument();
  return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
