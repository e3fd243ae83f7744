import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_CONTACTS_FILE } from '../../infra/local/registry.ts';
import { ContactsCsvError, parseContactsCsv, type CsvProblem } from '../../shared/domain/contacts-csv.ts';

function problemsOf(text: string): CsvProblem[] {
  try {
    parseContactsCsv(text);
  } catch (error) {
    if (error instanceof ContactsCsvError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('the contacts file', () => {
  it('reads the documented format: header, quoted fields with commas and doubled quotes, CRLF, a BOM, blank lines', () => {
    const text =
      '\uFEFFmemberId,name,email,language\r\n' +
      'kenya,"Wanjiru ""Wawa"" Kamau",wanjiru@example.org,en\r\n' +
      '"france","Durand, Élise",elise.durand@example.org,fr\r\n' +
      'mexico, Ana María ,ana@example.org,es\r\n' +
      '\r\n';
    expect(parseContactsCsv(text)).toEqual([
      { line: 2, memberId: 'kenya', name: 'Wanjiru "Wawa" Kamau', email: 'wanjiru@example.org', language: 'en' },
      { line: 3, memberId: 'france', name: 'Durand, Élise', email: 'elise.durand@example.org', language: 'fr' },
      { line: 4, memberId: 'mexico', name: 'Ana María', email: 'ana@example.org', language: 'es' },
    ]);
  });

  it('numbers each problem by the line it is on, counting line breaks inside quoted fields', () => {
    const text = [
      'memberId,name,email,language',
      'kenya,"Two-line\nname",ok@example.org,en',
      'Kenya!,Amina,amina@example.org,en',
      'ghana,Kofi,not-an-address,en',
      'ghana,Ama,ama@example.org,de',
      'ghana,,kofi@example.org,en',
      'ghana,Abena,abena@example.org,en',
      'ghana,Abena Mensah,ABENA@example.org,fr',
      'ghana,too,many,fields,here',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      { line: 2, message: expect.stringContaining('name must be one line') },
      { line: 4, message: expect.stringContaining('not a member id') },
      { line: 5, message: expect.stringContaining('not an email address') },
      { line: 6, message: expect.stringContaining('must be one of en, fr, es') },
      { line: 7, message: 'name is empty' },
      { line: 9, message: expect.stringContaining('already a contact of ghana (line 8)') },
      { line: 10, message: expect.stringContaining('expected 4 fields') },
    ]);
  });

  it('refuses a file without the header, or with a quote left open', () => {
    expect(problemsOf('kenya,Amina,amina@example.org,en\n')[0]).toEqual({ line: 1, message: expect.stringContaining('header memberId,name,email,language') });
    expect(problemsOf('memberId,name,email,language\nkenya,"Amina,amina@example.org,en\n')).toEqual([
      { line: 2, message: 'a quoted field is never closed' },
    ]);
  });

  it('reads the local demo file (invented example.org contacts only)', () => {
    const rows = parseContactsCsv(readFileSync(DEMO_CONTACTS_FILE, 'utf8'));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.every((row) => row.email.endsWith('@example.org'))).toBe(true);
    expect(new Set(rows.map((row) => row.language))).toEqual(new Set(['en', 'fr', 'es']));
  });
});
