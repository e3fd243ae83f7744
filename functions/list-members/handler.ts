import { toPublicMember } from '../../shared/domain/members.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { loadMembers } from '../../shared/store/registry.ts';

/** The current members (retired ones are gone from the public list), without POC contacts, which never appear publicly. */
export const handler = httpHandler({}, async () => {
  const members = [...(await loadMembers()).values()]
    .filter((member) => !member.retired)
    .map(toPublicMember)
    .sort((a, b) => a.id.localeCompare(b.id));
  return { body: { members }, headers: { 'cache-control': 'public, max-age=300' } };
});
