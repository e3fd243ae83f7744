import { toPublicMember } from '../../shared/domain/members.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { loadMembers } from '../../shared/store/registry.ts';

/** The member registry without POC contacts, which never appear publicly. */
export const handler = httpHandler({}, async () => {
  const members = [...(await loadMembers()).values()].map(toPublicMember).sort((a, b) => a.id.localeCompare(b.id));
  return { body: { members }, headers: { 'cache-control': 'public, max-age=300' } };
});
