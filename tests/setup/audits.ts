// Builders for sync mutations and complete audits, so a test says what an auditor does rather
// than spelling out protocol messages.
import { randomUUID } from 'node:crypto';
import { criterionApplies } from '#shared/domain/applicability.ts';
import type { AuditPatch, ModerationPatch, Mutation } from '#shared/protocol/sync.ts';
import type { CriterionResponse } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';

let seq = 0;
const nextSeq = (): number => (seq += 1);

export function startAudit(assignmentId: string, auditId: string = randomUUID()): Mutation {
  return {
    id: randomUUID(),
    clientSeq: nextSeq(),
    name: 'audit.start',
    args: { auditId, assignmentId, startedAt: new Date().toISOString() },
  };
}

export function patchAudit(auditId: string, patch: AuditPatch): Mutation {
  return { id: randomUUID(), clientSeq: nextSeq(), name: 'audit.patch', args: { auditId, patch } };
}

export function submitAudit(auditId: string, revision = 1): Mutation {
  return {
    id: randomUUID(),
    clientSeq: nextSeq(),
    name: 'audit.submit',
    args: { auditId, revision, submittedAt: new Date().toISOString() },
  };
}

/** A correction of a submitted audit: a new draft revision with the id the device made. */
export function reviseAudit(
  auditId: string,
  newAuditId: string = randomUUID(),
  reason = 'The first submission rated a criterion wrongly',
): Mutation {
  return {
    id: randomUUID(),
    clientSeq: nextSeq(),
    name: 'audit.revise',
    args: { auditId, newAuditId, reason, startedAt: new Date().toISOString() },
  };
}

/** A rating for every criterion that applies to the plan (Met where allowed), counts filled in. */
export function completeResponses(framework: Framework, plan: PlanAttributes): Record<string, CriterionResponse> {
  const responses: Record<string, CriterionResponse> = {};
  for (const section of framework.sections) {
    for (const criterion of section.criteria) {
      if (!criterionApplies(criterion, plan)) continue;
      const rating = criterion.allowedRatings?.includes('met') === false ? criterion.allowedRatings[0] : 'met';
      responses[criterion.id] = {
        rating,
        ...(criterion.measure ? { measure: { numerator: 3, denominator: 4 } } : {}),
      };
    }
  }
  return responses;
}

/** A patch setting each response from absent to the given value. */
export function fromBlank(responses: Record<string, CriterionResponse>): AuditPatch {
  return {
    responses: Object.fromEntries(Object.entries(responses).map(([id, to]) => [id, { from: null, to }])),
  };
}

export function openModeration(cycleId: string, planRef: string, moderationId: string = randomUUID()): Mutation {
  return {
    id: randomUUID(),
    clientSeq: nextSeq(),
    name: 'moderation.open',
    args: { moderationId, cycleId, planRef, openedAt: new Date().toISOString() },
  };
}

export function patchModeration(moderationId: string, patch: ModerationPatch): Mutation {
  return {
    id: randomUUID(),
    clientSeq: nextSeq(),
    name: 'moderation.patch',
    args: { moderationId, patch, updatedAt: new Date().toISOString() },
  };
}

export function signOffModeration(moderationId: string, revision = 1): Mutation {
  return {
    id: randomUUID(),
    clientSeq: nextSeq(),
    name: 'moderation.signOff',
    args: { moderationId, revision, signedOffAt: new Date().toISOString() },
  };
}

export function amendModeration(
  moderationId: string,
  newModerationId: string = randomUUID(),
  reason = 'The panel misread the health advice',
): Mutation {
  return {
    id: randomUUID(),
    clientSeq: nextSeq(),
    name: 'moderation.amend',
    args: { moderationId, newModerationId, reason, startedAt: new Date().toISOString() },
  };
}

/** A patch agreeing a grade (from none) for each section given and overall, and marking the moderation agreed. */
export function agreeAll(sectionIds: readonly string[], grade: number): ModerationPatch {
  return {
    sections: Object.fromEntries(sectionIds.map((id) => [id, { agreedGrade: { from: null, to: grade } }])),
    overall: { agreedGrade: { from: null, to: grade } },
    status: { from: 'open', to: 'agreed' },
  };
}
