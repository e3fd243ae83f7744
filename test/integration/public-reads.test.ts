import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ApiReply, type ApiRequest } from '../../infra/local/api-client.ts';
import { handler as exportReforms } from '../../functions/export-reforms/handler.ts';
import { ATTR, ENV } from '../../shared/config/constants.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import type { Reform } from '../../shared/domain/reform.ts';
import type { CacheInvalidator } from '../../shared/publication/cdn.ts';
import { directoryStore } from '../../shared/publication/public-file-store.ts';
import { PUBLIC_DATA_PATHS, PUBLIC_FILES } from '../../shared/publication/public-files.ts';
import { publishPublicData } from '../../shared/publication/publish.ts';
import { dynamo } from '../../shared/store/clients.ts';
import { allReforms, reformItem } from '../../shared/store/public-lists.ts';
import { submissionsTable } from '../../shared/store/tables-runtime.ts';
import { lambdaContext, proxyEvent } from '../support/events.ts';
import { validStory, validSubmission } from '../support/fixtures.ts';
import { waitFor } from '../support/platform.ts';
import { useOwnPlatform } from '../support/own-platform.ts';

/**
 * The public reads after a real release: `/v1/stats` from the counters stored at release, the CSV
 * and JSON exports as files served at their public paths with ETags — and nothing built from the
 * table by a request. Its own platform: a cycle collects every submission awaiting review.
 */
const platform = useOwnPlatform();
const cycle = new Date().toISOString().slice(0, 7);


/** A request to this file's platform (GET unless `method` says otherwise). */
const call = <T = any>(route: string, options: ApiRequest = {}): Promise<ApiReply<T>> => callApi<T>(platform().apiUrl, route, options);

async function download(file: keyof typeof PUBLIC_FILES, headers: Record<string, string> = {}) {
  const response = await fetch(`${platform().apiUrl}${PUBLIC_FILES[file].path}`, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const csvRows = (bytes: Buffer) => bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean).slice(1);
const EMPTY_STATS = { participatingCountries: 0, participatingLocalities: 0, challengeCommitments: { total: 0 } };

async function submit(title: string, area: string) {
  const base = validSubmission({ title, area });
  const email = `public-${randomUUID().slice(0, 8)}@example.org`;
  const reply = await call<{ reference: string }>('/v1/submissions', { method: 'POST', json: { ...base, submitter: { ...(base.submitter as object), email } } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.reference;
}

describe('public reads', () => {
  let firstEtags: Record<'csv' | 'json', string>;

  it('serve valid empty exports and zero counters on a fresh platform, revalidated by ETag', async () => {
    const csv = await download('csv');
    expect(csv.status).toBe(200);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.bytes.subarray(3).toString('utf8')).toBe('Country/Local,Level of Government,Lead Institution,Title of Reform,Challenge Area\r\n');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(csv.headers.get('cache-control')).toContain('max-age=');
    const json = await download('json');
    expect(JSON.parse(json.bytes.toString('utf8'))).toEqual({ reforms: [] });
    expect(json.headers.get('content-type')).toContain('application/json');
    firstEtags = { csv: csv.headers.get('etag')!, json: json.headers.get('etag')! };
    expect(firstEtags.csv).toMatch(/^".+"$/);

    const revalidated = await download('csv', { 'if-none-match': firstEtags.csv });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
    expect(revalidated.headers.get('etag')).toBe(firstEtags.csv);

    expect((await call('/v1/stats')).body).toMatchObject(EMPTY_STATS);
  });

  it('reflect a release: counters and both exports name the new reforms; stories are never counted', { timeout: 120_000 }, async () => {
    const admin = await platform().tokenFor('admin@example.org');
    const reviewer = await platform().tokenFor('reviewer@example.org');

    // A published story: public, but never a Challenge commitment.
    const story = await call<{ id: string }>('/v1/stories', { method: 'POST', json: validStory() });
    expect(story.status, story.text).toBe(201);
    expect((await call(`/v1/review/stories/${story.body.id}/moderation`, { method: 'POST', token: reviewer, json: { decision: 'publish' } })).status).toBe(200);

    const eligible = [await submit('Open the register of beneficial owners', 'anti-corruption'), await submit('Publish every budget line as open data', 'fiscal-openness')];
    expect((await call('/v1/review/cycles', { method: 'POST', token: admin, json: { cycle } })).status).toBe(202);
    await waitFor(async () => (await call(`/v1/review/cycles/${cycle}`, { token: admin })).body?.progress?.submissions === eligible.length, 60_000);
    for (const [index, reference] of eligible.entries()) {
      await waitFor(async () => {
        const decision = await call(`/v1/review/submissions/${reference}/decision`, {
          method: 'POST',
          token: reviewer,
          json: {
            outcome: 'eligible',
            criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass'])),
            area: index === 0 ? 'anti-corruption' : 'fiscal-openness',
            ambition: 'substantial',
            rationale: 'Whole-of-government, with public access.',
          },
        });
        return decision.status === 200;
      }, 30_000);
    }
    await waitFor(async () => (await call(`/v1/review/cycles/${cycle}/release`, { method: 'POST', token: admin })).status === 202, 30_000);
    await waitFor(async () => (await call(`/v1/review/cycles/${cycle}`, { token: admin })).body?.cycle?.status === 'released', 60_000);

    const stats = await call('/v1/stats');
    expect(stats.body).toMatchObject({
      participatingCountries: 1,
      participatingLocalities: 0,
      challengeCommitments: { total: 2, byArea: { 'anti-corruption': 1, 'fiscal-openness': 1, 'civic-space': 0 } },
    });

    const csv = await download('csv', { 'if-none-match': firstEtags.csv });
    expect(csv.status).toBe(200);
    expect(csvRows(csv.bytes)).toHaveLength(2);
    expect(csv.bytes.toString('utf8')).toContain('Open the register of beneficial owners');
    const json = await download('json', { 'if-none-match': firstEtags.json });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.bytes.toString('utf8')).reforms.map((reform: Reform) => reform.reference).sort()).toEqual([...eligible].sort());
    for (const body of [csv.bytes, json.bytes]) expect(body.toString('utf8')).not.toContain('@');
    expect(csv.headers.get('etag')).not.toBe(firstEtags.csv);
  });

  it('publish again on an admin request, changing nothing when nothing changed', async () => {
    const before = { csv: await download('csv'), json: await download('json'), stats: (await call('/v1/stats')).body };
    expect((await call('/v1/admin/public-data', { method: 'POST', token: await platform().tokenFor('reviewer@example.org') })).status).toBe(403);
    const again = await call('/v1/admin/public-data', { method: 'POST', token: await platform().tokenFor('admin@example.org') });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toEqual({ published: true, reforms: 2 });

    for (const file of ['csv', 'json'] as const) {
      const after = await download(file, { 'if-none-match': before[file].headers.get('etag')! });
      expect(after.status, file).toBe(304);
    }
    expect(Buffer.compare((await download('csv')).bytes, before.csv.bytes)).toBe(0);
    expect((await call('/v1/stats')).body).toEqual(before.stats);
  });
});

