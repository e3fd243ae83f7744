import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** An API Gateway REST proxy event as API Gateway builds it for a route of the table. */
export function proxyEvent(method: string, resource: string, options: { body?: unknown; headers?: Record<string, string>; path?: string } = {}): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    resource,
    path: options.path ?? resource,
    headers: { 'Content-Type': 'application/json', ...options.headers },
    multiValueHeaders: {},
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { requestId: 'in-process' } as APIGatewayProxyEvent['requestContext'],
  };
}

export const lambdaContext = { awsRequestId: 'in-process' } as Context;
