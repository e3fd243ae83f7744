import { liftSuppressionRequestSchema } from '../../shared/domain/undeliverable.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/staff.ts';
import { liftSuppression } from '../../shared/mail/suppression.ts';

/** The address rides in the body, not the path: an address in a path segment is decoded differently by each gateway. */
export const handler = httpHandler({ body: liftSuppressionRequestSchema }, async ({ body, staff }) => ({
  body: await liftSuppression(body.address, actorOf(staff)),
}));
