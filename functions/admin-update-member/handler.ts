import { updateMember } from '../../shared/admin/members.ts';
import { memberPathSchema, memberUpdateRequestSchema } from '../../shared/domain/registry-schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf, requiredVersionFromIfMatch } from '../../shared/http/staff.ts';

/** `If-Match: "<version>"` from the admin's reading: an edit on a stale reading is a 409, never a lost update. */
export const handler = httpHandler({ path: memberPathSchema, body: memberUpdateRequestSchema }, async ({ path, body, staff, headers, language }) => {
  const member = await updateMember(path.memberId, body, requiredVersionFromIfMatch(headers['if-match'], language), actorOf(staff));
  return { body: member, headers: { etag: `"${member.version}"` } };
});
