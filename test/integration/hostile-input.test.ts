import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { validSubmission } from '../support/fixtures.ts';
import { platform } from '../support/platform.ts';
import { itemsMentioning } from '../support/tables.ts';

/**
 * Hostile bodies through the local gateway and the real handler: each gets a 4xx in the error shape,
 * never a 500, and leaves nothing behind — no submission, no outbox item (so no email either: the
 * mailer sends only what the table holds, and a refusal answers before anything is written).
 */
const uniqueEmail = () => `hostile-${randomUUID().slice(0, 8)}@example.org`;

function bodyFor(email: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = validSubmission(overrides);
  return { ...base, submitter: { ...(base.submitter as object), email } };
}

/** A raw request, so header lists and bytes go out exactly as written. */
function rawPost(rawHeaders: [string, string][], body: Buffer) {
  return new Promise<{ status: number; body: { error: { code: string; message: string; fields?: { path: string; message: string }[] } } }>((resolve, reject) => {
    const request = http.request(`${platform().apiUrl}/v1/submissions`, { method: 'POST', headers: rawHeaders.flat() as unknown as http.OutgoingHttpHeaders }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const JSON_HEADER: [string, string] = ['Content-Type', 'application/json'];

describe('hostile bodies', () => {
  const cases: [string, (email: string) => { headers: [string, string][]; body: Buffer }, number, string[]][] = [
    [
      'objects nested 2,300 deep',
      (email) => ({ headers: [JSON_HEADER], body: Buffer.from(JSON.stringify(bodyFor(email)).replace('"title":', `"deep":${'{"a":'.repeat(2300)}1${'}'.repeat(2300)},"title":`)) }),
      400,
      [`deep.${Array(31).fill('a').join('.')}`],
    ],
    [
      'malformed UTF-8',
      (email) => {
        const bytes = Buffer.from(JSON.stringify(bodyFor(email, { title: 'Réforme' })), 'utf8');
        bytes[bytes.indexOf(Buffer.from('é')) + 1] = 0x21; // 0xC3 then "!" is not UTF-8
        return { headers: [JSON_HEADER], body: bytes };
      },
      400,
      ['title'],
    ],
    ['an unpaired surrogate', (email) => ({ headers: [JSON_HEADER], body: Buffer.from(JSON.stringify(bodyFor(email)).replace('"Wanjiru', '"\\udc00Wanjiru')) }), 400, ['submitter.name']],
    ['a C1 control character in a one-line field', (email) => ({ headers: [JSON_HEADER], body: Buffer.from(JSON.stringify(bodyFor(email, { title: 'Open\u0085data' }))) }), 400, ['title']],
    [
      'links with credentials or a look-alike host',
      (email) => ({ headers: [JSON_HEADER], body: Buffer.from(JSON.stringify(bodyFor(email, { links: ['https://admin:secret@example.org/', 'https://www.xn--pple-43d.com/'] }))) }),
      400,
      ['links.0', 'links.1'],
    ],
    ['two Content-Type headers', (email) => ({ headers: [['Content-Type', 'text/plain'], JSON_HEADER], body: Buffer.from(JSON.stringify(bodyFor(email))) }), 415, []],
    ['two values in one Content-Type', (email) => ({ headers: [['Content-Type', 'application/json, text/plain']], body: Buffer.from(JSON.stringify(bodyFor(email))) }), 415, []],
  ];

  it.each(cases)('refuses %s with its field paths and stores nothing', async (_name, build, status, paths) => {
    const email = uniqueEmail();
    const { headers, body } = build(email);
    const reply = await rawPost(headers, body);
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(status === 415 ? 'unsupported_media_type' : 'validation_failed');
    expect((reply.body.error.fields ?? []).map((field) => field.path)).toEqual(paths);
    expect(await itemsMentioning(email)).toEqual([]);
  });

  it('accepts the same submission once it is sound', async () => {
    const email = uniqueEmail();
    const reply = await rawPost([JSON_HEADER], Buffer.from(JSON.stringify(bodyFor(email, { title: 'Réforme — données ouvertes 🌍' }))));
    expect(reply.status).toBe(201);
    expect(await itemsMentioning(email)).not.toEqual([]);
  });
});
