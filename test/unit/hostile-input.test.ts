import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.ts';
import { linkProblem } from '../../shared/domain/links.ts';
import { storyRequestSchema, submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { checkJsonBody, MAX_JSON_DEPTH, parseJson } from '../../shared/http/json.ts';
import { validStory, validSubmission } from '../support/fixtures.ts';

/** The real HTTP stack on the story route, with a handler that only records what reached it. */
const reached: unknown[] = [];
const storyHandler = httpHandler({ body: storyRequestSchema }, async ({ body }) => {
  reached.push(body);
  return { status: 201, body: { ok: true } };
});

interface EventInit {
  body: string | null;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
}

function storyEvent({ body, isBase64Encoded = false, headers = { 'Content-Type': 'application/json' }, multiValueHeaders }: EventInit): APIGatewayProxyEvent {
  return {
    resource: '/v1/stories',
    path: '/v1/stories',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: multiValueHeaders ?? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded,
    requestContext: { requestId: 'test-request' } as APIGatewayProxyEvent['requestContext'],
  };
}

interface ErrorReply {
  status: number;
  headers: Record<string, unknown>;
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

async function post(init: EventInit): Promise<ErrorReply> {
  const before = reached.length;
  const result = (await storyHandler(storyEvent(init), { awsRequestId: 'test-request' } as Context)) as APIGatewayProxyResult;
  expect(result.statusCode, result.body).toBeGreaterThanOrEqual(400);
  expect(result.statusCode, result.body).toBeLessThan(500);
  expect(reached.length, 'the handler must not run').toBe(before);
  return { status: result.statusCode, headers: result.headers ?? {}, ...(JSON.parse(result.body) as Pick<ErrorReply, 'error'>) };
}

function parseJsonBody(text: string, language: 'en' | 'fr' | 'es'): unknown {
  const parsed = parseJson(text);
  checkJsonBody(parsed, language);
  return parsed;
}
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('JSON bodies', () => {
  it('refuses prototype-pollution keys wherever they sit, with their paths', () => {
    const attempt = () => parseJsonBody('{"a":{"__proto__":{"admin":true}},"constructor":{"prototype":{}}}', 'en');
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).fields?.map((field) => field.path).sort()).toEqual(['a.__proto__', 'constructor', 'constructor.prototype']);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('reports invalid JSON as invalid_json, in the reader’s language, without the parser’s words', () => {
    try {
      parseJsonBody('{"title": ', 'es');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_json' });
      expect((error as AppError).messageIn('es')).toBe('No se pudo leer la solicitud: su contenido no es JSON válido');
    }
  });

  it('refuses nesting past its bound at the path where it goes too deep, whatever the depth', () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 2_300, 30_000]) {
      try {
        parseJsonBody(nested(depth), 'en');
        expect.unreachable();
      } catch (error) {
        expect(error, `depth ${depth}`).toBeInstanceOf(AppError);
        const fields = (error as AppError).fields ?? [];
        expect(['validation_failed', 'invalid_json']).toContain((error as AppError).code);
        if ((error as AppError).code === 'validation_failed') expect(fields).toEqual([{ path: Array(MAX_JSON_DEPTH).fill('a').join('.'), message: 'Fields are nested too deeply here' }]);
      }
    }
    expect(parseJsonBody(nested(MAX_JSON_DEPTH - 1), 'en')).toBeTypeOf('object');
  });

  it('refuses unpaired surrogates and replacement characters, in values and keys, with their paths', () => {
    const body = '{"title":"Open \\ud800 data","links":["ok","\\udc00"],"ok":"emoji \\ud83c\\udf0d fine","k\\ud800":1,"broken":"caf\uFFFD"}';
    try {
      parseJsonBody(body, 'fr');
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).fields?.map((field) => field.path).sort()).toEqual(['broken', 'k\ud800', 'links.1', 'title']);
      expect((error as AppError).fields?.[0]?.message).toMatch(/^Ce texte contient des caractères endommagés/);
    }
  });

  it('reports a bounded number of problems for a body made of them', () => {
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`k${index}`, { __proto__: null, constructor: 1 }])));
    try {
      parseJsonBody(body, 'en');
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).fields).toHaveLength(50);
    }
  });
});

