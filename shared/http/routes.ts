import type { z } from 'zod';
import { criteriaVersionRequestSchema } from '../domain/criteria.ts';
import type { ErrorCode } from '../domain/errors.ts';
import { memberUpdateRequestSchema, newMemberRequestSchema } from '../domain/registry-schemas.ts';
import { liftSuppressionRequestSchema } from '../domain/undeliverable.ts';
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
import { cycleRowsQuerySchema } from '../domain/cycle-row.ts';
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
  { method: 'GET', path: '/v1/health', functionName: 'health', auth: 'public', summary: 'Liveness and dependencies', response: { schema: RESPONSES.health, description: 'The API and its table answer' } },
  { method: 'GET', path: '/v1/openapi.json', functionName: 'openapi', auth: 'public', summary: 'This OpenAPI 3.1 document', response: { schema: RESPONSES.openapi, description: 'The document' } },
  { method: 'GET', path: '/v1/areas', functionName: 'list-areas', auth: 'public', summary: 'The ten Challenge areas in en/fr/es', description: 'Use the ids in `area` fields and show the names to people.', response: { schema: RESPONSES.areas, description: 'The areas' } },
  { method: 'GET', path: '/v1/members', functionName: 'list-members', auth: 'public', summary: 'The OGP member registry (no contacts)', description: 'Offer these in the form: `member.memberId` is a member `id`. A `local` member type needs a member of kind `local`; `national` and `local-non-member` need a member of kind `national`.', response: { schema: RESPONSES.members, description: 'Members by id' } },
  { method: 'POST', path: '/v1/submissions', functionName: 'create-submission', auth: 'public', summary: 'Submit a Challenge commitment', description: 'Send one `Idempotency-Key` per filled form: a retry (double click, network error) then returns the same receipt instead of a second submission. Field errors come back with the path of each field, in the `language` of the body.', body: submissionRequestSchema, headers: ['Idempotency-Key'], response: { schema: RESPONSES.receipt, status: 201, description: 'Accepted: the receipt is also emailed to the submitter' }, errors: ['idempotency_key_reused'] },
  { method: 'GET', path: '/v1/submissions/{reference}', functionName: 'get-submission-status', auth: 'public', summary: "The submitter's view of status and outcome", description: 'Needs the private status token, as `X-Status-Token` (or `?token=`). While `editable`, the answer carries the submission as stored, to prefill a correction, and its `version` for `If-Match`.', query: tokenQuerySchema, headers: ['X-Status-Token'], response: { schema: RESPONSES.submitterView, description: 'The submission as its submitter sees it' } },
  { method: 'POST', path: '/v1/submissions/{reference}/answer', functionName: 'answer-submission', auth: 'public', summary: 'Answer a needs-info question', description: 'Needs the private status token. The answered submission goes back to the queue and enters the next review cycle.', query: tokenQuerySchema, headers: ['X-Status-Token'], body: answerRequestSchema, response: { schema: RESPONSES.answered, description: 'Answer recorded' }, errors: ['conflict'] },
  { method: 'POST', path: '/v1/submissions/{reference}/withdraw', functionName: 'withdraw-submission', auth: 'public', summary: 'Withdraw a submission', description: 'Needs the private status token. Possible until the outcome is released; ask the submitter to confirm first, it cannot be undone.', query: tokenQuerySchema, headers: ['X-Status-Token'], response: { schema: RESPONSES.withdrawn, description: 'Withdrawn' }, errors: ['conflict'] },
  { method: 'PUT', path: '/v1/submissions/{reference}', functionName: 'correct-submission', auth: 'public', summary: 'Correct a submission before its review', description: 'Needs the private status token and `If-Match` with the `version` last read. Send the whole submission (as for `POST /v1/submissions`); the reference stays, each changed field is recorded in the audit trail. Refused with `review_started` once the review of its cycle has begun, and with `precondition_failed` when it changed since it was read. The channel and the member cannot change.', query: tokenQuerySchema, headers: ['X-Status-Token', 'If-Match'], body: submissionRequestSchema, response: { schema: RESPONSES.submitterView, description: 'Corrected; `version` is the new one' }, errors: ['review_started', 'precondition_failed'] },
  { method: 'POST', path: '/v1/stories', functionName: 'create-story', auth: 'public', summary: 'Share an inspiration story', description: 'Stories are moderated before they appear in `GET /v1/stories`; they are never scored nor counted as Challenge commitments. Send one `Idempotency-Key` per filled form: a retry then returns the same story instead of a second one.', body: storyRequestSchema, headers: ['Idempotency-Key'], response: { schema: RESPONSES.storyAccepted, status: 201, description: 'Received for moderation' }, errors: ['idempotency_key_reused'] },
  { method: 'GET', path: '/v1/stories', functionName: 'list-stories', auth: 'public', summary: 'Published inspiration stories', description: 'Newest first, a page at a time: pass `nextCursor` back as `cursor`.', query: pageQuerySchema, response: { schema: RESPONSES.stories, description: 'A page of stories' } },
  { method: 'GET', path: '/v1/reforms', functionName: 'list-reforms', auth: 'public', summary: 'Published Challenge reforms, filterable and paginated', description: 'Filters combine. `level` takes the tracker wording (`National`, `Local`, `Local (non-member)`) or the member type (`national`, `local`, `local-non-member`). Pages follow the list order (country or locality), at most 200 reforms each (`limit`, default 50); pass `nextCursor` back as `cursor`, with the same filters. For the whole list, download the exports.', query: reformsQuerySchema, response: { schema: RESPONSES.reformsPage, description: 'A page of reforms' } },
  { method: 'GET', path: '/v1/reforms.csv', functionName: 'export-reforms', auth: 'public', summary: 'Open-data export (CSV)', description: "Every published reform under OGP's tracker headings, as a download that opens in a spreadsheet with its accents intact. A file written at each release and served with an `ETag` (send `If-None-Match` to get a 304 while it is unchanged); the API's own URL redirects to the site's copy.", response: { schema: RESPONSES.reformsCsv, mediaType: 'text/csv', description: 'The CSV file' } },
  { method: 'GET', path: '/v1/reforms.json', functionName: 'export-reforms', auth: 'public', summary: 'Open-data export (JSON)', description: 'Every published reform, as a file written at each release and served with an `ETag` (send `If-None-Match` to get a 304 while it is unchanged); the API\'s own URL redirects to the site\'s copy.', response: { schema: RESPONSES.reformsJson, description: 'Every published reform' } },
  { method: 'GET', path: '/v1/reforms/{reference}', functionName: 'get-reform', auth: 'public', summary: 'One published Challenge reform', description: 'The tracker columns and, when its submitter consented to publish them, the details of the commitment. No contact detail ever appears.', response: { schema: RESPONSES.reform, description: 'The reform' } },
  { method: 'GET', path: '/v1/stats', functionName: 'get-stats', auth: 'public', summary: 'Participating countries, localities and commitments by area', response: { schema: RESPONSES.stats, description: "The tracker's counters" } },
  { method: 'GET', path: '/v1/review/cycles', functionName: 'list-cycles', auth: 'reviewer', summary: 'Review cycles and their progress', response: { schema: RESPONSES.cycles, description: 'Every cycle' } },
  { method: 'POST', path: '/v1/review/cycles', functionName: 'start-cycle', auth: 'admin', summary: 'Start a review cycle by hand', description: 'Starting a cycle twice is harmless: 202 when this request started it, 200 when it already existed.', body: startCycleRequestSchema, response: { schema: RESPONSES.cycleStarted, status: [202, 200], description: 'Started, or already under way' } },
  { method: 'GET', path: '/v1/review/cycles/{cycle}', functionName: 'get-cycle', auth: 'reviewer', summary: 'One cycle and its progress', response: { schema: RESPONSES.cycleProgress, description: 'The cycle and where it stands' } },
  { method: 'GET', path: '/v1/review/cycles/{cycle}/submissions', functionName: 'list-cycle-submissions', auth: 'reviewer', summary: "A cycle's submissions with screening and decision state", query: pageQuerySchema, response: { schema: RESPONSES.cycleSubmissions, description: 'A page of submissions' } },
  { method: 'GET', path: '/v1/review/cycles/{cycle}/submissions/{reference}', functionName: 'get-cycle-submission', auth: 'reviewer', summary: 'One submission of a cycle, whole, with its screening and decision', description: 'Read consistently: send its `version` as `If-Match` when deciding.', response: { schema: RESPONSES.cycleSubmissions.shape.submissions.element, description: 'The submission' } },
  { method: 'GET', path: '/v1/review/cycles/{cycle}/rows', functionName: 'list-cycle-rows', auth: 'reviewer', summary: "A cycle's submissions as the console's table lists them", description: 'Only the fields a row shows, filters and searches (no request text, no screening reasons, no decision rationale), up to 1,000 to a page: a cycle in one request. Pass `nextCursor` back as `cursor`.', query: cycleRowsQuerySchema, response: { schema: RESPONSES.cycleRows, description: 'A page of rows, by reference' } },
  { method: 'POST', path: '/v1/review/cycles/{cycle}/resume', functionName: 'resume-cycle', auth: 'admin', summary: 'Resume a cycle whose run failed, was stopped or is gone', description: 'A new run picks the cycle up where it stands (decisions already made are kept). Harmless when the run is alive or done: `resumed` is then false. `GET /v1/review/cycles/{cycle}` shows `run.status`.', response: { schema: RESPONSES.cycleResumed, description: 'The run of the cycle, and whether this request started it' } },
  { method: 'POST', path: '/v1/review/cycles/{cycle}/release', functionName: 'release-cycle', auth: 'admin', summary: "Sign off and release a cycle's decisions", response: { schema: RESPONSES.cycle, status: 202, description: 'Signed off; the release runs in the background' }, errors: ['conflict'] },
  { method: 'POST', path: '/v1/review/submissions/{reference}/decision', functionName: 'record-decision', auth: 'reviewer', summary: 'Record or revise a decision', description: 'Send the `version` read from the cycle list as `If-Match`: of two reviewers deciding at once, one wins and the other gets 409.', body: decisionRequestSchema, headers: ['If-Match'], response: { schema: RESPONSES.decisionRecorded, description: 'Recorded' }, errors: ['conflict'] },
  { method: 'GET', path: '/v1/review/submissions/{reference}/audit', functionName: 'get-audit', auth: 'reviewer', summary: 'The audit trail of a submission', response: { schema: RESPONSES.auditTrail, description: 'Every entry, oldest first' } },
  { method: 'GET', path: '/v1/review/stories', functionName: 'list-story-queue', auth: 'reviewer', summary: 'Inspiration stories awaiting moderation', query: pageQuerySchema, response: { schema: RESPONSES.storyQueue, description: 'A page of the queue, oldest first' } },
  { method: 'POST', path: '/v1/review/stories/{id}/moderation', functionName: 'moderate-story', auth: 'reviewer', summary: 'Publish or decline an inspiration story', body: moderationRequestSchema, response: { schema: RESPONSES.storyModerated, description: 'Moderated' }, errors: ['conflict'] },
  { method: 'GET', path: '/v1/review/designations', functionName: 'list-designations', auth: 'reviewer', summary: "Action-plan commitments awaiting their POC's confirmation", response: { schema: RESPONSES.designationQueue, description: 'The unconfirmed designations' } },
  { method: 'GET', path: '/v1/designations/{reference}', functionName: 'get-designation', auth: 'public', summary: 'What a POC is asked to confirm', description: 'Needs the signature of the link the point of contact received, as `X-Designation-Signature`.', headers: ['X-Designation-Signature'], response: { schema: RESPONSES.designation, description: 'The commitment to confirm' }, errors: ['link_invalid', 'link_expired'] },
  { method: 'POST', path: '/v1/designations/{reference}/confirm', functionName: 'confirm-designation', auth: 'public', summary: "The POC confirms an action-plan commitment's designation", description: 'Needs `X-Designation-Signature`. The commitment then enters the review queue; confirming twice is harmless.', headers: ['X-Designation-Signature'], response: { schema: RESPONSES.designation, description: 'Confirmed' }, errors: ['link_invalid', 'link_expired', 'conflict'] },
  { method: 'GET', path: '/v1/admin/members', functionName: 'admin-list-members', auth: 'admin', summary: 'The member registry with POC contacts, retired members included', response: { schema: RESPONSES.adminMembers, description: 'Every member' } },
  { method: 'POST', path: '/v1/admin/members', functionName: 'admin-create-member', auth: 'admin', summary: 'Add a member to the registry', body: newMemberRequestSchema, response: { schema: RESPONSES.adminMember, status: 201, description: 'Added' }, errors: ['conflict'] },
  { method: 'PUT', path: '/v1/admin/members/{memberId}', functionName: 'admin-update-member', auth: 'admin', summary: 'Edit or retire a member, with its contacts', body: memberUpdateRequestSchema, headers: ['If-Match'], response: { schema: RESPONSES.adminMember, description: 'Saved' }, errors: ['conflict', 'precondition_failed'] },
  { method: 'GET', path: '/v1/admin/suppressions', functionName: 'admin-list-suppressions', auth: 'admin', summary: 'Addresses mail no longer goes to (a permanent bounce or a complaint)', response: { schema: RESPONSES.suppressions, description: 'Every suppressed address, oldest first' } },
  { method: 'POST', path: '/v1/admin/suppressions/lift', functionName: 'admin-lift-suppression', auth: 'admin', summary: 'Let mail go to a suppressed address again', description: 'Audited, with why the address had been suppressed. The member contacts at that address are no longer marked undeliverable; on AWS the address also leaves the SES account\'s suppression list.', body: liftSuppressionRequestSchema, response: { schema: RESPONSES.suppressionLifted, description: 'Lifted' } },
  { method: 'GET', path: '/v1/admin/criteria', functionName: 'admin-list-criteria', auth: 'reviewer', summary: 'The criteria in force and every earlier version', response: { schema: RESPONSES.criteria, description: 'The criteria' } },
  { method: 'POST', path: '/v1/admin/public-data', functionName: 'admin-publish-public-data', auth: 'admin', summary: 'Publish the counters and the open-data exports again', description: 'Each release publishes them. Run this after reforms were written another way (an import of earlier ones), or once after the first deploy: it recomputes everything from the published reforms, so running it twice changes nothing.', response: { schema: RESPONSES.publicDataPublished, description: 'Published' } },
  { method: 'POST', path: '/v1/admin/criteria', functionName: 'admin-create-criteria', auth: 'admin', summary: 'A new version of the criteria (wording in en/fr/es, period)', body: criteriaVersionRequestSchema, response: { schema: RESPONSES.criteriaVersion, status: 201, description: 'The new version, in force from now' } },
];

/** Every distinct HTTP entry point, in table order. */
export const HTTP_FUNCTIONS = [...new Set(ROUTES.map((route) => route.functionName))];
