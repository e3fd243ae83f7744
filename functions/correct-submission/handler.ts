import { referencePathSchema, submissionRequestSchema, tokenQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { versionFromIfMatch } from '../../shared/http/staff.ts';
import { correctSubmission } from '../../shared/intake/correct-submission.ts';
import { statusTokenOf } from '../../shared/intake/submitter-view.ts';

/** `If-Match` is required here: an absent header reads as an empty one, which is refused at its field. */
export const handler = httpHandler(
  { path: referencePathSchema, query: tokenQuerySchema, body: submissionRequestSchema },
  async ({ path, query, body, headers, language }) => {
    const token = statusTokenOf(headers, query, language);
    const version = versionFromIfMatch(headers['if-match'] ?? '', language);
    const view = await correctSubmission(path.reference, token, body, version, language);
    return { body: view, headers: { etag: `"${view.version}"` } };
  },
);
