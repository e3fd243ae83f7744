import type { z } from 'zod';
import {
  answerRequestSchema,
  decisionRequestSchema,
  moderationRequestSchema,
  startCycleRequestSchema,
  storyRequestSchema,
  submissionRequestSchema,
} from '../domain/schemas.ts';

export type HttpMethod = 'GET' | 'POST';
/** `public`: anyone. `reviewer`: the reviewer or admin group. `admin`: the admin group only. */
export type RouteAuth = 'public' | 'reviewer' | 'admin';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
  /** Folder under `functions/` holding the entry point `handler.ts`. */
  functionName: string;
  auth: RouteAuth;
  summary: string;
  /** JSON body schema, for the OpenAPI document. */
  body?: z.ZodType;
}

/**
 * The one route table. CDK builds API Gateway resources from it and the local platform serves it;
 * a test compares the synthesized API with it. Adding an endpoint is one line here plus its handler.
 */
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/v1/health', functionName: 'health', auth: 'public', summary: 'Liveness and dependencies' },
  { method: 'GET', path: '/v1/openapi.json', functionName: 'openapi', auth: 'public', summary: 'This OpenAPI 3.1 document' },
  { method: 'GET', path: '/v1/areas', functionName: 'list-areas', auth: 'public', summary: 'The ten Challenge areas in en/fr/es' },
  { method: 'GET', path: '/v1/members', functionName: 'list-members', auth: 'public', summary: 'The OGP member registry (no contacts)' },
  { method: 'POST', path: '/v1/submissions', functionName: 'create-submission', auth: 'public', summary: 'Submit a Challenge commitment', body: submissionRequestSchema },
  { method: 'GET', path: '/v1/submissions/{reference}', functionName: 'get-submission-status', auth: 'public', summary: "The submitter's view of status and outcome (needs ?token=)" },
  { method: 'POST', path: '/v1/submissions/{reference}/answer', functionName: 'answer-submission', auth: 'public', summary: 'Answer a needs-info question (needs ?token=)', body: answerRequestSchema },
  { method: 'POST', path: '/v1/submissions/{reference}/withdraw', functionName: 'withdraw-submission', auth: 'public', summary: 'Withdraw a submission (needs ?token=)' },
  { method: 'POST', path: '/v1/stories', functionName: 'create-story', auth: 'public', summary: 'Share an inspiration story', body: storyRequestSchema },
  { method: 'GET', path: '/v1/stories', functionName: 'list-stories', auth: 'public', summary: 'Published inspiration stories' },
  { method: 'GET', path: '/v1/reforms', functionName: 'list-reforms', auth: 'public', summary: 'Published Challenge reforms, filterable and paginated' },
  { method: 'GET', path: '/v1/reforms.csv', functionName: 'export-reforms', auth: 'public', summary: 'Open-data export (CSV)' },
  { method: 'GET', path: '/v1/reforms.json', functionName: 'export-reforms', auth: 'public', summary: 'Open-data export (JSON)' },
  { method: 'GET', path: '/v1/stats', functionName: 'get-stats', auth: 'public', summary: 'Participating countries, localities and commitments by area' },
  { method: 'GET', path: '/v1/review/cycles', functionName: 'list-cycles', auth: 'reviewer', summary: 'Review cycles and their progress' },
  { method: 'POST', path: '/v1/review/cycles', functionName: 'start-cycle', auth: 'admin', summary: 'Start a review cycle by hand', body: startCycleRequestSchema },
  { method: 'GET', path: '/v1/review/cycles/{cycle}', functionName: 'get-cycle', auth: 'reviewer', summary: 'One cycle and its progress' },
  { method: 'GET', path: '/v1/review/cycles/{cycle}/submissions', functionName: 'list-cycle-submissions', auth: 'reviewer', summary: "A cycle's submissions with screening and decision state" },
  { method: 'POST', path: '/v1/review/cycles/{cycle}/release', functionName: 'release-cycle', auth: 'admin', summary: "Sign off and release a cycle's decisions" },
  { method: 'POST', path: '/v1/review/submissions/{reference}/decision', functionName: 'record-decision', auth: 'reviewer', summary: 'Record or revise a decision', body: decisionRequestSchema },
  { method: 'GET', path: '/v1/review/submissions/{reference}/audit', functionName: 'get-audit', auth: 'reviewer', summary: 'The audit trail of a submission' },
  { method: 'GET', path: '/v1/review/stories', functionName: 'list-story-queue', auth: 'reviewer', summary: 'Inspiration stories awaiting moderation' },
  { method: 'POST', path: '/v1/review/stories/{id}/moderation', functionName: 'moderate-story', auth: 'reviewer', summary: 'Publish or decline an inspiration story', body: moderationRequestSchema },
];

/** Every distinct HTTP entry point, in table order. */
export const HTTP_FUNCTIONS = [...new Set(ROUTES.map((route) => route.functionName))];
