import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getCycleSubmission } from '../../functions/get-cycle-submission/handler.ts';
import { handler as listCycleRows } from '../../functions/list-cycle-rows/handler.ts';
import { handler as listCycleSubmissions } from '../../functions/list-cycle-submissions/handler.ts';
import { ENV } from '../../shared/config/constants.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { cycleRowSchema, cycleRowsPageSchema, type CycleRow } from '../../shared/domain/cycle-row.ts';
import type { SubmissionRequest } from '../../shared/domain/schemas.ts';
import { submitCommitment } from '../../shared/intake/submit-commitment.ts';
import { collectPage } from '../../shared/review/collect.ts';
import { openCycle } from '../../shared/review/cycles.ts';
import { recordDecision } from '../../shared/review/decisions.ts';
import { dynamo, useEnvironment } from '../../shared/store/clients.ts';
import { ROW_PATHS } from '../../shared/store/cycle-listing.ts';
import { keys } from '../../shared/store/keys.ts';
import { projectionOf, SUBMISSIONS_TABLE } from '../../shared/store/tables.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';
import { validSubmission } from '../support/fixtures.ts';
import { invoke, useOwnTables } from '../support/in-process.ts';
import { tokenFor } from '../support/platform.ts';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback-server.ts';

/**
 * The console's row listing (`GET /v1/review/cycles/{cycle}/rows`) and the detail read of one
 * submission, through their handlers, on tables of this file's own: a cycle collected by the
 * review's own functions, decided with `recordDecision`, marked undeliverable as the SES events
 * handler marks it.
 */

const cycle = new Date().toISOString().slice(0, 7);
const ROWS = '/v1/review/cycles/{cycle}/rows';
const DETAIL = '/v1/review/cycles/{cycle}/submissions/{reference}';
const ROW_FIELDS = ['reference', 'status', 'version', 'title', 'member', 'area', 'language', 'place', 'institution', 'submitter', 'screening', 'duplicateOf', 'decision'].sort();

let reviewer: string;
const submitted: { reference: string; title: string; email: string }[] = [];

