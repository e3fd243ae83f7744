import { Buffer, isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CORS_ALLOW_HEADERS } from '../../shared/config/constants.ts';
import { codeMessage, ERROR_STATUS, type ErrorCode } from '../../shared/domain/errors.ts';
import { negotiateLanguage } from '../../shared/domain/language.ts';
import { errorResult } from '../../shared/http/responses.ts';
import type { Route } from '../../shared/http/routes.ts';
import { TOKEN_LIFETIME_SECONDS, UnknownDevUserError, type JwtIssuer } from './jwt-issuer.ts';
import type { LocalOAuth } from './oauth-server.ts';
import { HandlerNotFoundError, LOCAL_ACCOUNT, lambdaContext, loadHandler, type AnyHandler } from './lambda-runtime.ts';
import { listen } from './processes.ts';
import type { PublicDataHandler, WebAssetHandler } from './web-assets.ts';

/**
 * API Gateway (REST, Lambda proxy integration) in front of the handlers of the route table, plus
 * a few local-only pages outside /v1: the JWKS and dev sign-in of the local issuer, and an index
 * (`/local/`). Every other path outside /v1 belongs to the public site, when one is given.
 */

/** API Gateway's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout. */
export const INTEGRATION_TIMEOUT_MS = 29_000;
const STAGE = 'local';

export interface HttpServerOptions {
  port: number;
  host?: string;
  routes: readonly Route[];
  /** The local issuer's JWKS and dev sign-in, and the index page's links (also settable later). */
  localPages?: LocalPages;
  /** Requests wait for this (the platform resolves it once the environment is set). */
  ready?: Promise<void>;
  /** Replaces `functions/<name>/handler.ts` (tests). */
  resolveHandler?: (functionName: string) => Promise<AnyHandler>;
  logErrors?: boolean;
  /** The public site, served at `/` for every path that is not the API's, the console's or a local page. */
  site?: Promise<WebAssetHandler>;
  /** The review console, served under `/console/`. */
  console?: Promise<WebAssetHandler>;
  /** The open-data exports, served from their files at their paths under /v1 (as CloudFront serves them from S3). */
  publicData?: PublicDataHandler;
}

export interface LocalPages {
  jwt: JwtIssuer;
  /** The issuer's OAuth endpoints and the console's `config.json`. */
  oauth?: LocalOAuth;
  links: Record<string, string>;
}

export interface LocalHttpServer {
  url: string;
  port: number;
  server: http.Server;
  /** The issuer depends on the API's URL, known only once the server listens. */
  setLocalPages(pages: LocalPages): void;
  stop(): Promise<void>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  paramNames: string[];
  /** Literal segments rank before parameters, as API Gateway matches them. */
  specificity: number;
}

function compile(route: Route): CompiledRoute {
  const paramNames: string[] = [];
  let literalSegments = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (param?.[1]) {
        paramNames.push(param[1]);
        return '([^/]+)';
      }
      literalSegments++;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), paramNames, specificity: literalSegments };
}

export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile).sort((a, b) => b.specificity - a.specificity);
  }

  /** The route for method+path; `methods` lists what the path allows when the method does not match. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | { route: undefined; methods: string[] } {
    const methods: string[] = [];
    for (const candidate of this.compiled) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      if (candidate.route.method !== method) {
        methods.push(candidate.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      candidate.paramNames.forEach((name, index) => {
        const raw = found[index + 1] ?? '';
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw;
        }
      });
      return { route: candidate.route, params };
    }
    return { route: undefined, methods: [...new Set(methods)] };
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/**
 * The gateway's own refusals of an API request (no route, wrong method, body too large, timeout):
 * the handlers' security headers and error shape, in the language the request asks for.
 */
function sendGatewayError(req: IncomingMessage, res: ServerResponse, code: ErrorCode, headers: Record<string, string> = {}): void {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const language = negotiateLanguage(query.get('lang'), req.headers['accept-language']);
  const result = errorResult(ERROR_STATUS[code], { error: { code, message: codeMessage(code, language) } }, headers);
  writeProxyResult(res, result, randomUUID());
}

class BodyTooLargeError extends Error {}

