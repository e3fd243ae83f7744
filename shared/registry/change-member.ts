import type { Member } from '../domain/members.ts';
import { untilSettled } from '../review/concurrency.ts';
import { getMember, replaceMembers, type MemberReplacement } from '../store/registry.ts';

/**
 * Writes `change(member)`, conditional on the version it was made from. When an admin's edit came
 * first, the member is read again and the change made afresh on top of theirs, never over them
 * (`untilSettled`). False when the change leaves the member as it is.
 */
export function changeMember(member: Member, change: (current: Member) => MemberReplacement | undefined, at: string): Promise<boolean> {
  let current = member;
  return untilSettled(`Member ${member.id}`, async () => {
    const replacement = change(current);
    if (!replacement) return false;
    if (await replaceMembers([replacement], at)) return true;
    const reread = await getMember(member.id);
    if (!reread) throw new Error(`Member ${member.id} was removed while it was being changed`);
    current = reread;
    return undefined;
  });
}