describe('the HTTP stack refuses hostile bodies without running the handler', () => {
  it('answers deep nesting with a 4xx, never a 500', async () => {
    for (const depth of [100, 2_300, 10_000]) {
      const reply = await post({ body: nested(depth) });
      expect(reply.status).toBe(400);
    }
  });

  it('refuses malformed UTF-8 with a field error at the damaged text', async () => {
    const story = JSON.stringify(validStory({ title: 'Budget participatif à Dakar' }));
    const bytes = Buffer.from(story, 'utf8');
    const at = bytes.indexOf(Buffer.from('à', 'utf8'));
    bytes[at + 1] = 0x28; // 0xC3 followed by '(' is not UTF-8
    const reply = await post({ body: bytes.toString('base64'), isBase64Encoded: true });
    expect(reply.status).toBe(400);
    expect(reply.error.fields).toEqual([{ path: 'title', message: expect.stringMatching(/^Ce texte contient des caractères endommagés/) }]);
  });

  it('refuses an unpaired surrogate escaped in JSON', async () => {
    const reply = await post({ body: JSON.stringify(validStory()).replace('"Awa Diop"', '"Awa \\udead Diop"') });
    expect(reply.error.fields).toEqual([{ path: 'author.name', message: expect.stringContaining('caractères endommagés') }]);
  });

  it('refuses a body with two Content-Type values, in two headers or in one', async () => {
    const body = JSON.stringify(validStory());
    const twoHeaders = await post({
      body,
      headers: { 'Content-Type': 'application/json' },
      multiValueHeaders: { 'Content-Type': ['text/plain', 'application/json'] },
    });
    expect(twoHeaders.status).toBe(415);
    const twoNames = await post({ body, headers: { 'Content-Type': 'application/json', 'content-type': 'text/plain' } });
    expect(twoNames.status).toBe(415);
    const oneHeader = await post({ body, headers: { 'Content-Type': 'application/json, text/plain' } });
    expect(oneHeader.status).toBe(415);
    const latin1 = await post({ body, headers: { 'Content-Type': 'application/json; charset=iso-8859-1' } });
    expect(latin1.status).toBe(415);
    expect(latin1.error).toEqual({ code: 'unsupported_media_type', message: 'Send the body as JSON, with the single header Content-Type: application/json' });
  });

  it('answers in the language of the body, with the security headers', async () => {
    const reply = await post({ body: JSON.stringify(validStory({ language: 'es', title: 'Línea\u0085oculta' })) });
    expect(reply.error).toEqual({
      code: 'validation_failed',
      message: 'Algunas respuestas deben corregirse; revise cada campo',
      fields: [{ path: 'title', message: 'Escríbalo en una sola línea, sin saltos de línea ni caracteres de control' }],
    });
    expect(reply.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" });
  });

  it('answers the public in its language and staff in English, whatever their browser prefers', async () => {
    const french = { 'Content-Type': 'application/json', 'Accept-Language': 'fr-FR,fr;q=0.9' };
    const publicReply = await post({ body: '{"title": ', headers: french });
    expect(publicReply.error.message).toBe("La requête n'a pas pu être lue\u00a0: son contenu n'est pas du JSON valide");
    const staffHandler = httpHandler({}, async () => ({ body: {} }));
    const staffEvent = { ...storyEvent({ body: null, headers: french }), resource: '/v1/review/cycles', path: '/v1/review/cycles', httpMethod: 'GET' };
    const staffReply = (await staffHandler(staffEvent, {} as Context)) as APIGatewayProxyResult;
    expect(staffReply.statusCode).toBe(401);
    expect(JSON.parse(staffReply.body)).toEqual({ error: { code: 'unauthorized', message: 'Sign in to continue' } });
  });

  it('accepts the same story when it is sound (the refusals above are about the input)', async () => {
    const result = (await storyHandler(storyEvent({ body: JSON.stringify(validStory({ title: 'Emoji 🌍 et accents: é' })) }), {} as Context)) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(201);
  });
});

describe('text and links in the contract', () => {
  const paths = (input: unknown) => {
    try {
      parseOrThrow(submissionRequestSchema, input, 'en');
      return [];
    } catch (error) {
      return ((error as AppError).fields ?? []).map((field) => `${field.path}: ${field.message}`);
    }
  };

  it('refuses C1 control characters in one-line fields and keeps them out of long text too', () => {
    for (const c1 of ['\u0080', '\u0085', '\u009b', '\u009f']) {
      expect(paths(validSubmission({ title: `Open${c1}data` }))).toEqual(['title: Write this on a single line, without line breaks or control characters']);
    }
    expect(paths(validSubmission({ title: 'Ouverture des données — ÀÉÎÕÜ ÿ ¡¿' }))).toEqual([]);
  });

  it('refuses links with any user-info part, backslashes or look-alike hosts, and keeps real international addresses', () => {
    const refused = {
      'https://user:secret@example.org/': 'linkCredentials',
      'https://user@example.org/': 'linkCredentials',
      'https://opengovpartnership.org@evil.example/': 'linkCredentials',
      'https://@example.org/': 'linkCredentials',
      'https://example.org\\@evil.example/': 'url',
      'https://xn--pple-43d.com/': 'linkLookAlike', // Cyrillic "а" then Latin "pple"
      'https://аррӏе.com/': 'linkLookAlike', // all Cyrillic letters that look Latin
      'https://οpengovpartnership.org/': 'linkLookAlike', // Greek omicron
    };
    for (const [link, problem] of Object.entries(refused)) expect(linkProblem(link), link).toBe(problem);
    for (const link of ['https://www.opengovpartnership.org/fr/?q=1#x', 'https://españa.gob.es/', 'https://例え.jp/', 'https://bücher.de/']) {
      expect(linkProblem(link), link).toBeUndefined();
    }
    expect(paths(validSubmission({ links: ['https://ok.example.org', 'https://u:p@example.org', 'https://xn--pple-43d.com'] }))).toEqual([
      'links.1: Remove the user name or password from this web address',
      'links.2: This web address mixes alphabets in a way that imitates another address; write it in one alphabet',
    ]);
  });
});
