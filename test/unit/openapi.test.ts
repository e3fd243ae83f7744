import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, TAG_NAMES } from '../../shared/http/openapi.ts';
import { ROUTES } from '../../shared/http/routes.ts';

const SERVER = 'https://challenge.opengovpartnership.org';
const document = buildOpenApiDocument(SERVER);
const plain = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  security: Record<string, string[]>[];
}

const operationOf = (method: string, path: string): Operation => {
  const paths = plain.paths as Record<string, Record<string, Operation>>;
  const operation = paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not in the document`);
  return operation;
};
const parameter = (operation: Operation, where: string, name: string) => operation.parameters?.find((candidate) => candidate.in === where && candidate.name === name);

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(plain);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(plain.openapi).toBe('3.1.0');
    expect(plain.servers).toEqual([{ url: SERVER, description: 'This deployment' }]);
  });

  it('documents every route of the table with a response schema, its errors and its security', () => {
    const operationIds = new Set<string>();
    for (const route of ROUTES) {
      const where = `${route.method} ${route.path}`;
      // Every route must say what it answers: a new route without `response` fails here.
      expect(route.response, `${where} has no response in the route table`).toBeDefined();
      const operation = operationOf(route.method, route.path);
      operationIds.add(operation.operationId);
      expect(TAG_NAMES, where).toContain(operation.tags[0]);

      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(success.length, where).toBeGreaterThan(0);
      for (const [, response] of success) expect(Object.values(response.content ?? {})[0]?.schema, where).toBeDefined();

      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status));
      expect(errors.some(([status]) => status.startsWith('4')), where).toBe(true);
      for (const [, response] of errors) expect(response.content?.['application/json']?.schema?.$ref, where).toBe('#/components/schemas/Error');

      for (const name of route.path.match(/\{\w+\}/g) ?? []) expect(parameter(operation, 'path', name.slice(1, -1))?.required, where).toBe(true);
      if (route.body) expect(operation.requestBody?.content['application/json']?.schema, where).toBeDefined();
      if (route.auth === 'public') {
        expect(operation.security, where).toEqual([]);
      } else {
        expect(operation.security, where).toEqual([{ staffBearer: [] }]);
        expect(Object.keys(operation.responses), where).toEqual(expect.arrayContaining(['401', '403']));
      }
      expect(parameter(operation, 'header', 'Accept-Language'), where).toBeDefined();
    }
    expect(operationIds.size).toBe(ROUTES.length);
  });

  it('documents the headers a form front end sends', () => {
    const create = operationOf('POST', '/v1/submissions');
    expect(parameter(create, 'header', 'Idempotency-Key')).toMatchObject({ required: false });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '413', '415', '422']));

    const correct = operationOf('PUT', '/v1/submissions/{reference}');
    expect(parameter(correct, 'header', 'If-Match')).toMatchObject({ required: true });
    expect(parameter(correct, 'header', 'X-Status-Token')).toBeDefined();
    expect(correct.responses['409']?.description).toContain('review_started');
    expect(correct.responses['412']?.description).toContain('precondition_failed');

    for (const [method, path] of [
      ['GET', '/v1/submissions/{reference}'],
      ['POST', '/v1/submissions/{reference}/answer'],
      ['POST', '/v1/submissions/{reference}/withdraw'],
    ] as const) {
      const operation = operationOf(method, path);
      expect(parameter(operation, 'header', 'X-Status-Token'), path).toBeDefined();
      expect(parameter(operation, 'query', 'token'), path).toMatchObject({ required: false });
    }
    expect(parameter(operationOf('GET', '/v1/designations/{reference}'), 'header', 'X-Designation-Signature')).toMatchObject({ required: true });
  });

  it('documents the filters and paging of /v1/reforms, the level filter in both wordings', () => {
    const list = operationOf('GET', '/v1/reforms');
    const names = (list.parameters ?? []).filter((candidate) => candidate.in === 'query').map((candidate) => candidate.name);
    expect(names).toEqual(expect.arrayContaining(['area', 'region', 'level', 'member', 'limit', 'cursor']));
    expect(parameter(list, 'query', 'level')?.schema?.enum).toEqual(['National', 'Local', 'Local (non-member)', 'national', 'local', 'local-non-member']);
    expect(parameter(list, 'query', 'limit')?.schema).toMatchObject({ minimum: 1, maximum: 200, default: 50 });
    expect(operationOf('GET', '/v1/reforms.csv').responses['200']?.content).toHaveProperty(['text/csv']);
  });

  it('names the submission body once and describes each of its fields', () => {
    const schemas = (plain.components as { schemas: Record<string, { properties: Record<string, { description?: string }>; additionalProperties?: boolean }> }).schemas;
    expect(operationOf('POST', '/v1/submissions').requestBody?.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/SubmissionRequest' });
    expect(operationOf('PUT', '/v1/submissions/{reference}').requestBody?.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/SubmissionRequest' });
    const submission = schemas.SubmissionRequest!;
    expect(submission.additionalProperties).toBe(false);
    for (const [name, field] of Object.entries(submission.properties)) expect(field.description, name).toBeTruthy();
  });

  it('passes redocly lint with the project configuration: no error, no warning', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'openapi-'));
    try {
      const file = join(directory, 'openapi.json');
      await writeFile(file, JSON.stringify(document));
      const { stdout } = await promisify(execFile)(join(process.cwd(), 'node_modules/.bin/redocly'), ['lint', file, '--format=json', '--config', join(process.cwd(), 'redocly.yaml')], {
        cwd: process.cwd(),
      });
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] };
      expect(report.problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
