import { ContactsCsvError, readContactsCsv, type ContactRow } from '../domain/contacts-csv.ts';
import { memberChanges, type Contact, type Member } from '../domain/members.ts';
import { MAX_CONTACTS } from '../domain/registry-schemas.ts';
import { getMember, readMembers, replaceMember } from '../store/registry.ts';

export interface ImportReport {
  /** Members whose contact list changed. */
  updated: string[];
  /** Members named in the file whose contacts were already exactly these. */
  unchanged: string[];
  contacts: number;
}

const ATTEMPTS = 3;

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

  const report: ImportReport = { updated: [], unchanged: [], contacts: rows.length };
  const at = now.toISOString();
  for (const [memberId, memberRows] of byMember) {
    let current = members.get(memberId);
    for (let attempt = 1; ; attempt++) {
      if (!current) throw new Error(`Member ${memberId} disappeared during the import`);
      const next: Member = { ...current, contacts: contactsFrom(memberRows, current), version: current.version + 1 };
      const changes = memberChanges(current, next);
      if (!changes) {
        report.unchanged.push(memberId);
        break;
      }
      const entry = { actor, action: 'contacts-imported', ...changes, detail: { version: next.version, lines: memberRows.map((row) => row.line) } };
      if (await replaceMember(next, current.version, entry, at)) {
        report.updated.push(memberId);
        break;
      }
      if (attempt === ATTEMPTS) throw new Error(`Member ${memberId} kept changing during the import; run it again`);
      current = await getMember(memberId);
    }
  }
  return report;
}
