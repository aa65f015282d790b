// The audit mutations of a push (audit.start, .patch, .submit, .revise), each run by push.ts in
// its own transaction after claiming the mutation id: field-level patches checked against what
// the device last saw, submission checked for completeness, corrections as new revisions.
import { applyAuditPatch, comparePatch, validateAuditPatch } from '#shared/domain/audit-patch.ts';
import { assessCompleteness } from '#shared/domain/completeness.ts';
import { acceptsNewAudits, CLOSED_CYCLE_REFUSAL } from '#shared/domain/cycle-closing.ts';
import type { MutationResult } from '#shared/protocol/sync.ts';
import { auditFieldPath, revisedAudit, startedAudit } from '#shared/records/audit.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import {
  auditRevisionLine,
  claimAndLockAudit,
  claimAssignment,
  lockAuditsOfAssignment,
  writeAudit,
  type ClaimedAssignment,
} from '../store/audits.ts';
import { restampRecord, restampSubmitted } from '../store/feed.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { duplicate, invalid, rejected, type Args, type Claim, type Handler, type PushContext } from './push-common.ts';

export type AuditRow = { doc: Audit; auditor_id: string; attributes: PlanAttributes | null };

/** What an applied mutation writes: the audit as it now is and its audit-log entry. */
export type AuditWrite = {
  audit: Audit;
  log: { action: string; before?: unknown; after?: unknown };
  /** A new audit row, for this assignment. */
  insertFor?: { assignmentId: string };
};
/** A mutation's answer and, when applied with a change, what it writes. Decided without the database. */
export type AuditDecision = { result: MutationResult; write?: AuditWrite };

/** The assignment an audit.start names, with its cycle: `auditor_id` null when there is no such assignment. */
export type StartFacts = Omit<ClaimedAssignment, 'claimed'>;

const answer = (result: MutationResult): AuditDecision => ({ result });

/** The refusal to answer with if the caller may not change this audit (or there is none). */
export function refuseNotOwn(
  ctx: PushContext,
  mutationId: string,
  row: AuditRow | undefined,
): MutationResult | undefined {
  if (!row) return rejected(mutationId, 'not-found', 'there is no such audit');
  if (row.auditor_id !== ctx.user.id) return rejected(mutationId, 'forbidden', "this audit is another auditor's");
  return undefined;
}

/** The refusal to answer with if the caller may not start an audit of this assignment. */
function refuseStart(ctx: PushContext, mutationId: string, assignment: StartFacts): MutationResult | undefined {
  if (assignment.auditor_id === null) return rejected(mutationId, 'not-found', 'there is no such assignment');
  if (assignment.auditor_id !== ctx.user.id || !ctx.user.roles.includes('auditor')) {
    return rejected(mutationId, 'forbidden', "this assignment is another auditor's");
  }
  if (!acceptsNewAudits(assignment.cycle_status)) return rejected(mutationId, 'forbidden', CLOSED_CYCLE_REFUSAL);
  return undefined;
}

/**
 * audit.start, given the assignment and the audits with its id or of its assignment (latest
 * revision first), as the claimed mutation finds them.
 */
export function decideStart(
  ctx: PushContext,
  args: Args<'audit.start'>,
  mutationId: string,
  assignment: StartFacts,
  existing: readonly { id: string; assignment_id: string; doc: Audit }[],
): AuditDecision {
  const refusal = refuseStart(ctx, mutationId, assignment);
  if (refusal) return answer(refusal);
  const sameId = existing.find((row) => row.id === args.auditId);
  if (sameId) {
    return answer(
      sameId.assignment_id === args.assignmentId
        ? duplicate(mutationId)
        : rejected(mutationId, 'invalid', 'this audit id is already used for another assignment', ['auditId']),
    );
  }
  const started = existing[0];
  if (started) {
    // Another device of the same auditor started this assignment first: hand the device that record.
    return answer({ mutationId, status: 'conflict', fields: ['auditId'], serverRecord: started.doc });
  }
  const audit = startedAudit({
    id: args.auditId,
    assignment: { cycleId: assignment.cycle_id, planRef: assignment.plan_ref, agency: assignment.agency },
    framework: { id: assignment.framework_id, version: assignment.framework_version },
    auditorId: ctx.user.id,
    startedAt: args.startedAt,
    updatedAt: ctx.now().toISOString(),
  });
  return {
    result: { mutationId, status: 'applied' },
    write: { audit, log: { action: 'audit.start', after: audit }, insertFor: { assignmentId: args.assignmentId } },
  };
}

