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
 * The document's text goes in as written, beside it, for pulls to send (migration 0012).
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
    ? `INSERT INTO audits (id, doc, doc_json, status, revision, updated_at, created_at, assignment_id, cycle_id,
         plan_ref, auditor_id)
       VALUES ($1, $2::text::jsonb, $2::text, $3, $4, $5, $5, $11, $12, $13, $6)`
    : `UPDATE audits SET doc = $2::text::jsonb, doc_json = $2::text, status = $3, revision = $4, updated_at = $5
       WHERE id = $1`;
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

/**
 * Claims the mutation and reads the assignment with its cycle, in one statement. The cycle's row is
 * share-locked to the end of the transaction: closing a cycle locks it for update, so a close and
 * an audit.start into the cycle queue, and neither slips past the other's check.
 */
export async function claimAssignment(
  tx: SqlRunner,
  claim: Claim,
  assignmentId: string,
): Promise<ClaimedAssignment | undefined> {
  const [assignment] = await tx.query<ClaimedAssignment>(
    `${CLAIM}
     SELECT ${CLAIMED}, s.auditor_id, s.cycle_id, s.plan_ref, s.agency, s.framework_id, s.framework_version,
       s.cycle_status
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (
       SELECT s.auditor_id, s.cycle_id, s.plan_ref, s.agency, c.framework_id, c.framework_version,
         c.status AS cycle_status
       FROM assignments s JOIN cycles c ON c.id = s.cycle_id WHERE s.id = $6 FOR SHARE OF c) s ON true`,
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

/**
 * The audit with `newAuditId` and every revision of `auditId`'s assignment, with its cycle's status,
 * latest first; the cycle's row share-locked, so a close queues behind the correction (see claimAssignment).
 */
export async function auditRevisionLine(
  tx: SqlRunner,
  newAuditId: string,
  auditId: string,
): Promise<{ id: string; doc: Audit; cycle_status: string; assignment_id: string }[]> {
  return tx.query<{ id: string; doc: Audit; cycle_status: string; assignment_id: string }>(
    `SELECT a.id, a.doc, c.status AS cycle_status, a.assignment_id FROM audits a JOIN cycles c ON c.id = a.cycle_id
     WHERE a.id = $1 OR a.assignment_id = (SELECT assignment_id FROM audits WHERE id = $2)
     ORDER BY a.revision DESC FOR SHARE OF c`,
    [newAuditId, auditId],
  );
}

/** An assignment an audit.start of a run names, with its cycle and its plan's attributes. */
export type RunAssignment = Omit<ClaimedAssignment, 'claimed'> & { id: string; attributes: PlanAttributes | null };
/** An audit a run names, by id or by assignment, locked. */
export type RunAudit = {
  id: string;
  assignment_id: string;
  auditor_id: string;
  revision: number;
  doc: Audit;
  attributes: PlanAttributes | null;
};

/**
 * What a run of audit mutations (push.ts) needs, in one statement: which of its mutation ids this
 * client has already had applied, the assignments its audit.start mutations name, and the audits it
 * names by id or by assignment, locked for the rest of the transaction, latest revision first.
 */
export async function loadAuditRun(
  tx: SqlRunner,
  run: { clientId: string; mutationIds: string[]; auditIds: string[]; assignmentIds: string[] },
): Promise<{ claimed: string[]; assignments: RunAssignment[]; audits: RunAudit[] }> {
  const [found] = await tx.query<{ claimed: string[]; assignments: RunAssignment[]; audits: RunAudit[] }>(
    // The lists are joined, not tested row by row: with `id = ANY ($3) OR assignment_id = ANY ($4)`
    // the planner scanned every audit and every assignment, comparing each with every id sent, and
    // every mutation this client ever had applied with every mutation id sent.
    `WITH locked AS (
       SELECT id, assignment_id, auditor_id, revision, doc, plan_ref FROM audits
       WHERE id = ANY (ARRAY(
         SELECT unnest($3::text[])
         UNION SELECT a.id FROM unnest($4::text[]) AS want(assignment_id) JOIN audits a USING (assignment_id)))
       FOR UPDATE),
     -- Share-locks each cycle an audit.start names, as claimAssignment does, so a close queues behind.
     starting AS (
       SELECT s.id, s.auditor_id, s.cycle_id, s.plan_ref, s.agency, c.framework_id, c.framework_version,
         c.status AS cycle_status
       FROM (SELECT DISTINCT unnest($4::text[]) AS id) AS want JOIN assignments s USING (id)
       JOIN cycles c ON c.id = s.cycle_id FOR SHARE OF c)
     SELECT
       (SELECT coalesce(json_agg(mutation_id), '[]')
        FROM unnest($2::text[]) AS sent(mutation_id) JOIN applied_mutations USING (mutation_id)
        WHERE client_id = $1) AS claimed,
       (SELECT coalesce(json_agg(json_build_object('id', s.id, 'auditor_id', s.auditor_id, 'cycle_id', s.cycle_id,
          'plan_ref', s.plan_ref, 'agency', s.agency, 'framework_id', s.framework_id,
          'framework_version', s.framework_version, 'cycle_status', s.cycle_status, 'attributes', p.attributes)), '[]')
        FROM starting s LEFT JOIN plans p ON p.ref = s.plan_ref) AS assignments,
       (SELECT coalesce(json_agg(json_build_object('id', l.id, 'assignment_id', l.assignment_id,
          'auditor_id', l.auditor_id, 'revision', l.revision, 'doc', l.doc, 'attributes', p.attributes)
          ORDER BY l.revision DESC), '[]')
        FROM locked l LEFT JOIN plans p ON p.ref = l.plan_ref) AS audits`,
    [run.clientId, run.mutationIds, run.auditIds, run.assignmentIds],
  );
  return found ?? { claimed: [], assignments: [], audits: [] };
}

/** One audit as a run leaves it: a new row (for its assignment) or the new state of an existing one. */
export type RunAuditWrite = { audit: Audit; assignmentId?: string };
/** An audit-log entry of a run, in the order its mutations came. */
export type RunLogEntry = { auditId: string; action: string; before?: unknown; after?: unknown };

/**
 * Writes what a run of one person's audit mutations applied, in one statement: the claims of the
 * applied mutations, each audit's final state, every mutation's audit-log entry in order, and the
 * author's feed row of each audit left a draft. Answers how many claims were new: fewer than sent
 * means a concurrent copy took some first, and the caller rolls the run back.
 *
 * Rows go as JSON text read as `json` (checked, not built into a tree), each document cast to
 * jsonb once, as a raw bulk insert casts its own: read as one jsonb, every row's document was
 * parsed into the whole and copied out again. Its text, as `json` keeps it, is the text pulls
 * send (doc_json, migration 0012). An update finds its audits by id (an index), not
 * by a join the planner would run as a scan of every audit. Scalar columns of the claims go as
 * arrays; documents do not, since PGlite escapes array elements in JavaScript, character by character.
 */
export async function writeAuditRun(
  tx: SqlRunner,
  run: {
    clientId: string;
    userId: string;
    claims: { mutationId: string; name: string; clientSeq: number }[];
    audits: RunAuditWrite[];
    log: RunLogEntry[];
  },
): Promise<number> {
  const row = ({ audit, assignmentId }: RunAuditWrite) => ({
    id: audit.id,
    doc: audit,
    status: audit.status,
    revision: audit.revision,
    updated_at: audit.updatedAt,
    assignment_id: assignmentId ?? null,
    cycle_id: audit.cycleId,
    plan_ref: audit.planRef,
  });
  const inserts = run.audits.filter((a) => a.assignmentId !== undefined);
  const updates = run.audits.filter((a) => a.assignmentId === undefined);
  const log = run.log.map((entry, ord) => ({
    ord,
    entity_id: entry.auditId,
    action: entry.action,
    // Left out when undefined, so the column is NULL as writeAudit leaves it, not a JSON null.
    before: entry.before,
    after: entry.after,
  }));
  const [written] = await tx.query<{ claimed: number }>(
    `WITH claims AS (
       INSERT INTO applied_mutations (client_id, mutation_id, user_id, name, client_seq)
       SELECT $1, c.mutation_id, $2, c.name, c.client_seq
       FROM unnest($3::text[], $4::text[], $5::bigint[]) AS c(mutation_id, name, client_seq)
       ON CONFLICT DO NOTHING RETURNING 1),
     inserted AS (
       INSERT INTO audits (id, doc, doc_json, status, revision, updated_at, created_at, assignment_id, cycle_id,
         plan_ref, auditor_id)
       SELECT r.id, r.doc::jsonb, r.doc::text, r.status, r.revision, r.updated_at, r.updated_at, r.assignment_id,
         r.cycle_id, r.plan_ref, $2
       FROM json_to_recordset($6::json) AS r(id text, doc json, status text, revision integer,
         updated_at timestamptz, assignment_id text, cycle_id text, plan_ref text)),
     updated AS (
       UPDATE audits a SET doc = r.doc::jsonb, doc_json = r.doc::text, status = r.status, revision = r.revision,
         updated_at = r.updated_at
       FROM json_to_recordset($7::json) AS r(id text, doc json, status text, revision integer, updated_at timestamptz)
       WHERE a.id = ANY ($8::text[]) AND a.id = r.id),
     log AS (
       INSERT INTO audit_log (actor_id, action, entity_kind, entity_id, before, after)
       SELECT $2, l.action, 'audit', l.entity_id, l.before::jsonb, l.after::jsonb
       FROM json_to_recordset($9::json) AS l(ord integer, entity_id text, action text, before json, after json)
       ORDER BY l.ord),
     feed AS (
       INSERT INTO sync_feed (user_id, kind, record_id, visible)
       SELECT $2, 'audit', id, true FROM unnest($10::text[]) AS id
       ON CONFLICT (user_id, kind, record_id) DO UPDATE
         SET visible = EXCLUDED.visible, txid = EXCLUDED.txid, seq = EXCLUDED.seq)
     SELECT (SELECT count(*) FROM claims)::int AS claimed`,
    [
      run.clientId,
      run.userId,
      run.claims.map((c) => c.mutationId),
      run.claims.map((c) => c.name),
      run.claims.map((c) => c.clientSeq),
      JSON.stringify(inserts.map(row)),
      JSON.stringify(updates.map(row)),
      updates.map(({ audit }) => audit.id),
      JSON.stringify(log),
      run.audits.flatMap(({ audit }) => (audit.status === 'draft' ? [audit.id] : [])),
    ],
  );
  return written?.claimed ?? 0;
}
