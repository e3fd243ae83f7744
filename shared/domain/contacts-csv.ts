import { LANGUAGES, type Language } from './language.ts';
import { MEMBER_ID_PATTERN } from './members.ts';
import { email } from './schemas.ts';

/**
 * The contacts file (`npm run registry -- import contacts.csv`): UTF-8, the header line
 * `memberId,name,email,language`, then one contact per line; fields may be quoted as RFC 4180 says
 * (a quoted field may hold commas, doubled quotes and line breaks). Contacts are personal data:
 * such files are never committed (the local demo's invented example.org file excepted).
 */
export const CONTACTS_CSV_HEADER = ['memberId', 'name', 'email', 'language'] as const;

export interface ContactRow {
  /** Line of the file where the record starts (the header is line 1), for error messages. */
  line: number;
  memberId: string;
  name: string;
  email: string;
  language: Language;
}

export interface CsvProblem {
  line: number;
  message: string;
}

export class ContactsCsvError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(`The contacts file has ${problems.length} problem(s):\n${problems.map((problem) => `  line ${problem.line}: ${problem.message}`).join('\n')}`);
    this.name = 'ContactsCsvError';
  }
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits RFC 4180 text into records, each with the line it starts on. */
function records(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const result: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldWasQuoted = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(field);
    field = '';
    fieldWasQuoted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line (one empty unquoted field) is no record: trailing newlines are common.
    if (!(fields.length === 1 && fields[0] === '')) result.push({ line: recordLine, fields });
    fields = [];
    recordLine = line;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      if (field !== '' || fieldWasQuoted) problems.push({ line, message: 'a quote may only open a field: quote the whole field and double the quotes inside it' });
      quoted = true;
      fieldWasQuoted = true;
    } else if (char === ',') {
      endField();
    } else if (char === '\r' && text[index + 1] === '\n') {
      continue;
    } else if (char === '\n' || char === '\r') {
      line++;
      endRecord();
    } else {
      field += char;
    }
  }
  if (quoted) problems.push({ line: recordLine, message: 'a quoted field is never closed' });
  else if (field !== '' || fields.length > 0 || fieldWasQuoted) endRecord();
  return { records: result, problems };
}

function checkRow(record: CsvRecord): { row?: ContactRow; problems: CsvProblem[] } {
  const { line, fields } = record;
  if (fields.length !== CONTACTS_CSV_HEADER.length) {
    return { problems: [{ line, message: `expected ${CONTACTS_CSV_HEADER.length} fields (${CONTACTS_CSV_HEADER.join(',')}), found ${fields.length}` }] };
  }
  const [memberId = '', name = '', address = '', language = ''] = fields.map((value) => value.trim());
  const problems: CsvProblem[] = [];
  if (!MEMBER_ID_PATTERN.test(memberId)) problems.push({ line, message: `memberId "${memberId}" is not a member id (lower-case letters, digits and hyphens)` });
  if (name === '') problems.push({ line, message: 'name is empty' });
  else if (name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) problems.push({ line, message: 'name must be one line of at most 200 characters' });
  if (!email.safeParse(address).success) problems.push({ line, message: `email "${address}" is not an email address` });
  const knownLanguage = LANGUAGES.find((candidate) => candidate === language);
  if (!knownLanguage) problems.push({ line, message: `language "${language}" must be one of ${LANGUAGES.join(', ')}` });
  if (problems.length > 0 || !knownLanguage) return { problems };
  return { row: { line, memberId, name, email: address, language: knownLanguage }, problems };
}

/** Reads a contacts file into the rows it understood and the problems of the rest, each with its line. */
export function readContactsCsv(text: string): { rows: ContactRow[]; problems: CsvProblem[] } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = records(body);
  const problems = [...parsed.problems];
  const [header, ...rest] = parsed.records;
  if (!header || header.fields.map((field) => field.trim()).join(',') !== CONTACTS_CSV_HEADER.join(',')) {
    return { rows: [], problems: [{ line: 1, message: `the first line must be the header ${CONTACTS_CSV_HEADER.join(',')}` }, ...problems] };
  }
  const rows: ContactRow[] = [];
  const seen = new Map<string, number>();
  for (const record of rest) {
    const checked = checkRow(record);
    problems.push(...checked.problems);
    if (!checked.row) continue;
    const key = `${checked.row.memberId}\n${checked.row.email.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ line: record.line, message: `${checked.row.email} is already a contact of ${checked.row.memberId} (line ${first})` });
    else seen.set(key, record.line);
    rows.push(checked.row);
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

/**
 * Parses a whole contacts file, or throws `ContactsCsvError` listing every problem with its line —
 * so a file is either wholly understood or not used at all.
 */
export function parseContactsCsv(text: string): ContactRow[] {
  const { rows, problems } = readContactsCsv(text);
  if (problems.length > 0) throw new ContactsCsvError(problems);
  return rows;
}
