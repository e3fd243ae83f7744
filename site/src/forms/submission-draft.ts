import type { Language } from '../../../shared/domain/language.ts';
import type { SubmissionRequest } from '../../../shared/domain/schemas.ts';

/**
 * What a person has typed into the submission form so far: every field as text or a choice not
 * made yet. `toRequest` turns it into the contract's shape (`submissionRequestSchema`) with the
 * same field paths, so the shared schema's errors point at the form's fields.
 */
export interface SubmissionDraft {
  channel: string;
  actionPlan: { id: string; commitmentId: string; designatedByMsf: boolean };
  submitter: { name: string; email: string; position: string };
  member: { type: string; memberId: string; jurisdiction: string };
  government: { level: string; branch: string };
  leadInstitution: { name: string; isPublic: boolean | undefined };
  partners: { name: string; kind: string }[];
  title: string;
  area: string;
  problem: string;
  statusQuo: string;
  description: string;
  values: string[];
  milestones: { description: string; deliverable: string; dueDate: string }[];
  startDate: string;
  endDate: string;
  status: string;
  coCreated: boolean | undefined;
  links: string[];
  consentToPublish: boolean;
}

export const emptyMilestone = () => ({ description: '', deliverable: '', dueDate: '' });

export function emptyDraft(): SubmissionDraft {
  return {
    channel: '',
    actionPlan: { id: '', commitmentId: '', designatedByMsf: false },
    submitter: { name: '', email: '', position: '' },
    member: { type: '', memberId: '', jurisdiction: '' },
    government: { level: '', branch: '' },
    leadInstitution: { name: '', isPublic: undefined },
    partners: [],
    title: '',
    area: '',
    problem: '',
    statusQuo: '',
    description: '',
    values: [],
    milestones: [emptyMilestone()],
    startDate: '',
    endDate: '',
    status: '',
    coCreated: undefined,
    links: [],
    consentToPublish: false,
  };
}

/** A stored submission back into the form (the correction path). */
export function draftFromRequest(request: SubmissionRequest): SubmissionDraft {
  return {
    channel: request.channel,
    actionPlan: { id: request.actionPlan?.id ?? '', commitmentId: request.actionPlan?.commitmentId ?? '', designatedByMsf: request.actionPlan?.designatedByMsf ?? false },
    submitter: { ...request.submitter },
    member: { type: request.member.type, memberId: request.member.memberId, jurisdiction: request.member.jurisdiction ?? '' },
    government: { ...request.government },
    leadInstitution: { ...request.leadInstitution },
    partners: request.partners.map((partner) => ({ ...partner })),
    title: request.title,
    area: request.area,
    problem: request.problem,
    statusQuo: request.statusQuo,
    description: request.description,
    values: [...request.values],
    milestones: request.milestones.map((milestone) => ({ ...milestone })),
    startDate: request.startDate,
    endDate: request.endDate,
    status: request.status,
    coCreated: request.coCreated,
    links: [...request.links],
    consentToPublish: request.consentToPublish,
  };
}

/**
 * The request body. Nothing is dropped or reordered (an empty partner row stays, and is reported
 * at its own index); only what the chosen options make irrelevant is left out.
 */
export function toRequest(draft: SubmissionDraft, language: Language): Record<string, unknown> {
  const localType = draft.member.type !== '' && draft.member.type !== 'national';
  return {
    channel: draft.channel,
    language,
    submitter: { ...draft.submitter },
    member: { type: draft.member.type, memberId: draft.member.memberId, ...(localType ? { jurisdiction: draft.member.jurisdiction } : {}) },
    government: { ...draft.government },
    leadInstitution: { name: draft.leadInstitution.name, ...(draft.leadInstitution.isPublic === undefined ? {} : { isPublic: draft.leadInstitution.isPublic }) },
    partners: draft.partners.map((partner) => ({ ...partner })),
    title: draft.title,
    area: draft.area,
    problem: draft.problem,
    statusQuo: draft.statusQuo,
    description: draft.description,
    values: [...draft.values],
    milestones: draft.milestones.map((milestone) => ({ ...milestone })),
    startDate: draft.startDate,
    endDate: draft.endDate,
    status: draft.status,
    ...(draft.coCreated === undefined ? {} : { coCreated: draft.coCreated }),
    ...(draft.channel === 'action-plan' ? { actionPlan: { ...draft.actionPlan } } : {}),
    links: [...draft.links],
    consentToPublish: draft.consentToPublish,
  };
}
