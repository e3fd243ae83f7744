import type { z } from 'zod';
import { criteriaVersionRequestSchema } from '../domain/criteria.ts';
import type { ErrorCode } from '../domain/errors.ts';
import { memberUpdateRequestSchema, newMemberRequestSchema } from '../domain/registry-schemas.ts';
import {
  answerRequestSchema,
  decisionRequestSchema,
  moderationRequestSchema,
  pageQuerySchema,
  reformsQuerySchema,
  startCycleRequestSchema,
  storyRequestSchema,
  submissionRequestSchema,
  tokenQuerySchema,
} from '../domain/schemas.ts';
import { RESPONSES } from './response-schemas.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT';
/** `public`: anyone. `reviewer`: the reviewer or admin group. `admin`: the admin group only. */
export type RouteAuth = 'public' | 'reviewer' | 'admin';
/** Request headers a route reads besides `Authorization`, `Content-Type` and `Accept-Language` (documented everywhere). */
export type RequestHeader = 'Idempotency-Key' | 'If-Match' | 'X-Status-Token' | 'X-Designation-Signature';
export type SuccessStatus = 200 | 201 | 202;

export interface RouteResponse {
  schema: z.ZodType;
  description: string;
  /** 200 unless given; several when one answer comes with different statuses. */
  status?: SuccessStatus | readonly SuccessStatus[];
  /** `application/json` unless given. */
  mediaType?: string;
}

/**
 * A route and, for the OpenAPI document, what it reads and answers. The documentation fields are
 * optional to the type, but the OpenAPI test requires a `response` for every route.
 */
export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
  /** Folder under `functions/` holding the entry point `handler.ts`. */
  functionName: string;
  auth: RouteAuth;
  summary: string;
  /** More about the operation, for someone building a front end on it. */
  description?: string;
  /** JSON body schema (the handler validates with the same schema). */
  body?: z.ZodType;
  /** Query parameters schema (the handler validates with the same schema). */
  query?: z.ZodType;
  headers?: readonly RequestHeader[];
  response?: RouteResponse;
  /** Error codes particular to this route; those every route of its kind can answer are added by the document. */
  errors?: readonly ErrorCode[];
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
  { method: 'GET', path: '/v1/review/designations', functionName: 'list-designations', auth: 'reviewer', summary: "Action-plan commitments awaiting their POC's confirmation" },
  { method: 'GET', path: '/v1/designations/{reference}', functionName: 'get-designation', auth: 'public', summary: 'What a POC is asked to confirm (needs X-Designation-Signature)' },
  { method: 'POST', path: '/v1/designations/{reference}/confirm', functionName: 'confirm-designation', auth: 'public', summary: "The POC confirms an action-plan commitment's designation (needs X-Designation-Signature)" },
  { method: 'GET', path: '/v1/admin/members', functionName: 'admin-list-members', auth: 'admin', summary: 'The member registry with POC contacts, retired members included' },
  { method: 'POST', path: '/v1/admin/members', functionName: 'admin-create-member', auth: 'admin', summary: 'Add a member to the registry', body: newMemberRequestSchema },
  { method: 'PUT', path: '/v1/admin/members/{memberId}', functionName: 'admin-update-member', auth: 'admin', summary: 'Edit or retire a member, with its contacts (needs If-Match)', body: memberUpdateRequestSchema },
  { method: 'GET', path: '/v1/admin/criteria', functionName: 'admin-list-criteria', auth: 'reviewer', summary: 'The criteria in force and every earlier version' },
  { method: 'POST', path: '/v1/admin/criteria', functionName: 'admin-create-criteria', auth: 'admin', summary: 'A new version of the criteria (wording in en/fr/es, period)', body: criteriaVersionRequestSchema },
];

/** Every distinct HTTP entry point, in table order. */
export const HTTP_FUNCTIONS = [...new Set(ROUTES.map((route) => route.functionName))];
