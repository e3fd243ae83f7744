import { referencePathSchema, tokenQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { statusTokenOf, submissionForToken, submitterView } from '../../shared/intake/submitter-view.ts';

export const handler = httpHandler({ path: referencePathSchema, query: tokenQuerySchema }, async ({ path, query, headers, language }) => {
  const view = submitterView(await submissionForToken(path.reference, statusTokenOf(headers, query, language)));
  return { body: view, headers: { etag: `"${view.version}"` } };
});
