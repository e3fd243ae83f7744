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

interface Reply {
  status: number;
  text: string;
  body: { error: { code: string; message: string; fields?: { path: string; message: string }[] } };
}

/** A raw request, so bytes go out exactly as written, and a header given as a list goes out once per value. */
function rawPost(headers: Record<string, string | string[]>, body: Buffer) {
  return new Promise<Reply>((resolve, reject) => {
    const request = http.request(`${platform().apiUrl}/v1/submissions`, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode!, text, body: JSON.parse(text) as Reply['body'] });
        } catch (error) {
          reject(new Error(`${response.statusCode} answered with a body that is not JSON: ${text}`, { cause: error }));
        }
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

const JSON_HEADER = { 'Content-Type': 'application/json' };

describe('hostile bodies', () => {
  const cases: [string, (email: string) => { headers: Record<string, string | string[]>; body: Buffer }, number, string[]][] = [
    [
      'objects nested 2,300 deep',
      (email) => ({ headers: JSON_HEADER, body: Buffer.from(JSON.stringify(bodyFor(email)).replace('"title":', `"deep":${'{"a":'.repeat(2300)}1${'}'.repeat(2300)},"title":`)) }),
      400,
      [`deep.${Array(31).fill('a').join('.')}`],
    ],
    [
      'malformed UTF-8',
      (email) => {
        const bytes = Buffer.from(JSON.stringify(bodyFor(email, { title: 'Réforme' })), 'utf8');
        bytes[bytes.indexOf(Buffer.from('é')) + 1] = 0x21; // 0xC3 then "!" is not UTF-8
        return { headers: JSON_HEADER, body: bytes };
      },
      400,
      ['title'],
    ],
    ['an unpaired surrogate', (email) => ({ headers: JSON_HEADER, body: Buffer.from(JSON.stringify(bodyFor(email)).replace('"Wanjiru', '"\\udc00Wanjiru')) }), 400, ['submitter.name']],
    ['a C1 control character in a one-line field', (email) => ({ headers: JSON_HEADER, body: Buffer.from(JSON.stringify(bodyFor(email, { title: 'Open\u0085data' }))) }), 400, ['title']],
    [
      'links with credentials or a look-alike host',
      (email) => ({ headers: JSON_HEADER, body: Buffer.from(JSON.stringify(bodyFor(email, { links: ['https://admin:secret@example.org/', 'https://www.xn--pple-43d.com/'] }))) }),
      400,
      ['links.0', 'links.1'],
    ],
    ['two Content-Type headers', (email) => ({ headers: { 'Content-Type': ['text/plain', 'application/json'] }, body: Buffer.from(JSON.stringify(bodyFor(email))) }), 415, []],
    ['two values in one Content-Type', (email) => ({ headers: { 'Content-Type': 'application/json, text/plain' }, body: Buffer.from(JSON.stringify(bodyFor(email))) }), 415, []],
  ];

  it.each(cases)('refuses %s with its field paths and stores nothing', async (_name, build, status, paths) => {
    const email = uniqueEmail();
    const { headers, body } = build(email);
    const reply = await rawPost(headers, body);
    expect(reply.status, reply.text).toBe(status);
    expect(reply.body.error.code).toBe(status === 415 ? 'unsupported_media_type' : 'validation_failed');
    expect((reply.body.error.fields ?? []).map((field) => field.path)).toEqual(paths);
    expect(await itemsMentioning(email)).toEqual([]);
  });

  it('accepts the same submission once it is sound', async () => {
    const email = uniqueEmail();
    const reply = await rawPost(JSON_HEADER, Buffer.from(JSON.stringify(bodyFor(email, { title: 'Réforme — données ouvertes 🌍' }))));
    expect(reply.status, reply.text).toBe(201);
    expect(await itemsMentioning(email)).not.toEqual([]);
  });
});
