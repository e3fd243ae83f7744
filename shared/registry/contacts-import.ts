import { ContactsCsvError, readContactsCsv, type ContactRow } from '../domain/contacts-csv.ts';
import { memberChanges, type Contact, type Member } from '../domain/members.ts';
import { MAX_CONTACTS } from '../domain/registry-schemas.ts';
import { mapConcurrently } from '../review/concurrency.ts';
import { getMember, readMembers, replaceMember } from '../store/registry.ts';

export interface ImportReport {
  /** Members whose contact list changed. */
  updated: string[];
  /** Members named in the file whose contacts were already exactly these. */
  unchanged: string[];
  contacts: number;
}

const ATTEMPTS = 3;
const IMPORT_CONCURRENCY = 16;

/** The member's new list: the file's contacts, keeping a known bounce on an address that stays. */
function contactsFrom(rows: readonly ContactRow[], current: Member): Contact[] {
  const bounced = new Set(current.contacts.filter((contact) => contact.undeliverable).map((contact) => contact.email.toLowerCase()));
  return rows.map(({ name, email, language }) => ({ name, email, language, ...(bounced.has(email.toLowerCase()) ? { undeliverable: true } : {}) }));
}

/**
 * Loads a contacts file: for each member it names, the file's contacts replace that member's list
 * (members it does not name keep theirs). The whole file is checked first — its format, that every
 * member exists, the size of each list — so a bad file imports nothing. Each member's change is then
 * written with its audit entry; an admin editing the same member meanwhile makes it read again.
 */
export async function importContacts(text: string, actor: string, now = new Date()): Promise<ImportReport> {
  const { rows, problems } = readContactsCsv(text);
  const members = new Map((await readMembers()).map((member) => [member.id, member]));
  const byMember = new Map<string, ContactRow[]>();
  for (const row of rows) byMember.set(row.memberId, [...(byMember.get(row.memberId) ?? []), row]);

  for (const [memberId, memberRows] of byMember) {
    if (!members.has(memberId)) problems.push(...memberRows.map((row) => ({ line: row.line, message: `there is no member "${memberId}" in the registry` })));
    else if (memberRows.length > MAX_CONTACTS) {
      problems.push({ line: memberRows[0]!.line, message: `${memberId} has ${memberRows.length} contacts; a member has at most ${MAX_CONTACTS}` });
    }
  }
  if (problems.length > 0) throw new ContactsCsvError(problems.sort((a, b) => a.line - b.line));

  const at = now.toISOString();
  // Members are independent: their writes go out side by side (a file names hundreds of them).
  const outcomes = await mapConcurrently([...byMember], IMPORT_CONCURRENCY, async ([memberId, memberRows]) => {
    let current = members.get(memberId);
    for (let attempt = 1; ; attempt++) {
      if (!current) throw new Error(`Member ${memberId} disappeared during the import`);
      const next: Member = { ...current, contacts: contactsFrom(memberRows, current), version: current.version + 1 };
      const changes = memberChanges(current, next);
      if (!changes) return { memberId, changed: false };
      const entry = { actor, action: 'contacts-imported', ...changes, detail: { version: next.version, lines: memberRows.map((row) => row.line) } };
      if (await replaceMember(next, current.version, entry, at)) return { memberId, changed: true };
      if (attempt === ATTEMPTS) throw new Error(`Member ${memberId} kept changing during the import; run it again`);
      current = await getMember(memberId);
    }
  });
  const report: ImportReport = { updated: [], unchanged: [], contacts: rows.length };
  for (const { memberId, changed } of outcomes) (changed ? report.updated : report.unchanged).push(memberId);
  return report;
}