/** audit.patch on the caller's own audit, with the framework it is pinned to (if published). */
export function decidePatch(
  ctx: PushContext,
  args: Args<'audit.patch'>,
  mutationId: string,
  audit: Audit,
  framework: Framework | undefined,
): AuditDecision {
  if (audit.status === 'submitted') {
    return answer(rejected(mutationId, 'immutable', 'this audit is submitted and can no longer change'));
  }
  if (!framework) {
    return answer(rejected(mutationId, 'invalid', 'the framework this audit is pinned to is not published'));
  }
  const problems = validateAuditPatch(framework, args.patch);
  if (problems.length > 0) return answer(invalid(mutationId, problems));
  const { conflicts, changed } = comparePatch(audit, args.patch);
  if (conflicts.length > 0) return answer({ mutationId, status: 'conflict', fields: conflicts, serverRecord: audit });
  if (changed.length === 0) return answer({ mutationId, status: 'applied' });
  const next: Audit = { ...applyAuditPatch(audit, args.patch), updatedAt: ctx.now().toISOString() };
  return {
    result: { mutationId, status: 'applied' },
    write: {
      audit: next,
      log: {
        action: 'audit.patch',
        // Only fields that had a value: one left out was blank (log-entry-before.ts shows it so).
        before: Object.fromEntries(
          changed.flatMap((field) => (field.before === null ? [] : [[field.path, field.before]])),
        ),
        after: Object.fromEntries(changed.map((field) => [field.path, field.after])),
      },
    },
  };
}

/** audit.submit of the caller's own audit, with the framework it is pinned to (if published). */
export function decideSubmit(
  ctx: PushContext,
  args: Args<'audit.submit'>,
  mutationId: string,
  row: AuditRow,
  framework: Framework | undefined,
): AuditDecision {
  const audit = row.doc;
  if (audit.status === 'submitted') {
    return answer(
      audit.revision === args.revision
        ? duplicate(mutationId)
        : rejected(mutationId, 'immutable', `revision ${audit.revision} is submitted and can no longer change`),
    );
  }
  if (audit.revision !== args.revision) {
    return answer(
      rejected(mutationId, 'invalid', `this audit is at revision ${audit.revision}, not ${args.revision}`, [
        'revision',
      ]),
    );
  }
  if (!framework) {
    return answer(rejected(mutationId, 'invalid', 'the framework this audit is pinned to is not published'));
  }
  const completeness = assessCompleteness(framework, audit, row.attributes ?? undefined);
  if (!completeness.isComplete) {
    const unanswered = completeness.sections.flatMap((s) => s.unanswered);
    const measures = completeness.sections.flatMap((s) => s.missingMeasures);
    const parts = [
      unanswered.length > 0 ? `unanswered: ${unanswered.join(', ')}` : '',
      measures.length > 0 ? `counts missing: ${measures.join(', ')}` : '',
      completeness.missingOverrideReasons.length > 0
        ? `grade changed without a reason: ${completeness.missingOverrideReasons.join(', ')}`
        : '',
    ].filter((part) => part !== '');
    return answer(
      rejected(mutationId, 'incomplete', `not ready to submit: ${parts.join('; ')}`, [
        ...unanswered.map((criterionId) => auditFieldPath({ kind: 'response', criterionId })),
        ...measures.map((criterionId) => auditFieldPath({ kind: 'response', criterionId })),
        ...completeness.missingOverrideReasons.map((sectionId) =>
          auditFieldPath(
            sectionId === 'overall' ? { kind: 'overallOverride' } : { kind: 'sectionOverride', sectionId },
          ),
        ),
      ]),
    );
  }
  const next: Audit = {
    ...audit,
    status: 'submitted',
    submittedAt: args.submittedAt,
    updatedAt: ctx.now().toISOString(),
  };
  return {
    result: { mutationId, status: 'applied' },
    write: {
      audit: next,
      log: {
        action: 'audit.submit',
        before: { status: 'draft', revision: audit.revision },
        after: { status: 'submitted', revision: audit.revision, submittedAt: args.submittedAt },
      },
    },
  };
}

/**
 * Claims the mutation and locks the audit it names (with its plan's attributes) in one statement.
 * Answers with the audit if the caller may change it; otherwise with the refusal to answer with.
 */
async function ownAudit(
  tx: SqlRunner,
  ctx: PushContext,
  auditId: string,
  mutationId: string,
  claim: Claim,
): Promise<{ row: AuditRow } | { refusal: MutationResult }> {
  const found = await claimAndLockAudit(tx, claim, auditId);
  if (!found?.claimed) return { refusal: duplicate(mutationId) };
  const row =
    found.doc && found.auditor_id
      ? { doc: found.doc, auditor_id: found.auditor_id, attributes: found.attributes }
      : undefined;
  const refusal = refuseNotOwn(ctx, mutationId, row);
  return row && !refusal
    ? { row }
    : { refusal: refusal ?? rejected(mutationId, 'not-found', 'there is no such audit') };
}

