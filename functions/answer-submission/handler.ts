import { answerRequestSchema, referencePathSchema, tokenQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { answerQuestion } from '../../shared/intake/answer-question.ts';
import { statusTokenOf } from '../../shared/intake/submitter-view.ts';

export const handler = httpHandler(
  { path: referencePathSchema, query: tokenQuerySchema, body: answerRequestSchema },
  async ({ path, query, body, headers, language }) => ({
    body: await answerQuestion(path.reference, statusTokenOf(headers, query, language), body.answer),
  }),
);
