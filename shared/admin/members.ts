import { AppError } from '../domain/errors.ts';
import { memberChanges, type Member } from '../domain/members.ts';
import type { MemberUpdateRequest, NewMemberRequest } from '../domain/registry-schemas.ts';
import { getMember, putNewMember, readMembers, replaceMember } from '../store/registry.ts';

/** Admins' view of the registry: every member, retired ones included, with contacts and version. */
export async function listMembersForAdmin(): Promise<Member[]> {
  return (await readMembers()).sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
}

export async function addMember(request: NewMemberRequest, actor: string, now = new Date()): Promise<Member> {
  const member: Member = { ...request, retired: false, version: 1 };
  const { id: _id, version: _version, ...after } = member;
  const created = await putNewMember(member, { actor, action: 'member-added', after }, now.toISOString());
  if (!created) throw new AppError('conflict', `A member with the id ${request.id} already exists`);
  return member;
}

const actionOf = (before: Member, after: Member) => {
  if (!before.retired && after.retired) return 'member-retired';
  if (before.retired && !after.retired) return 'member-reinstated';
  return 'member-updated';
};

/**
 * Replaces a member's editable state, conditional on the version the admin read. Only what changed
 * is audited (before → after); an edit that changes nothing writes nothing. Addresses that stay keep
 * their `undeliverable` mark unless the admin's list says otherwise, since the console never sees bounces happen.
 */
export async function updateMember(id: string, request: MemberUpdateRequest, expectedVersion: number, actor: string, now = new Date()): Promise<Member> {
  const current = await getMember(id);
  if (!current) throw new AppError('not_found', `There is no member ${id}`);
  if (current.version !== expectedVersion) {
    throw new AppError('conflict', `Member ${id} changed since you read it (version ${expectedVersion}, now ${current.version}); reload it`);
  }
  const bounced = new Set(current.contacts.filter((contact) => contact.undeliverable).map((contact) => contact.email.toLowerCase()));
  const contacts = request.contacts.map((contact) =>
    contact.undeliverable === undefined && bounced.has(contact.email.toLowerCase()) ? { ...contact, undeliverable: true } : contact,
  );
  const next: Member = { ...current, ...request, contacts, version: current.version + 1 };
  const changes = memberChanges(current, next);
  if (!changes) return current;
  const saved = await replaceMember(next, expectedVersion, { actor, action: actionOf(current, next), ...changes, detail: { version: next.version } }, now.toISOString());
  if (!saved) throw new AppError('conflict', `Member ${id} changed since you read it; reload it`);
  return next;
}
