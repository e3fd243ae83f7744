import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, codeMessage } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { logger } from './logger.ts';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'access-control-allow-origin': '*',
};

/** Any failure as the API's one error shape, with its message in the reader's language. */
export function toErrorResult(error: unknown, requestId: string, language: Language): APIGatewayProxyResult {
  if (error instanceof AppError) {
    const body = { error: { code: error.code, message: error.messageIn(language), ...(error.fields ? { fields: error.fields } : {}) } };
    return { statusCode: error.status, headers: { ...SECURITY_HEADERS, 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
  }
  logger.error('unhandled error', { requestId, error });
  const body = { error: { code: 'internal', message: codeMessage('internal', language, { requestId }) } };
  return { statusCode: 500, headers: { ...SECURITY_HEADERS, 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
}
