import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../shared/domain/csv.ts';
import { reformsCsv, reformStats } from '../../shared/domain/publication.ts';
import type { Reform } from '../../shared/domain/reform.ts';

const reform = (overrides: Partial<Reform> = {}): Reform => ({
  reference: 'OGC-2026-11-0001',
  countryOrLocal: 'Kenya',
  levelOfGovernment: 'National',
  leadInstitution: 'Office of the Data Protection Commissioner',
  titleOfReform: 'Publish an open register of public algorithms',
  challengeArea: 'digital-governance',
  region: 'africa-middle-east',
  memberId: 'kenya',
  country: 'Kenya',
  cycle: '2026-11',
  publishedAt: '2026-12-23T10:00:00.000Z',
  ...overrides,
});

describe('CSV cells', () => {
  it('quote commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('neutralise cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('end every record with CRLF', () => {
    expect(toCsv(['a', 'b'], [['1', '2']])).toBe('a,b\r\n1,2\r\n');
  });
});

describe('the reforms export', () => {
  it("uses OGP's tracker headings and area names, never contact details", () => {
    const csv = reformsCsv([reform({ titleOfReform: '=cmd|" /C calc"!A0' })]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('Country/Local,Level of Government,Lead Institution,Title of Reform,Challenge Area');
    expect(row).toBe(`Kenya,National,Office of the Data Protection Commissioner,"'=cmd|"" /C calc""!A0",Digital Governance`);
  });
});

describe('public counters', () => {
  it('count distinct countries, distinct localities, and commitments by area', () => {
    const stats = reformStats([
      reform(),
      reform({ reference: 'OGC-2026-11-0002', challengeArea: 'justice' }),
      reform({ reference: 'OGC-2026-11-0003', countryOrLocal: 'Nairobi', levelOfGovernment: 'Local', memberId: 'nairobi' }),
      reform({ reference: 'OGC-2026-11-0004', countryOrLocal: 'Kisumu, Kenya', levelOfGovernment: 'Local (non-member)' }),
      reform({ reference: 'OGC-2026-11-0005', countryOrLocal: 'Ghana', country: 'Ghana', memberId: 'ghana', challengeArea: 'justice' }),
    ]);
    expect(stats.participatingCountries).toBe(2);
    expect(stats.participatingLocalities).toBe(2);
    expect(stats.challengeCommitments.total).toBe(5);
    expect(stats.challengeCommitments.byArea.justice).toBe(2);
    expect(stats.challengeCommitments.byArea['digital-governance']).toBe(3);
    expect(stats.challengeCommitments.byArea['media-freedom']).toBe(0);
  });
});
