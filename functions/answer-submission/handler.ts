import { answerRequestSchema, referencePathSchema, tokenQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { answerQuestion } from '../../shared/intake/answer-question.ts';

export const handler = httpHandler({ path: referencePathSchema, query: tokenQuerySchema, body: answerRequestSchema }, async ({ path, query, body }) => ({
  body: await answerQuestion(path.reference, query.token, body.answer),
}));
