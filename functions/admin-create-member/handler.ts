import { addMember } from '../../shared/admin/members.ts';
import { newMemberRequestSchema } from '../../shared/domain/registry-schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/staff.ts';

export const handler = httpHandler({ body: newMemberRequestSchema }, async ({ body, staff }) => {
  const member = await addMember(body, actorOf(staff));
  return { status: 201, body: member, headers: { etag: `"${member.version}"` } };
});
