import { submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { submitCommitment } from '../../shared/intake/submit-commitment.ts';

export const handler = httpHandler({ body: submissionRequestSchema }, async ({ body, headers }) => {
  const { receipt, replayed } = await submitCommitment(body, { idempotencyKey: headers['idempotency-key'] });
  return {
    status: 201,
    body: receipt,
    headers: { location: `/v1/submissions/${receipt.reference}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
  };
});