async function submit(title: string) {
  const email = `rows-${randomUUID().slice(0, 8)}@example.org`;
  const request = { ...validSubmission({ title }), submitter: { name: 'Amina Odhiambo', email, position: 'Analyst' } };
  const { receipt } = await submitCommitment(request as SubmissionRequest, { now: new Date() });
  submitted.push({ reference: receipt.reference, title, email });
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The handler as API Gateway calls it with a query string (`invoke` sends none). */
const withQuery =
  (handler: Handler, query: Record<string, string>): Handler =>
  (event, context) =>
    handler({ ...event, queryStringParameters: Object.keys(query).length > 0 ? query : null }, context);

/** As the reviewer unless told otherwise (`null`: no token at all). */
function call(handler: Handler, resource: string, pathParameters: Record<string, string>, query: Record<string, string> = {}, token: string | null = reviewer) {
  return invoke(withQuery(handler, query), 'GET', resource, { pathParameters, ...(token === null ? {} : { token }) });
}

async function rows(query: Record<string, string> = {}) {
  const reply = await call(listCycleRows, ROWS, { cycle }, query);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return cycleRowsPageSchema.parse(reply.body);
}

const rowOf = (page: { rows: CycleRow[] }, reference: string) => page.rows.find((row) => row.reference === reference);

beforeAll(async () => {
  await useOwnTables(`rows-${randomUUID().slice(0, 6)}-`);
  reviewer = await tokenFor('reviewer@example.org');
  await submit('Open data on public works');
  await submit('A portal for road budgets');
  await submit('Beneficial ownership of road contractors');
  await openCycle({ cycle });
  while ((await collectPage(cycle)).more);
}, 60_000);

describe('the cycle rows', () => {
  it('are the row fields and nothing else: no request text, reasons, rationale or token', async () => {
    const page = await rows();
    expect(page.rows.map((row) => row.reference)).toEqual(submitted.map((entry) => entry.reference));
    expect(page.nextCursor).toBeUndefined();
    const reply = await call(listCycleRows, ROWS, { cycle }, {});
    for (const row of reply.body.rows) expect(Object.keys(row).sort()).toEqual(ROW_FIELDS);
    const first = rowOf(page, submitted[0]!.reference)!;
    expect(first).toMatchObject({
      status: 'in-review',
      title: 'Open data on public works',
      member: { id: 'kenya', name: 'Kenya', region: 'africa-middle-east' },
      area: 'digital-governance',
      language: 'en',
      institution: 'Office of the Data Protection Commissioner',
      submitter: { name: 'Amina Odhiambo', email: submitted[0]!.email },
      duplicateOf: null,
      decision: null,
    });
    expect(first.screening.met + first.screening.notMet + first.screening.judgement).toBe(CRITERION_IDS.length);
    expect(JSON.stringify(reply.body)).not.toMatch(/problem|description|milestones|reason|rationale|tokenHash|decisionTaskToken/);
  });

  it('page with a cursor that resumes where the last page stopped, and refuse a forged cursor', async () => {
    const first = await rows({ limit: '2' });
    expect(first.rows).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = await rows({ limit: '2', cursor: first.nextCursor! });
    expect(second.nextCursor).toBeUndefined();
    expect([...first.rows, ...second.rows].map((row) => row.reference)).toEqual(submitted.map((entry) => entry.reference));
    // A page exactly as long as the cycle is the last one: no cursor to an empty page.
    expect((await rows({ limit: String(submitted.length) })).nextCursor).toBeUndefined();

    const forged = Buffer.from(JSON.stringify({ pk: 'SUB#x', sk: 'SUBMISSION', cycle: '2020-01', reference: 'x' })).toString('base64url');
    const refused = await call(listCycleRows, ROWS, { cycle }, { cursor: forged });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe('cursor');
    expect((await call(listCycleRows, ROWS, { cycle }, { limit: '1001' })).status).toBe(400);
  });

  it('show the decision, the re-tag and the reviewer once a decision is saved, and the new version', async () => {
    const { reference } = submitted[1]!;
    const before = rowOf(await rows(), reference)!;
    await recordDecision(
      reference,
      {
        outcome: 'needs-info',
        criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass'])) as never,
        area: 'fiscal-openness',
        ambition: 'substantial',
        rationale: 'The budget lines need their sources.',
        question: 'Which budget lines will the portal publish?',
      },
      'reviewer2@example.org',
      before.version,
    );
    const after = rowOf(await rows(), reference)!;
    expect(after.decision).toMatchObject({ outcome: 'needs-info', area: 'fiscal-openness', decidedBy: 'reviewer2@example.org', promising: true });
    expect(after.area).toBe('digital-governance');
    expect(after.version).toBe(before.version + 1);
    // The others stay undecided.
    expect((await rows()).rows.filter((row) => row.decision !== null).map((row) => row.reference)).toEqual([reference]);

    // The detail read has the whole decision and the same version to decide on.
    const detail = await call(getCycleSubmission, DETAIL, { cycle, reference });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ reference, version: after.version, decided: true, decision: { rationale: 'The budget lines need their sources.', question: 'Which budget lines will the portal publish?' } });
    expect(detail.body.request.problem).toBeTruthy();
    expect(detail.body).not.toHaveProperty('tokenHash');
    expect(detail.body).not.toHaveProperty('decisionTaskToken');
  });

  it('ignore a decision state left by an earlier cycle', async () => {
    const { reference } = submitted[2]!;
    await dynamo().send(
      new UpdateCommand({
        TableName: submissionsTable(),
        Key: keys.submission(reference),
        UpdateExpression: 'SET decisionState = :state',
        ExpressionAttributeValues: { ':state': { cycle: '2020-01', outcome: 'needs-info', area: 'justice', promising: false, decidedBy: 'someone@example.org', decidedAt: '2020-02-03T10:00:00.000Z' } },
      }),
    );
    expect(rowOf(await rows(), reference)!.decision).toBeNull();
  });

  it('carry the undeliverable mark, as do the detail and the whole listing', async () => {
    const { reference, email } = submitted[0]!;
    const undeliverable = { address: email, reason: 'bounce', at: '2026-12-02T08:00:00.000Z' };
    await dynamo().send(
      new UpdateCommand({ TableName: submissionsTable(), Key: keys.submission(reference), UpdateExpression: 'SET undeliverable = :mark', ExpressionAttributeValues: { ':mark': undeliverable } }),
    );
    expect(cycleRowSchema.parse(rowOf(await rows(), reference)).undeliverable).toEqual(undeliverable);
    expect((await call(getCycleSubmission, DETAIL, { cycle, reference })).body.undeliverable).toEqual(undeliverable);
    const whole = await call(listCycleSubmissions, '/v1/review/cycles/{cycle}/submissions', { cycle }, {});
    expect(whole.body.submissions.find((submission: { reference: string }) => submission.reference === reference).undeliverable).toEqual(undeliverable);
  });

  it('answer 404 for a cycle that does not exist, and for a submission of another cycle', async () => {
    expect((await call(listCycleRows, ROWS, { cycle: '2020-01' }, {})).status).toBe(404);
    const elsewhere = await call(getCycleSubmission, DETAIL, { cycle: '2020-01', reference: submitted[0]!.reference });
    expect(elsewhere.status).toBe(404);
    const unknown = await call(getCycleSubmission, DETAIL, { cycle, reference: 'OGC-2020-01-9999' });
    expect(unknown.status).toBe(404);
  });

  it('read only what the cycle index projects', () => {
    const declaration = SUBMISSIONS_TABLE.indexes.find((index) => index.indexName === 'byCycle')!;
    const projection = projectionOf(declaration);
    expect(projection.type).toBe('INCLUDE');
    const projected = new Set([declaration.partitionKey.name, declaration.sortKey.name, SUBMISSIONS_TABLE.partitionKey.name, SUBMISSIONS_TABLE.sortKey.name, ...(projection.type === 'INCLUDE' ? projection.attributes : [])]);
    for (const path of ROW_PATHS) expect(projected.has(path[0]!), path.join('.')).toBe(true);
  });
});

