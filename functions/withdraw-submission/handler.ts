import { referencePathSchema, tokenQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { statusTokenOf, withdrawSubmission } from '../../shared/intake/submitter-view.ts';

export const handler = httpHandler({ path: referencePathSchema, query: tokenQuerySchema }, async ({ path, query, headers, language }) => ({
  body: await withdrawSubmission(path.reference, statusTokenOf(headers, query, language)),
}));
