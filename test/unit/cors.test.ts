import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/config/constants.ts';
import { resetConfig } from '../../shared/config/env.ts';
import { AppError } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';

/** The real HTTP stack on a public route, answering or failing as the test asks. */
let fail = false;
const areasHandler = httpHandler({}, async () => {
  if (fail) throw new AppError('not_found', { key: 'notFound' });
  return { body: { ok: true } };
});

function event(origin: string | undefined): APIGatewayProxyEvent {
  const headers: Record<string, string> = origin ? { Origin: origin } : {};
  return {
    resource: '/v1/areas',
    path: '/v1/areas',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'cors-test' } as APIGatewayProxyEvent['requestContext'],
  };
}

async function answer(origin: string | undefined, allowed: string | undefined): Promise<APIGatewayProxyResult> {
  if (allowed === undefined) delete process.env[ENV.corsAllowOrigins];
  else process.env[ENV.corsAllowOrigins] = allowed;
  resetConfig();
  return areasHandler(event(origin), {} as Context);
}

afterEach(() => {
  delete process.env[ENV.corsAllowOrigins];
  resetConfig();
  fail = false;
});

describe('CORS from configuration', () => {
  it('allows any page when no origins are configured', async () => {
    expect((await answer('https://forms.example.net', undefined)).headers?.['access-control-allow-origin']).toBe('*');
  });

  it('echoes a listed origin and says the answer varies by origin, on successes and errors alike', async () => {
    const allowed = 'https://forms.example.net, https://other.example.org';
    const ok = await answer('https://forms.example.net', allowed);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers).toMatchObject({ 'access-control-allow-origin': 'https://forms.example.net', vary: 'Origin' });
    fail = true;
    const error = await answer('https://other.example.org', allowed);
    expect(error.statusCode).toBe(404);
    expect(error.headers).toMatchObject({ 'access-control-allow-origin': 'https://other.example.org', vary: 'Origin' });
  });

  it('gives an unlisted origin no CORS header at all, never *', async () => {
    const answered = await answer('https://evil.example.com', 'https://forms.example.net');
    expect(answered.headers?.['access-control-allow-origin']).toBeUndefined();
    expect(answered.headers?.vary).toBe('Origin');
  });
});