/** Beyond this a refused body is cut off rather than read to its end. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/**
 * The request body, or BodyTooLargeError. A too-large body is still read (and discarded) so the
 * client, which is usually still sending, gets the 413 instead of a broken pipe.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length']) > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > MAX_DISCARDED_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLargeError()) : resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function parseQuery(search: string): { single: Record<string, string> | null; multi: Record<string, string[]> | null } {
  if (!search) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    single[key] = value;
    (multi[key] ??= []).push(value);
  }
  return Object.keys(single).length === 0 ? { single: null, multi: null } : { single, multi };
}

/** Header names as the client sent them (API Gateway does not lowercase them). */
function rawHeaders(req: IncomingMessage): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

export function toProxyEvent(
  req: IncomingMessage,
  route: Route,
  params: Record<string, string>,
  path: string,
  search: string,
  body: Buffer,
): APIGatewayProxyEvent {
  const headers = rawHeaders(req);
  const query = parseQuery(search);
  const method = req.method ?? 'GET';
  const isBase64Encoded = body.length > 0 && !isUtf8(body);
  const now = Date.now();
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const userAgent = req.headers['user-agent'] ?? null;
  return {
    resource: route.path,
    path,
    httpMethod: method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: Object.keys(params).length > 0 ? params : null,
    stageVariables: null,
    body: body.length === 0 ? null : isBase64Encoded ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: method,
      // No stage prefix: locally the API is served at the root, so links built from this still work.
      path,
      stage: STAGE,
      domainName: req.headers.host ?? 'localhost',
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: route.path,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
    },
  };
}

