import { httpHandler } from '../../shared/http/handler.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';

const document = buildOpenApiDocument();

export const handler = httpHandler({}, async () => ({ body: document, headers: { 'cache-control': 'public, max-age=300' } }));
