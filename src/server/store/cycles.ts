// Cycles, their assignments and re-audit links in the database (migrations 0001, 0002 and 0005):
// every statement the cycle services and the sync engine run on them.
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import type { SqlRunner } from './sql-client.ts';

export type AssignmentRow = {
  id: string;
  cycle_id: string;
  plan_ref: string;
  auditor_id: string;
  agency: Agency;
  due_date: string | null;
};

export const ASSIGNMENT_COLUMNS = 'id, cycle_id, plan_ref, auditor_id, agency, due_date';

export const toAssignment = (row: AssignmentRow): Assignment => ({
  id: row.id,
  cycleId: row.cycle_id,
  planRef: row.plan_ref,
  auditorId: row.auditor_id,
  agency: row.agency,
  ...(row.due_date === null ? {} : { dueDate: row.due_date }),
});

export type CycleRow = { doc: Cycle; framework_id: string; framework_version: number };

export async function getCycle(db: SqlRunner, cycleId: string): Promise<Cycle | undefined> {
  const rows = await db.query<{ doc: Cycle }>('SELECT doc FROM cycles WHERE id = $1', [cycleId]);
  return rows[0]?.doc;
}

/** The cycle with the framework it pins; locked for the rest of the transaction when `forUpdate`. */
export async function findCycleRow(db: SqlRunner, cycleId: string, forUpdate = false): Promise<CycleRow | undefined> {
  const [row] = await db.query<CycleRow>(
    `SELECT doc, framework_id, framework_version FROM cycles WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [cycleId],
  );
  return row;
}

export async function listCycles(db: SqlRunner): Promise<Cycle[]> {
  const rows = await db.query<{ doc: Cycle }>('SELECT doc FROM cycles ORDER BY created_at, id');
  return rows.map((row) => row.doc);
}

/** A new open cycle, with the frame it was drawn from kept beside it. */
export async function insertCycle(
  db: SqlRunner,
  cycle: Cycle,
  frame: readonly Plan[],
  actorId: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO cycles (id, doc, framework_id, framework_version, status, frame_snapshot, created_by)
     VALUES ($1, $2::jsonb, $3, $4, 'open', $5::jsonb, $6)`,
    [cycle.id, JSON.stringify(cycle), cycle.frameworkId, cycle.frameworkVersion, JSON.stringify(frame), actorId],
  );
}

export async function updateCycleDoc(db: SqlRunner, cycle: Cycle): Promise<void> {
  await db.query('UPDATE cycles SET doc = $2::jsonb, updated_at = now() WHERE id = $1', [
    cycle.id,
    JSON.stringify(cycle),
  ]);
}

export async function listAssignments(db: SqlRunner, cycleId: string): Promise<Assignment[]> {
  const rows = await db.query<AssignmentRow>(
    `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments WHERE cycle_id = $1 ORDER BY plan_ref, agency`,
    [cycleId],
  );
  return rows.map(toAssignment);
}

/** Inserts an assignment unless the auditor already has that plan in the cycle; the new one, or nothing. */
export async function insertAssignment(db: SqlRunner, assignment: Assignment): Promise<Assignment | undefined> {
  const inserted = await db.query<AssignmentRow>(
    `INSERT INTO assignments (id, cycle_id, plan_ref, auditor_id, agency, due_date)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cycle_id, plan_ref, auditor_id) DO NOTHING
     RETURNING ${ASSIGNMENT_COLUMNS}`,
    [
      assignment.id,
      assignment.cycleId,
      assignment.planRef,
      assignment.auditorId,
      assignment.agency,
      assignment.dueDate ?? null,
    ],
  );
  return inserted[0] ? toAssignment(inserted[0]) : undefined;
}

export type ProgressAssignmentRow = AssignmentRow & { auditor_name: string; submitted: boolean; started: boolean };

/** A cycle's assignments with their auditor's name and whether an audit is started or submitted. */
export async function assignmentProgressRows(db: SqlRunner, cycleId: string): Promise<ProgressAssignmentRow[]> {
  return db.query<ProgressAssignmentRow>(
    `SELECT s.id, s.cycle_id, s.plan_ref, s.auditor_id, s.agency, s.due_date, u.name AS auditor_name,
       EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = s.id AND a.status = 'submitted') AS submitted,
       EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = s.id) AS started
     FROM assignments s JOIN users u ON u.id = s.auditor_id
     WHERE s.cycle_id = $1 ORDER BY s.plan_ref, s.agency, u.name`,
    [cycleId],
  );
}

export type WorkloadRow = { id: string; name: string; agency: Agency; open: number; overdue: number };

