// Audits in the database (migrations 0001 to 0003): each push handler's statements on them, the
// claim of the mutation made in the same statement where it is the first (see applied-mutations.ts).
import type { Audit } from '#shared/schemas/audit.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import { CLAIM, CLAIMED, type Claim } from './applied-mutations.ts';
import type { SqlRunner } from './sql-client.ts';

/**
 * Writes an audit with its audit-log entry in one statement, and, while it is a draft (which only
 * its author may see: see visible_audits), the author's feed row too. One round trip, not three:
 * this is the path every autosave takes. A submitted audit's wider audience is re-stamped after.
 */
export async function writeAudit(
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

/** Claims the mutation and locks the audit (with its plan's attributes) in one statement. */
export async function claimAndLockAudit(
  tx: SqlRunner,
  claim: Claim,
  auditId: string,
): Promise<
  { claimed: number; doc: Audit | null; auditor_id: string | null; attributes: PlanAttributes | null } | undefined
> {
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
  return found;
}

export type ClaimedAssignment = {
  claimed: number;
  auditor_id: string | null;
  cycle_id: string;
  plan_ref: string;
  agency: Agency;
  framework_id: string;
  framework_version: number;
  cycle_status: string;
};

/** Claims the mutation and reads the assignment with its cycle, in one statement. */
export async function claimAssignment(
  tx: SqlRunner,
  claim: Claim,
  assignmentId: string,
): Promise<ClaimedAssignment | undefined> {
  const [assignment] = await tx.query<ClaimedAssignment>(
    `${CLAIM}
     SELECT ${CLAIMED}, s.auditor_id, s.cycle_id, s.plan_ref, s.agency, c.framework_id, c.framework_version,
       c.status AS cycle_status
     FROM (SELECT 1) AS one
     LEFT JOIN assignments s ON s.id = $6
     LEFT JOIN cycles c ON c.id = s.cycle_id`,
    [...claim, assignmentId],
  );
  return assignment;
}

/** The audit with this id and every audit of this assignment, locked, latest revision first. */
export async function lockAuditsOfAssignment(
  tx: SqlRunner,
  auditId: string,
  assignmentId: string,
): Promise<{ id: string; assignment_id: string; doc: Audit }[]> {
  return tx.query<{ id: string; assignment_id: string; doc: Audit }>(
    // Latest revision first: after corrections, that is the record another device should take.
    'SELECT id, assignment_id, doc FROM audits WHERE id = $1 OR assignment_id = $2 ORDER BY revision DESC FOR UPDATE',
    [auditId, assignmentId],
  );
}

/** The audit with `newAuditId` and every revision of `auditId`'s assignment, with its cycle's status, latest first. */
export async function auditRevisionLine(
  tx: SqlRunner,
  newAuditId: string,
  auditId: string,
): Promise<{ id: string; doc: Audit; cycle_status: string; assignment_id: string }[]> {
  return tx.query<{ id: string; doc: Audit; cycle_status: string; assignment_id: string }>(
    `SELECT a.id, a.doc, c.status AS cycle_status, a.assignment_id FROM audits a JOIN cycles c ON c.id = a.cycle_id
     WHERE a.id = $1 OR a.assignment_id = (SELECT assignment_id FROM audits WHERE id = $2)
     ORDER BY a.revision DESC`,
    [newAuditId, auditId],
  );
}
