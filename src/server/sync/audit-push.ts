// The audit mutations of a push (audit.start, .patch, .submit, .revise), each run by push.ts in
// its own transaction after claiming the mutation id: field-level patches checked against what
// the device last saw, submission checked for completeness, corrections as new revisions.
import { applyAuditPatch, findPatchConflicts, isSameValue, validateAuditPatch } from '#shared/domain/audit-patch.ts';
import { assessCompleteness } from '#shared/domain/completeness.ts';
import type { MutationResult } from '#shared/protocol/sync.ts';
import {
  auditFieldPath,
  auditFieldValue as fieldValue,
  auditPatchFields as patchFields,
  revisedAudit,
  startedAudit,
} from '#shared/records/audit.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import { restampRecord, restampSubmitted } from '../store/feed.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import {
  CLAIM,
  CLAIMED,
  duplicate,
  invalid,
  rejected,
  type Claim,
  type Handler,
  type PushContext,
} from './push-common.ts';

type AuditRow = { doc: Audit; auditor_id: string; attributes: PlanAttributes | null };

/**
 * Writes an audit with its audit-log entry in one statement, and, while it is a draft (which only
 * its author may see: see visible_audits), the author's feed row too. One round trip, not three:
 * this is the path every autosave takes. A submitted audit's wider audience is re-stamped after.
 */
async function writeAudit(
  tx: SqlRunner,
  audit: Audit,
  log: { action: string; before?: unknown; after?: unknown },
  insertFor?: { assignmentId: string },
): Promise<void> {
  const ctes = `WITH log AS (
      INSERT INTO audit_log (actor_id, action, entity_kind, entity_id, before, after)
      VALUES ($6, $7, 'audit', $1, $8::jsonb, $9::jsonb)),
    feed AS (
      INSERT INTO sync_feed (user_id, kind, record_id, visible) SELECT $6, 'audit', $1, true WHERE $10
      ON CONFLICT (user_id, kind, record_id) DO UPDATE
        SET visible = EXCLUDED.visible, txid = EXCLUDED.txid, seq = EXCLUDED.seq)`;
  const write = insertFor
    ? `INSERT INTO audits (id, doc, status, revision, updated_at, created_at, assignment_id, cycle_id, plan_ref, auditor_id)
       VALUES ($1, $2::jsonb, $3, $4, $5, $5, $11, $12, $13, $6)`
    : 'UPDATE audits SET doc = $2::jsonb, status = $3, revision = $4, updated_at = $5 WHERE id = $1';
  const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
  await tx.query(`${ctes} ${write}`, [
    audit.id,
    JSON.stringify(audit),
    audit.status,
    audit.revision,
    new Date(audit.updatedAt),
    audit.auditorId,
    log.action,
    json(log.before),
    json(log.after),
    audit.status === 'draft',
    ...(insertFor ? [insertFor.assignmentId, audit.cycleId, audit.planRef] : []),
  ]);
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
  const [found] = await tx.query<{
    claimed: number;
    doc: Audit | null;
    auditor_id: string | null;
    attributes: PlanAttributes | null;
  }>(
    `${CLAIM}
     SELECT ${CLAIMED}, a.doc, a.auditor_id, p.attributes
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (SELECT doc, auditor_id, plan_ref FROM audits WHERE id = $6 FOR UPDATE) a ON true
     LEFT JOIN plans p ON p.ref = a.plan_ref`,
    [...claim, auditId],
  );
  if (!found?.claimed) return { refusal: duplicate(mutationId) };
  const row =
    found.doc && found.auditor_id
      ? { doc: found.doc, auditor_id: found.auditor_id, attributes: found.attributes }
      : undefined;
  if (!row) return { refusal: rejected(mutationId, 'not-found', 'there is no such audit') };
  if (row.auditor_id !== ctx.user.id) {
    return { refusal: rejected(mutationId, 'forbidden', "this audit is another auditor's") };
  }
  return { row };
}

export const startAudit: Handler<'audit.start'> = async (tx, ctx, args, mutationId, claim) => {
  const [assignment] = await tx.query<{
    claimed: number;
    auditor_id: string | null;
    cycle_id: string;
    plan_ref: string;
    agency: Agency;
    framework_id: string;
    framework_version: number;
    cycle_status: string;
  }>(
    `${CLAIM}
     SELECT ${CLAIMED}, s.auditor_id, s.cycle_id, s.plan_ref, s.agency, c.framework_id, c.framework_version,
       c.status AS cycle_status
     FROM (SELECT 1) AS one
     LEFT JOIN assignments s ON s.id = $6
     LEFT JOIN cycles c ON c.id = s.cycle_id`,
    [...claim, args.assignmentId],
  );
  if (!assignment?.claimed) return duplicate(mutationId);
  if (assignment.auditor_id === null) return rejected(mutationId, 'not-found', 'there is no such assignment');
  if (assignment.auditor_id !== ctx.user.id || !ctx.user.roles.includes('auditor')) {
    return rejected(mutationId, 'forbidden', "this assignment is another auditor's");
  }
  if (assignment.cycle_status !== 'open') return rejected(mutationId, 'forbidden', 'the cycle is closed');
  const existing = await tx.query<{ id: string; assignment_id: string; doc: Audit }>(
    // Latest revision first: after corrections, that is the record another device should take.
    'SELECT id, assignment_id, doc FROM audits WHERE id = $1 OR assignment_id = $2 ORDER BY revision DESC FOR UPDATE',
    [args.auditId, args.assignmentId],
  );
  const sameId = existing.find((row) => row.id === args.auditId);
  if (sameId) {
    return sameId.assignment_id === args.assignmentId
      ? duplicate(mutationId)
      : rejected(mutationId, 'invalid', 'this audit id is already used for another assignment', ['auditId']);
  }
  const started = existing[0];
  if (started) {
    // Another device of the same auditor started this assignment first: hand the device that record.
    return { mutationId, status: 'conflict', fields: ['auditId'], serverRecord: started.doc };
  }
  const now = ctx.now().toISOString();
  const audit = startedAudit({
    id: args.auditId,
    assignment: { cycleId: assignment.cycle_id, planRef: assignment.plan_ref, agency: assignment.agency },
    framework: { id: assignment.framework_id, version: assignment.framework_version },
    auditorId: ctx.user.id,
    startedAt: args.startedAt,
    updatedAt: now,
  });
  await writeAudit(tx, audit, { action: 'audit.start', after: audit }, { assignmentId: args.assignmentId });
  return { mutationId, status: 'applied' };
};