/** Each active auditor's unsubmitted assignments in open cycles, and how many are due before `today`. */
export async function auditorWorkloadRows(db: SqlRunner, today: string): Promise<WorkloadRow[]> {
  return db.query<WorkloadRow>(
    `SELECT u.id, u.name, u.agency,
       count(s.id) FILTER (WHERE c.status = 'open' AND NOT s.submitted)::int AS open,
       count(s.id) FILTER (WHERE c.status = 'open' AND NOT s.submitted AND s.due_date < $1)::int AS overdue
     FROM users u
     LEFT JOIN (
       SELECT x.id, x.cycle_id, x.auditor_id, x.due_date,
         EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = x.id AND a.status = 'submitted') AS submitted
       FROM assignments x) s ON s.auditor_id = u.id
     LEFT JOIN cycles c ON c.id = s.cycle_id
     WHERE 'auditor' = ANY (u.roles) AND NOT u.disabled AND u.agency IS NOT NULL
     GROUP BY u.id, u.name, u.agency ORDER BY u.agency, u.name, u.id`,
    [today],
  );
}

export type ReAuditLinkRow = {
  plan_ref: string;
  source_cycle_id: string;
  source_grade: number;
  source_name: string;
  framework_id: string;
  framework_version: number;
};

/** The re-audited plans of a cycle, by plan: the earlier cycle each came from, its framework and grade. */
export async function reAuditLinkRows(db: SqlRunner, cycleId: string): Promise<ReAuditLinkRow[]> {
  return db.query<ReAuditLinkRow>(
    `SELECT r.plan_ref, r.source_cycle_id, r.source_grade, c.doc->>'name' AS source_name,
            c.framework_id, c.framework_version
     FROM re_audits r JOIN cycles c ON c.id = r.source_cycle_id
     WHERE r.cycle_id = $1 ORDER BY r.plan_ref`,
    [cycleId],
  );
}

export type ReAuditInsert = { planRef: string; moderationId: string; grade: number };

export async function insertReAudits(
  db: SqlRunner,
  cycleId: string,
  fromCycleId: string,
  actorId: string | null,
  reAudits: readonly ReAuditInsert[],
): Promise<void> {
  await db.query(
    `INSERT INTO re_audits (cycle_id, plan_ref, source_cycle_id, source_moderation_id, source_grade, created_by)
     SELECT $1, ref, $2, moderation_id::uuid, grade, $3
     FROM unnest($4::text[], $5::text[], $6::int[]) AS t (ref, moderation_id, grade)`,
    [
      cycleId,
      fromCycleId,
      actorId,
      reAudits.map((r) => r.planRef),
      reAudits.map((r) => r.moderationId),
      reAudits.map((r) => r.grade),
    ],
  );
}

export type CycleClosingRow = {
  status: Cycle['status'];
  retention_applied_at: Date | null;
  open_moderations: number;
  agreed_moderations: number;
  draft_audits: number;
};

/**
 * What decides whether a cycle may close or reopen: its status, whether retention has deleted from
 * it, and its unfinished moderations and draft audits. Only the newest revision of a plan's
 * moderation can be unsigned (migration 0004), so an amendment in progress counts too. Locks the
 * cycle row for the rest of the transaction when `forUpdate`, so a close and a reopen queue.
 */
export async function cycleClosingRow(
  db: SqlRunner,
  cycleId: string,
  forUpdate = false,
): Promise<CycleClosingRow | undefined> {
  if (forUpdate) await db.query('SELECT 1 FROM cycles WHERE id = $1 FOR UPDATE', [cycleId]);
  const [row] = await db.query<CycleClosingRow>(
    `SELECT c.status, c.retention_applied_at,
       (SELECT count(*)::int FROM moderations m WHERE m.cycle_id = c.id AND m.status = 'open') AS open_moderations,
       (SELECT count(*)::int FROM moderations m WHERE m.cycle_id = c.id AND m.status = 'agreed') AS agreed_moderations,
       (SELECT count(*)::int FROM audits a WHERE a.cycle_id = c.id AND a.status = 'draft') AS draft_audits
     FROM cycles c WHERE c.id = $1`,
    [cycleId],
  );
  return row;
}

/** Opens or closes a cycle: the column the sync engine and retention read, and the cycle's record. */
export async function setCycleStatus(db: SqlRunner, cycleId: string, status: Cycle['status']): Promise<Cycle> {
  const [row] = await db.query<{ doc: Cycle }>(
    `UPDATE cycles SET status = $2, doc = jsonb_set(doc, '{status}', to_jsonb($2::text)), updated_at = now()
     WHERE id = $1 RETURNING doc`,
    [cycleId, status],
  );
  if (!row) throw new Error(`cycle ${cycleId} vanished inside its own transaction`);
  return row.doc;
}

/** Marks the cycles retention has just deleted records from, so none of them can reopen. */
export async function markRetentionApplied(db: SqlRunner, cycleIds: readonly string[], at: Date): Promise<void> {
  if (cycleIds.length === 0) return;
  await db.query(
    `UPDATE cycles SET retention_applied_at = coalesce(retention_applied_at, $2) WHERE id = ANY ($1::text[])`,
    [cycleIds, at],
  );
}
