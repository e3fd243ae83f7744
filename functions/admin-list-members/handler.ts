import { listMembersForAdmin } from '../../shared/admin/members.ts';
import { httpHandler } from '../../shared/http/handler.ts';

/** The whole registry for admins: retired members and POC contacts included. */
export const handler = httpHandler({}, async () => ({ body: { items: await listMembersForAdmin() } }));
