import * as z from 'zod';
import { errorSchema, receiptSchema } from '../domain/schemas.ts';
import { ROUTES } from './routes.ts';

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/**
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate
 * requests (3.1 uses JSON Schema 2020-12, which is what zod emits), so it cannot drift from the API.
 */
export function buildOpenApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const needsToken = route.path.startsWith('/v1/submissions/{reference}');
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
      summary: route.summary,
      parameters: [
        ...pathParameters,
        ...(needsToken ? [{ name: 'token', in: 'query', required: true, schema: { type: 'string' }, description: 'The private status token from the receipt' }] : []),
        ...(route.path === '/v1/submissions' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8, maxLength: 128 } }] : []),
      ],
      responses: {
        ...(route.path === '/v1/submissions' && route.method === 'POST'
          ? { '201': { description: 'Accepted', content: { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } } } }
          : { '200': { description: 'OK' } }),
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      ...(route.auth === 'public' ? {} : { security: [{ staffBearer: [] }], 'x-required-role': route.auth }),
    };
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Open Gov Challenge API',
      version: '1.0.0',
      description: 'Intake, monthly review and publication of Open Gov Challenge reforms. Errors share one shape: `{ error: { code, message, fields? } }`.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema), Receipt: jsonSchema(receiptSchema) },
      securitySchemes: { staffBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