/** Writes a proxy result the way API Gateway does; undefined header values are dropped (writeHead rejects them). */
export function writeProxyResult(res: ServerResponse, result: APIGatewayProxyResult, requestId: string): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    const kept = (values ?? []).filter((value) => value !== undefined && value !== null).map(String);
    if (kept.length > 0) headers[name.toLowerCase()] = kept;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = String(value);
  }
  headers['content-type'] ??= 'application/json';
  headers['x-amzn-requestid'] = requestId;
  const payload = result.body === undefined || result.body === null ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(payload.length);
  delete headers['transfer-encoding'];
  res.writeHead(result.statusCode, headers);
  res.end(payload);
}

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  return typeof value === 'object' && value !== null && typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function indexPage(jwt: JwtIssuer, links: Record<string, string>): string {
  const items = Object.entries(links)
    .map(([label, href]) => `<li>${escapeHtml(label)}: <a href="${escapeHtml(href)}">${escapeHtml(href)}</a></li>`)
    .join('\n');
  const users = jwt.users.map((user) => `<li><code>${escapeHtml(user.email)}</code> — ${escapeHtml(user.groups.join(', '))}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Open Gov Challenge — local platform</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code,pre{background:#f3f3f3;padding:0 .25rem}</style></head>
<body><h1>Open Gov Challenge — local platform</h1>
<ul>
<li>OpenAPI document: <a href="/v1/openapi.json">/v1/openapi.json</a></li>
<li>Health: <a href="/v1/health">/v1/health</a></li>
<li>Challenge areas: <a href="/v1/areas">/v1/areas</a></li>
<li>JWKS of the local issuer: <a href="/local/.well-known/jwks.json">/local/.well-known/jwks.json</a></li>
${items}
</ul>
<h2>Dev users (staff routes)</h2>
<ul>${users}</ul>
<p>Get a bearer token: <code>npm run token -- admin@example.org</code>, or</p>
<pre>curl -s -X POST -H 'content-type: application/json' -d '{"email":"admin@example.org"}' ${escapeHtml(jwt.issuer)}/auth/token</pre>
</body></html>`;
}

/** The local platform's own index page (the site has `/`). */
export const LOCAL_INDEX_PATH = '/local/';

export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  const table = new RouteTable(options.routes);
  const resolveHandler = options.resolveHandler ?? loadHandler;
  const logErrors = options.logErrors ?? true;
  const corsMethods = new Map<string, string>();
  let pages = options.localPages;

  async function handleLocal(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (!pages) return false;
    const { jwt, links } = pages;
    if (path === LOCAL_INDEX_PATH && req.method === 'GET') {
      const html = indexPage(jwt, links);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(html);
      return true;
    }
    if (path === '/local/.well-known/jwks.json' && req.method === 'GET') {
      sendJson(res, 200, jwt.jwks, { 'cache-control': 'max-age=300' });
      return true;
    }
    if (path === '/local/auth/users' && req.method === 'GET') {
      sendJson(res, 200, { users: jwt.users });
      return true;
    }
    if (path === '/local/auth/token') {
      if (req.method !== 'POST') {
        sendError(res, 405, 'method_not_allowed', 'POST {"email": "..."} to get a token', { allow: 'POST' });
        return true;
      }
      let email: unknown;
      try {
        email = (JSON.parse((await readBody(req)).toString('utf8')) as { email?: unknown }).email;
      } catch {
        sendError(res, 400, 'invalid_json', 'Send a JSON body: {"email": "admin@example.org"}');
        return true;
      }
      if (typeof email !== 'string') {
        sendError(res, 400, 'validation_failed', 'Send a JSON body: {"email": "admin@example.org"}');
        return true;
      }
      try {
        const token = await jwt.tokenFor(email);
        const user = jwt.users.find((candidate) => candidate.email === email.trim().toLowerCase());
        sendJson(res, 200, { token, tokenType: 'Bearer', expiresIn: TOKEN_LIFETIME_SECONDS, email: user?.email, groups: user?.groups });
      } catch (error) {
        if (error instanceof UnknownDevUserError) sendError(res, 403, 'forbidden', error.message);
        else throw error;
      }
      return true;
    }
    return false;
  }

  function allowedMethods(path: string): string | undefined {
    let cached = corsMethods.get(path);
    if (cached === undefined) {
      const found = table.match('OPTIONS', path);
      cached = found.route === undefined ? found.methods.join(',') : '';
      if (corsMethods.size < 10_000) corsMethods.set(path, cached);
    }
    return cached || undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.ready) await options.ready;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt + 1);
    const method = req.method ?? 'GET';

    if (pages?.oauth && (await pages.oauth.handle(req, res, path, search))) return;
    if (options.console && (await options.console)(req, res, path)) return;
    if (!path.startsWith('/v1/') && (await handleLocal(req, res, path))) return;
    if (options.site && !path.startsWith('/v1/') && !path.startsWith('/local/') && (await options.site)(req, res, path)) return;
    if (options.publicData && (await options.publicData(req, res, path))) return;

    if (method === 'OPTIONS') {
      // What API Gateway's CORS preflight (defaultCorsPreflightOptions) answers for a known path.
      const methods = allowedMethods(path);
      if (!methods) {
        sendGatewayError(req, res, 'not_found');
        return;
      }
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': `${methods},OPTIONS`,
        'access-control-allow-headers': CORS_ALLOW_HEADERS.join(','),
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }

    const found = table.match(method, path);
    if (found.route === undefined) {
      req.resume();
      if (found.methods.length > 0) {
        sendGatewayError(req, res, 'method_not_allowed', { allow: found.methods.join(', ') });
      } else {
        sendGatewayError(req, res, 'not_found');
      }
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendGatewayError(req, res, 'payload_too_large');
        return;
      }
      throw error;
    }

    const event = toProxyEvent(req, found.route, found.params, path, search, body);
    const requestId = event.requestContext.requestId;
    const functionName = found.route.functionName;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = await resolveHandler(functionName);
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_MS);
      });
      const result = await Promise.race([Promise.resolve(handler(event, lambdaContext(functionName, INTEGRATION_TIMEOUT_MS))), timeout]);
      if (result === 'timeout') {
        if (logErrors) console.error(`[api] ${functionName} did not answer within ${INTEGRATION_TIMEOUT_MS / 1000} s`);
        sendGatewayError(req, res, 'gateway_timeout');
        return;
      }
      if (!isProxyResult(result)) {
        if (logErrors) console.error(`[api] ${functionName} returned something that is not an API Gateway proxy result:`, result);
        sendError(res, 502, 'internal', 'Malformed Lambda proxy response');
        return;
      }
      writeProxyResult(res, result, requestId);
    } catch (error) {
      if (logErrors) console.error(`[api] ${method} ${path} → ${functionName} failed:`, error);
      // As API Gateway answers a crashed Lambda; a missing handler file is named, to help locally.
      const message = error instanceof HandlerNotFoundError ? error.message : 'Internal server error';
      if (!res.headersSent) sendError(res, 502, 'internal', message, { 'x-amzn-requestid': requestId });
      else res.destroy();
    } finally {
      clearTimeout(timer);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (logErrors) console.error('[api] request failed:', error);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Internal server error');
      else res.destroy();
    });
  });
  // Load generators keep connections open between requests; so does API Gateway.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const port = await listen(server, options.port, options.host ?? '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    setLocalPages(next) {
      pages = next;
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
