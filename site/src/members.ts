import { api } from './api.ts';
import { membersSchema, type PublicMember } from './api-schemas.ts';

/** The member registry (no contacts), read once per visit: the tracker's filter and the form's search use it. */
let members: Promise<PublicMember[]> | undefined;

export function loadMembers(): Promise<PublicMember[]> {
  members ??= api(membersSchema, '/v1/members').then((answer) => answer.members);
  members.catch(() => {
    members = undefined;
  });
  return members;
}
