import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startHttpServer, type LocalHttpServer } from '../../infra/local/http-server.ts';
import { SECURITY_HEADERS } from '../../shared/http/responses.ts';
import { ROUTES } from '../../shared/http/routes.ts';

/**
 * The local gateway's own refusals (before any handler runs) look like the handlers' answers:
 * same security headers, same error shape, in the language the request asks for.
 */
describe('the local gateway’s own error answers', () => {
  let server: LocalHttpServer;
  let handlerCalls = 0;
  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      routes: ROUTES,
      logErrors: false,
      resolveHandler: async () => async () => {
        handlerCalls++;
        return { statusCode: 200, body: '{}' };
      },
    });
  });
  afterAll(() => server?.stop());

  async function expectGatewayError(response: Response, status: number, code: string, message: string) {
    expect(response.status).toBe(status);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), name).toBe(value);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ error: { code, message } });
    expect(handlerCalls).toBe(0);
  }

  it('404: no route', async () => {
    await expectGatewayError(await fetch(`${server.url}/v1/nothing-here`), 404, 'not_found', 'There is nothing at this address');
    await expectGatewayError(
      await fetch(`${server.url}/v1/nothing-here`, { headers: { 'accept-language': 'fr-CA,fr;q=0.9' } }),
      404,
      'not_found',
      "Il n'y a rien à cette adresse",
    );
    await expectGatewayError(await fetch(`${server.url}/v1/nothing-here`, { method: 'OPTIONS' }), 404, 'not_found', 'There is nothing at this address');
  });

  it('405: a method the route does not take, with Allow', async () => {
    const response = await fetch(`${server.url}/v1/areas?lang=es`, { method: 'DELETE' });
    expect(response.headers.get('allow')).toBe('GET');
    await expectGatewayError(response, 405, 'method_not_allowed', 'Esta dirección no acepta este tipo de solicitud');
  });

  it('413: a body over the gateway’s limit', async () => {
    const response = await fetch(`${server.url}/v1/stories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'es' },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    await expectGatewayError(response, 413, 'payload_too_large', 'La solicitud es demasiado grande; acorte los textos más largos e inténtelo de nuevo');
  });
});