describe('who may list rows and read a submission whole', () => {
  let jwks: LoopbackServer;
  const issuer = 'https://issuer.rows.test';
  const audience = 'rows-test-client';
  let signed: (groups: string[]) => Promise<string>;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    // An issuer of this file's own, to sign a token with no staff role (the dev users all have one).
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const publicJwk = { ...(await exportJWK(publicKey)), alg: 'RS256', use: 'sig' };
    const kid = await calculateJwkThumbprint(publicJwk);
    jwks = await serveOnLoopback((_, response) => response.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [{ ...publicJwk, kid }] })));
    for (const name of [ENV.jwtIssuer, ENV.jwtJwksUrl, ENV.jwtAudience]) saved[name] = process.env[name];
    useEnvironment({ [ENV.jwtIssuer]: issuer, [ENV.jwtJwksUrl]: `${jwks.url}/jwks`, [ENV.jwtAudience]: audience });
    signed = (groups) =>
      new SignJWT({ token_use: 'id', email: 'someone@example.org', 'cognito:groups': groups })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject('00000000-0000-0000-0000-000000000001')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
  });

  afterAll(async () => {
    useEnvironment(saved);
    await jwks.close();
  });

  it('401 without a valid token, 403 without a staff role, 200 for a reviewer and an admin', async () => {
    const reference = submitted[0]!.reference;
    const calls = [
      (token: string | null) => call(listCycleRows, ROWS, { cycle }, {}, token),
      (token: string | null) => call(getCycleSubmission, DETAIL, { cycle, reference }, {}, token),
    ];
    const reviewerToken = await signed(['reviewer']);
    for (const request of calls) {
      expect((await request(null)).status).toBe(401);
      expect((await request('not.a.jwt')).status).toBe(401);
      expect((await request(`${reviewerToken}x`)).status).toBe(401);
      const forbidden = await request(await signed([]));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
      expect((await request(reviewerToken)).status).toBe(200);
      expect((await request(await signed(['admin', 'reviewer']))).status).toBe(200);
    }
  });
});
