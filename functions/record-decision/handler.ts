import { decisionRequestSchema, referencePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf, versionFromIfMatch } from '../../shared/http/staff.ts';
import { recordDecision } from '../../shared/review/decisions.ts';

/** `If-Match: "<version>"` (from the cycle's submission list) makes a decision on a stale reading a 409. */
export const handler = httpHandler({ path: referencePathSchema, body: decisionRequestSchema }, async ({ path, body, staff, headers, language }) => {
  const result = await recordDecision(path.reference, body, actorOf(staff), versionFromIfMatch(headers['if-match'], language));
  return { body: result, headers: { etag: `"${result.version}"` } };
});