export const patchAudit: Handler<'audit.patch'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await ownAudit(tx, ctx, args.auditId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  const audit = found.row.doc;
  if (audit.status === 'submitted') {
    return rejected(mutationId, 'immutable', 'this audit is submitted and can no longer change');
  }
  const framework = await ctx.frameworks.get(tx, audit.frameworkId, audit.frameworkVersion);
  if (!framework) return rejected(mutationId, 'invalid', 'the framework this audit is pinned to is not published');
  const problems = validateAuditPatch(framework, args.patch);
  if (problems.length > 0) return invalid(mutationId, problems);
  const conflicts = findPatchConflicts(audit, args.patch);
  if (conflicts.length > 0) return { mutationId, status: 'conflict', fields: conflicts, serverRecord: audit };
  const changed = patchFields(args.patch).filter((field) => !isSameValue(field.to, fieldValue(audit, field.path)));
  if (changed.length === 0) return { mutationId, status: 'applied' };
  const next: Audit = { ...applyAuditPatch(audit, args.patch), updatedAt: ctx.now().toISOString() };
  await writeAudit(tx, next, {
    action: 'audit.patch',
    before: Object.fromEntries(changed.map((field) => [field.path, fieldValue(audit, field.path)])),
    after: Object.fromEntries(changed.map((field) => [field.path, field.to])),
  });
  return { mutationId, status: 'applied' };
};

export const submitAudit: Handler<'audit.submit'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await ownAudit(tx, ctx, args.auditId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  const audit = found.row.doc;
  if (audit.status === 'submitted') {
    return audit.revision === args.revision
      ? duplicate(mutationId)
      : rejected(mutationId, 'immutable', `revision ${audit.revision} is submitted and can no longer change`);
  }
  if (audit.revision !== args.revision) {
    return rejected(mutationId, 'invalid', `this audit is at revision ${audit.revision}, not ${args.revision}`, [
      'revision',
    ]);
  }
  const framework = await ctx.frameworks.get(tx, audit.frameworkId, audit.frameworkVersion);
  if (!framework) return rejected(mutationId, 'invalid', 'the framework this audit is pinned to is not published');
  const completeness = assessCompleteness(framework, audit, found.row.attributes ?? undefined);
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
    return rejected(mutationId, 'incomplete', `not ready to submit: ${parts.join('; ')}`, [
      ...unanswered.map((criterionId) => auditFieldPath({ kind: 'response', criterionId })),
      ...measures.map((criterionId) => auditFieldPath({ kind: 'response', criterionId })),
      ...completeness.missingOverrideReasons.map((sectionId) =>
        auditFieldPath(sectionId === 'overall' ? { kind: 'overallOverride' } : { kind: 'sectionOverride', sectionId }),
      ),
    ]);
  }
  const next: Audit = {
    ...audit,
    status: 'submitted',
    submittedAt: args.submittedAt,
    updatedAt: ctx.now().toISOString(),
  };
  await writeAudit(tx, next, {
    action: 'audit.submit',
    before: { status: 'draft', revision: audit.revision },
    after: { status: 'submitted', revision: audit.revision, submittedAt: args.submittedAt },
  });
  // Now submitted, the audit reaches QA leads and colleagues who have submitted theirs; and blind
  // scoring ends for this auditor: colleagues' submitted audits of the plan reach them.
  await restampSubmitted(tx, audit);
  // A submitted correction replaces the revision it supersedes for everyone but its author.
  if (audit.supersedes) await restampRecord(tx, 'audit', audit.supersedes.auditId);
  return { mutationId, status: 'applied' };
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
  const related = await tx.query<{ id: string; doc: Audit; cycle_status: string; assignment_id: string }>(
    `SELECT a.id, a.doc, c.status AS cycle_status, a.assignment_id FROM audits a JOIN cycles c ON c.id = a.cycle_id
     WHERE a.id = $1 OR a.assignment_id = (SELECT assignment_id FROM audits WHERE id = $2)
     ORDER BY a.revision DESC`,
    [args.newAuditId, args.auditId],
  );
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
  if (own.cycle_status !== 'open') return rejected(mutationId, 'forbidden', 'the cycle is closed');
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
