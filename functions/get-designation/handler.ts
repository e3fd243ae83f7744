import { referencePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { designationForPoc } from '../../shared/registry/designation.ts';

/** The signature comes in a header: the page reads it from the URL fragment, so it never sits in a URL the server sees. */
export const handler = httpHandler({ path: referencePathSchema }, async ({ path, headers }) => ({
  body: await designationForPoc(path.reference, headers['x-designation-signature']),
}));
