import { referencePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { confirmDesignation } from '../../shared/registry/designation.ts';

export const handler = httpHandler({ path: referencePathSchema }, async ({ path, headers }) => ({
  body: await confirmDesignation(path.reference, headers['x-designation-signature']),
}));
