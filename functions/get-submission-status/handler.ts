import { referencePathSchema, tokenQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { submissionForToken, submitterView } from '../../shared/intake/submitter-view.ts';

export const handler = httpHandler({ path: referencePathSchema, query: tokenQuerySchema }, async ({ path, query }) => ({
  body: submitterView(await submissionForToken(path.reference, query.token)),
}));
