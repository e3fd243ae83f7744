import { criteriaOverview } from '../../shared/admin/criteria.ts';
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler({}, async () => ({ body: await criteriaOverview() }));
