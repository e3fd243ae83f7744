import { ContactsCsvError, readContactsCsv, type ContactRow } from '../domain/contacts-csv.ts';
import { memberChanges, type Contact, type Member } from '../domain/members.ts';
import { MAX_CONTACTS } from '../domain/registry-schemas.ts';
import { chunks, mapConcurrently } from '../review/concurrency.ts';
import { MEMBERS_PER_TRANSACTION, readMembers, replaceMembers, type MemberReplacement } from '../store/registry.ts';
import { changeMember } from './change-member.ts';

export interface ImportReport {
  /** Members whose contact list changed. */
  updated: string[];
  /** Members named in the file whose contacts were already exactly these. */
  unchanged: string[];
  contacts: number;
}

const IMPORT_CONCURRENCY = 4;

/** The member's new list: the file's contacts, keeping a known bounce on an address that stays. */
function contactsFrom(rows: readonly ContactRow[], current: Member): Contact[] {
  const bounced = new Set(current.contacts.filter((contact) => contact.undeliverable).map((contact) => contact.email.toLowerCase()));
  return rows.map(({ name, email, language }) => ({ name, email, language, ...(bounced.has(email.toLowerCase()) ? { undeliverable: true } : {}) }));
}

/** The member's change with its audit entry, or nothing when the file leaves it as it is. */
function replacementFor(current: Member, rows: readonly ContactRow[], actor: string): MemberReplacement | undefined {
  const next: Member = { ...current, contacts: contactsFrom(rows, current), version: current.version + 1 };
  const changes = memberChanges(current, next);
  if (!changes) return undefined;
  return { member: next, expectedVersion: current.version, entry: { actor, action: 'contacts-imported', ...changes, detail: { version: next.version, lines: rows.map((row) => row.line) } } };
}

/**
 * Loads a contacts file: for each member it names, the file's contacts replace that member's list
 * (members it does not name keep theirs). The whole file is checked first — its format, that every
 * member exists, the size of each list — so a bad file imports nothing. Each member's change is then
 * written with its audit entry, 50 members to a transaction (a file names hundreds of them); when
 * an admin edited one of them meanwhile, that group's members are written one by one instead, and
 * the one that moved on is read again.
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
  const replacements = [...byMember].flatMap(([memberId, memberRows]) => replacementFor(members.get(memberId)!, memberRows, actor) ?? []);

  const changed = new Set<string>();
  // Groups are independent: they go out side by side.
  await mapConcurrently(chunks(replacements, MEMBERS_PER_TRANSACTION), IMPORT_CONCURRENCY, async (group) => {
    if (await replaceMembers(group, at)) {
      for (const { member } of group) changed.add(member.id);
      return;
    }
    // One by one, each read again while an admin keeps changing it.
    for (const { member } of group) {
      if (await changeMember(members.get(member.id)!, (current) => replacementFor(current, byMember.get(member.id)!, actor), at)) changed.add(member.id);
    }
  });
  const named = [...byMember.keys()];
  return { updated: named.filter((id) => changed.has(id)), unchanged: named.filter((id) => !changed.has(id)), contacts: rows.length };
}
