import { addCriteriaVersion } from '../../shared/admin/criteria.ts';
import { criteriaVersionRequestSchema } from '../../shared/domain/criteria.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/staff.ts';

export const handler = httpHandler({ body: criteriaVersionRequestSchema }, async ({ body, staff }) => ({
  status: 201,
  body: await addCriteriaVersion(body, actorOf(staff)),
}));
