import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, codeMessage, type FieldError } from '../domain/errors.ts';
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
};

interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

/** An answer in the API's one error shape, with the handlers' security headers. */
export function errorResult(status: number, body: ErrorBody, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: status, headers: { ...SECURITY_HEADERS, 'content-type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** Any failure as the API's one error shape, with its message in the reader's language. */
export function toErrorResult(error: unknown, requestId: string, language: Language): APIGatewayProxyResult {
  if (error instanceof AppError) {
    return errorResult(error.status, { error: { code: error.code, message: error.messageIn(language), ...(error.fields ? { fields: error.fields } : {}) } });
  }
  logger.error('unhandled error', { requestId, error });
  return errorResult(500, { error: { code: 'internal', message: codeMessage('internal', language, { requestId }) } });
}
