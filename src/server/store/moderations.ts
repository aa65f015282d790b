// Moderations in the database (migration 0004): reading them, and writing one together with its
// participant and audit-reference rows, its audit-log entry and the sync feed, so that who may see
// it (QA leads, auditors once signed off, invited parent-carer representatives) stays true.
import type { Agency } from '#shared/schemas/framework.ts';
import type { Moderation, ModerationStatus } from '#shared/schemas/moderation.ts';
import { CLAIM, CLAIMED, type Claim } from './applied-mutations.ts';
import { appendLog } from './audit-log.ts';
import { grantVisible, restampRecord } from './feed.ts';
import type { SqlRunner } from './sql-client.ts';

export type ModerationRow = { id: string; doc: Moderation };

/** The moderation with this id; locked for the rest of the transaction when `forUpdate`. */
export async function getModeration(db: SqlRunner, id: string, forUpdate = false): Promise<Moderation | undefined> {
  const rows = await db.query<{ doc: Moderation }>(
    `SELECT doc FROM moderations WHERE id = $1::uuid${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0]?.doc;
}

/** Every revision of a plan's moderation in a cycle, latest first. */
export async function moderationRevisions(db: SqlRunner, cycleId: string, planRef: string): Promise<Moderation[]> {
  const rows = await db.query<{ doc: Moderation }>(
    'SELECT doc FROM moderations WHERE cycle_id = $1 AND plan_ref = $2 ORDER BY revision DESC',
    [cycleId, planRef],
  );
  return rows.map((row) => row.doc);
}

/** The moderations of a cycle, every revision, for reports: signed off or not, by plan then revision. */
export async function listModerations(db: SqlRunner, cycleId: string): Promise<Moderation[]> {
  const rows = await db.query<{ doc: Moderation }>(
    'SELECT doc FROM moderations WHERE cycle_id = $1 ORDER BY plan_ref, revision',
    [cycleId],
  );
  return rows.map((row) => row.doc);
}

/** The users invited as parent-carer representatives (participants with that role and a user id). */
export const invitedParentReps = (moderation: Moderation | undefined): string[] =>
  moderation
    ? [
        ...new Set(
          Object.values(moderation.participants).flatMap((p) =>
            p.role === 'parent-rep' && p.userId !== undefined ? [p.userId] : [],
          ),
        ),
      ]
    : [];

export type ModerationLog = { actorId: string; action: string; before?: unknown; after?: unknown };

/**
 * Inserts (`previous` undefined) or updates a moderation, rewrites its participant rows, logs it,
 * and re-stamps it for everyone who may see it. Parent-carer representatives invited or
 * uninvited by this write get their whole view brought up to date: the plan, cycle, framework and
 * audits come and go with the invitation.
 */
export async function writeModeration(
  tx: SqlRunner,
  moderation: Moderation,
  log: ModerationLog,
  previous?: Moderation,
): Promise<void> {
  if (previous) {
    await tx.query(
      `UPDATE moderations SET doc = $2::jsonb, status = $3, updated_at = $4, signed_off_at = $5
       WHERE id = $1::uuid`,
      [
        moderation.id,
        JSON.stringify(moderation),
        moderation.status,
        new Date(moderation.updatedAt),
        moderation.signedOffAt === undefined ? null : new Date(moderation.signedOffAt),
      ],
    );
  } else {
    await tx.query(
      `INSERT INTO moderations (id, cycle_id, plan_ref, revision, status, doc, opened_by, created_at, updated_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7, $8, $8)`,
      [
        moderation.id,
        moderation.cycleId,
        moderation.planRef,
        moderation.revision,
        moderation.status,
        JSON.stringify(moderation),
        moderation.openedBy,
        new Date(moderation.updatedAt),
      ],
    );
    await tx.query(
      `INSERT INTO moderation_audits (moderation_id, audit_id)
       SELECT $1::uuid, audit_id FROM unnest($2::text[]) AS refs (audit_id)`,
      [moderation.id, moderation.auditRefs.map((ref) => ref.auditId)],
    );
  }
  const participants = Object.entries(moderation.participants);
  const participantsChanged =
    !previous || JSON.stringify(previous.participants) !== JSON.stringify(moderation.participants);
  if (participantsChanged) {
    if (previous) await tx.query('DELETE FROM moderation_participants WHERE moderation_id = $1::uuid', [moderation.id]);
    await tx.query(
      `INSERT INTO moderation_participants (moderation_id, participant_id, user_id, role)
       SELECT $1::uuid, id, user_id, role FROM unnest($2::text[], $3::text[], $4::text[]) AS p (id, user_id, role)`,
      [
        moderation.id,
        participants.map(([id]) => id),
        participants.map(([, p]) => p.userId ?? null),
        participants.map(([, p]) => p.role),
      ],
    );
  }
  await appendLog(tx, { ...log, entityKind: 'moderation', entityId: moderation.id });
  await restampRecord(tx, 'moderation', moderation.id);
  const before = new Set(invitedParentReps(previous));
  const after = new Set(invitedParentReps(moderation));
  for (const userId of new Set([...before, ...after])) {
    if (before.has(userId) !== after.has(userId) || !previous) await grantVisible(tx, userId);
  }
}

export type LatestModeration = { id: string; planRef: string; status: ModerationStatus; doc: Moderation };

/** The latest revision of each plan's moderation in a cycle (or of those with one status), by plan. */
export async function latestModerations(
  db: SqlRunner,
  cycleId: string,
  only?: 'signed-off' | 'agreed',
): Promise<Map<string, LatestModeration>> {
  const rows = await db.query<{ id: string; plan_ref: string; status: ModerationStatus; doc: Moderation }>(
    `SELECT DISTINCT ON (plan_ref) id::text AS id, plan_ref, status, doc FROM moderations
     WHERE cycle_id = $1 AND ($2::text IS NULL OR status = $2)
     ORDER BY plan_ref, revision DESC`,
    [cycleId, only ?? null],
  );
  return new Map(rows.map((r) => [r.plan_ref, { id: r.id, planRef: r.plan_ref, status: r.status, doc: r.doc }]));
}

/** Claims the mutation and locks the moderation, in one statement. */
export async function claimAndLockModeration(
  tx: SqlRunner,
  claim: Claim,
  moderationId: string,
): Promise<{ claimed: number; doc: Moderation | null } | undefined> {
  const [found] = await tx.query<{ claimed: number; doc: Moderation | null }>(
    `${CLAIM}
     SELECT ${CLAIMED}, m.doc
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (SELECT doc FROM moderations WHERE id = $6::uuid FOR UPDATE) m ON true`,
    [...claim, moderationId],
  );
  return found;
}

/**
 * Claims the mutation and reads the cycle's framework and status, in one statement, share-locking
 * the cycle's row: closing it locks it for update, so a close and a moderation.open queue.
 */
export async function claimCycle(
  tx: SqlRunner,
  claim: Claim,
  cycleId: string,
): Promise<
  | { claimed: number; cycle_id: string | null; framework_id: string; framework_version: number; cycle_status: string }
  | undefined
> {
  const [found] = await tx.query<{
    claimed: number;
    cycle_id: string | null;
    framework_id: string;
    framework_version: number;
    cycle_status: string;
  }>(
    `${CLAIM}
     SELECT ${CLAIMED}, c.id AS cycle_id, c.framework_id, c.framework_version, c.status AS cycle_status
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (SELECT id, framework_id, framework_version, status FROM cycles WHERE id = $6 FOR SHARE) c
       ON true`,
    [...claim, cycleId],
  );
  return found;
}

/** A cycle's status, its row share-locked to the end of the transaction (see claimCycle). */
export async function lockCycleStatus(tx: SqlRunner, cycleId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ status: string }>('SELECT status FROM cycles WHERE id = $1 FOR SHARE', [cycleId]);
  return row?.status;
}

/** The moderation with this id and every revision of the plan's moderation in the cycle, locked, latest first. */
export async function lockModerationsOfPlan(
  tx: SqlRunner,
  moderationId: string,
  cycleId: string,
  planRef: string,
): Promise<{ doc: Moderation }[]> {
  return tx.query<{ doc: Moderation }>(
    `SELECT doc FROM moderations WHERE id = $1::uuid OR (cycle_id = $2 AND plan_ref = $3)
     ORDER BY revision DESC FOR UPDATE`,
    [moderationId, cycleId, planRef],
  );
}

/** Each assignment of the plan in the cycle with its latest submitted audit (null while none is). */
export async function latestSubmittedAuditsOfPlan(
  tx: SqlRunner,
  cycleId: string,
  planRef: string,
): Promise<{ agency: Agency; auditor_id: string; audit_id: string | null; revision: number | null }[]> {
  return tx.query<{ agency: Agency; auditor_id: string; audit_id: string | null; revision: number | null }>(
    `SELECT s.agency, s.auditor_id, a.id AS audit_id, a.revision
     FROM assignments s
     LEFT JOIN LATERAL (SELECT id, revision FROM audits
       WHERE assignment_id = s.id AND status = 'submitted' ORDER BY revision DESC LIMIT 1) a ON true
     WHERE s.cycle_id = $1 AND s.plan_ref = $2
     ORDER BY s.agency, s.auditor_id`,
    [cycleId, planRef],
  );
}