/** The framework an audit is pinned to, unless the audit is submitted (then no change needs it). */
const frameworkFor = (tx: SqlRunner, ctx: PushContext, audit: Audit): Promise<Framework | undefined> =>
  audit.status === 'submitted'
    ? Promise.resolve(undefined)
    : ctx.frameworks.get(tx, audit.frameworkId, audit.frameworkVersion);

export const startAudit: Handler<'audit.start'> = async (tx, ctx, args, mutationId, claim) => {
  const assignment = await claimAssignment(tx, claim, args.assignmentId);
  if (!assignment?.claimed) return duplicate(mutationId);
  const refusal = refuseStart(ctx, mutationId, assignment);
  if (refusal) return refusal;
  const existing = await lockAuditsOfAssignment(tx, args.auditId, args.assignmentId);
  const decision = decideStart(ctx, args, mutationId, assignment, existing);
  if (decision.write) await writeAudit(tx, decision.write.audit, decision.write.log, decision.write.insertFor);
  return decision.result;
};

export const patchAudit: Handler<'audit.patch'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await ownAudit(tx, ctx, args.auditId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  const audit = found.row.doc;
  const decision = decidePatch(ctx, args, mutationId, audit, await frameworkFor(tx, ctx, audit));
  if (decision.write) await writeAudit(tx, decision.write.audit, decision.write.log);
  return decision.result;
};

export const submitAudit: Handler<'audit.submit'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await ownAudit(tx, ctx, args.auditId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  const audit = found.row.doc;
  const decision = decideSubmit(ctx, args, mutationId, found.row, await frameworkFor(tx, ctx, audit));
  if (!decision.write) return decision.result;
  await writeAudit(tx, decision.write.audit, decision.write.log);
  // Now submitted, the audit reaches QA leads and colleagues who have submitted theirs; and blind
  // scoring ends for this auditor: colleagues' submitted audits of the plan reach them.
  await restampSubmitted(tx, audit);
  // A submitted correction replaces the revision it supersedes for everyone but its author.
  if (audit.supersedes) await restampRecord(tx, 'audit', audit.supersedes.auditId);
  return decision.result;
};

/**
 * Opens a correction of a submitted audit: a new draft revision for the same assignment, a copy of
 * the submitted one, which stays as it is. Only the latest revision may be revised, so corrections
 * form one line; a device that revises an older one is handed the newer one, as audit.start does.
 */
export const reviseAudit: Handler<'audit.revise'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await ownAudit(tx, ctx, args.auditId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  if (!ctx.user.roles.includes('auditor')) return rejected(mutationId, 'forbidden', 'only an auditor may revise');
  const revised = found.row.doc;
  const related = await auditRevisionLine(tx, args.newAuditId, args.auditId);
  const sameId = related.find((row) => row.id === args.newAuditId);
  if (sameId) {
    // The same correction sent again under another mutation id (an outbox rebuilt, say).
    return sameId.doc.supersedes?.auditId === args.auditId
      ? duplicate(mutationId)
      : rejected(mutationId, 'invalid', 'this audit id is already used for another audit', ['newAuditId']);
  }
  if (revised.status !== 'submitted') {
    return rejected(mutationId, 'invalid', 'this audit is not submitted yet: change the draft instead of revising it', [
      'auditId',
    ]);
  }
  const own = related.find((row) => row.id === args.auditId);
  const latest = related[0];
  if (!own || !latest) return rejected(mutationId, 'not-found', 'there is no such audit');
  if (latest.doc.revision > revised.revision) {
    return { mutationId, status: 'conflict', fields: ['newAuditId'], serverRecord: latest.doc };
  }
  if (!acceptsNewAudits(own.cycle_status)) return rejected(mutationId, 'forbidden', CLOSED_CYCLE_REFUSAL);
  const next = revisedAudit(revised, {
    id: args.newAuditId,
    reason: args.reason,
    startedAt: args.startedAt,
    updatedAt: ctx.now().toISOString(),
  });
  await writeAudit(
    tx,
    next,
    {
      action: 'audit.revise',
      before: { auditId: revised.id, revision: revised.revision, status: revised.status },
      after: next,
    },
    { assignmentId: own.assignment_id },
  );
  return { mutationId, status: 'applied' };
};