describe('publication', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'ogc-publication-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function recordingCdn(): CacheInvalidator & { calls: { paths: readonly string[]; reference: string }[] } {
    const calls: { paths: readonly string[]; reference: string }[] = [];
    return { calls, invalidate: async (paths, reference) => void calls.push({ paths, reference }) };
  }

  it('invalidates the public paths once per content: a retried step asks for the same invalidation', async () => {
    const cdn = recordingCdn();
    const targets = { files: directoryStore(directory), cdn };
    await publishPublicData({ targets });
    await publishPublicData({ targets });
    expect(cdn.calls).toHaveLength(2);
    expect(cdn.calls[0]!.paths).toEqual(PUBLIC_DATA_PATHS);
    expect(cdn.calls[0]!.paths).toEqual(['/v1/stats*', '/v1/reforms*']);
    expect(cdn.calls[1]!.reference).toBe(cdn.calls[0]!.reference);
  });

  it('counts a reform the list does not show yet when the release names it, and the next invalidation differs', async () => {
    // Written without its list attributes: as the index shows it in the instant after the release wrote it.
    const reference = `OGC-2026-01-${Math.floor(100000 + Math.random() * 800000)}`;
    const { [ATTR.publicList]: _list, [ATTR.publicKey]: _key, ...unlisted } = reformItem({
      reference,
      countryOrLocal: 'Zzyzx',
      levelOfGovernment: 'National',
      leadInstitution: 'Ministry of Late Indexes',
      titleOfReform: 'A reform the index has not seen yet',
      challengeArea: 'justice',
      region: 'europe',
      memberId: 'zzyzx',
      country: 'Zzyzx',
      cycle,
      publishedAt: new Date().toISOString(),
    });
    await dynamo().send(new PutCommand({ TableName: submissionsTable(), Item: unlisted }));

    const cdn = recordingCdn();
    const targets = { files: directoryStore(directory), cdn };
    const without = await publishPublicData({ targets });
    // The release says its cycle published one reform more than the list shows: this one.
    const shown = (await allReforms()).filter((reform) => reform.cycle === cycle).length;
    const withLate = await publishPublicData({ targets, releasedCycle: { cycle, reforms: shown + 1, references: async function* () { yield [reference]; } } });
    expect(withLate.reforms).toBe(without.reforms + 1);
    expect(withLate.published && withLate.stats.challengeCommitments.byArea.justice).toBe(1);
    const csv = (await directoryStore(directory).read('csv'))!.toString('utf8');
    // In list order: its locality sorts last.
    expect(csvRows(Buffer.from(csv, 'utf8')).at(-1)).toContain('A reform the index has not seen yet');
    expect(cdn.calls[1]!.reference).not.toBe(cdn.calls[0]!.reference);
  });

  it('sends a request that reaches the export route directly to the public copy, building nothing', async () => {
    for (const file of Object.values(PUBLIC_FILES)) {
      const result = await exportReforms(proxyEvent('GET', file.path), lambdaContext);
      expect(result.statusCode).toBe(302);
      expect(result.headers?.location).toBe(`${platform().environment[ENV.publicBaseUrl]}${file.path}`);
    }
  });

  it('drops an older reading when a later one is already stored', async () => {
    const files = directoryStore(directory);
    const later = await publishPublicData({ targets: { files } });
    const older = await publishPublicData({ targets: { files }, now: () => new Date(Date.now() - 60_000) });
    expect(later.published).toBe(true);
    expect(older).toEqual({ published: false, reforms: later.reforms });
  });
});
