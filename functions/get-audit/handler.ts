import { referencePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { auditTrail } from '../../shared/review/staff-views.ts';

export const handler = httpHandler({ path: referencePathSchema }, async ({ path }) => ({ body: await auditTrail(path.reference) }));
