// Reads the records of each synced kind by id, as stored: what a pull loads once the feed has
// named them and their visibility is checked. Shaping them for the reader (redaction, an auditor's
// view of a cycle) is the sync engine's (sync/pull.ts). A new kind adds its reader here.
import type { EntityKind, RecordData } from '#shared/records/index.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import type { FeedbackCall } from '#shared/schemas/feedback.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import { ASSIGNMENT_COLUMNS, toAssignment, type AssignmentRow } from './cycles.ts';
import { SETTINGS_KEY } from './settings.ts';
import type { SqlRunner } from './sql-client.ts';
import { PUBLIC_USER_COLUMNS, toUser, type PublicUserRow } from './users.ts';

/** Reads shared by the kinds of one pull: the council's settings, read at most once. */
export type PullReads = { settings: () => Promise<CouncilSettings> };

export type Reader<K extends EntityKind> = (
  db: SqlRunner,
  ids: readonly string[],
  reads: PullReads,
) => Promise<Map<string, RecordData<K>>>;

export const RECORD_READERS: { [K in EntityKind]: Reader<K> } = {
  user: async (db, ids) => {
    const rows = await db.query<PublicUserRow>(`SELECT ${PUBLIC_USER_COLUMNS} FROM users WHERE id = ANY ($1::text[])`, [
      ids,
    ]);
    return new Map(rows.map((row) => [row.id, toUser(row)]));
  },
  framework: async (db, ids) => {
    const rows = await db.query<{ key: string; doc: Framework }>(
      `SELECT id || '@' || version AS key, doc FROM frameworks
       WHERE status = 'published' AND id || '@' || version = ANY ($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.key, row.doc]));
  },
  plan: async (db, ids) => {
    const rows = await db.query<{ ref: string; attributes: PlanAttributes }>(
      'SELECT ref, attributes FROM plans WHERE ref = ANY ($1::text[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.ref, { ref: row.ref, attributes: row.attributes }]));
  },
  cycle: async (db, ids) => {
    const rows = await db.query<{ id: string; doc: Cycle }>('SELECT id, doc FROM cycles WHERE id = ANY ($1::text[])', [
      ids,
    ]);
    return new Map(rows.map((row) => [row.id, row.doc]));
  },
  assignment: async (db, ids) => {
    const rows = await db.query<AssignmentRow>(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments WHERE id = ANY ($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, toAssignment(row)]));
  },
  audit: async (db, ids) => {
    const rows = await db.query<{ id: string; doc: Audit }>('SELECT id, doc FROM audits WHERE id = ANY ($1::text[])', [
      ids,
    ]);
    return new Map(rows.map((row) => [row.id, row.doc]));
  },
  moderation: async (db, ids) => {
    const rows = await db.query<{ id: string; doc: Moderation }>(
      'SELECT id::text AS id, doc FROM moderations WHERE id::text = ANY ($1::text[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.doc]));
  },
  settings: async (_db, ids, reads) =>
    ids.includes(SETTINGS_KEY) ? new Map([[SETTINGS_KEY, await reads.settings()]]) : new Map(),
  'feedback-call': async (db, ids) => {
    const rows = await db.query<{ id: string; doc: FeedbackCall }>(
      'SELECT id, doc FROM feedback_calls WHERE id = ANY ($1::text[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.doc]));
  },
};

/** The plans of these cycles a person audits or is invited to moderate, by cycle. */
export async function plansOfPersonInCycles(
  db: SqlRunner,
  userId: string,
  cycleIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const rows = await db.query<{ cycle_id: string; plan_ref: string }>(
    `SELECT cycle_id, plan_ref FROM assignments WHERE auditor_id = $1 AND cycle_id = ANY ($2::text[])
     UNION SELECT cycle_id, plan_ref FROM parent_rep_invitations WHERE user_id = $1 AND cycle_id = ANY ($2::text[])`,
    [userId, cycleIds],
  );
  const plans = new Map<string, Set<string>>();
  for (const row of rows) plans.set(row.cycle_id, (plans.get(row.cycle_id) ?? new Set()).add(row.plan_ref));
  return plans;
}

export type AuditorNumber = { cycleId: string; planRef: string; auditorId: string; n: number };

/** The assigned auditors of these plans in these cycles, numbered 1, 2… per plan in agency order. */
export async function auditorNumbers(
  db: SqlRunner,
  cycleIds: readonly string[],
  planRefs: readonly string[],
): Promise<AuditorNumber[]> {
  const rows = await db.query<{ cycle_id: string; plan_ref: string; auditor_id: string; n: number }>(
    `SELECT cycle_id, plan_ref, auditor_id,
       row_number() OVER (PARTITION BY cycle_id, plan_ref ORDER BY agency, auditor_id)::int AS n
     FROM assignments WHERE cycle_id = ANY ($1::text[]) AND plan_ref = ANY ($2::text[])`,
    [cycleIds, planRefs],
  );
  return rows.map((r) => ({ cycleId: r.cycle_id, planRef: r.plan_ref, auditorId: r.auditor_id, n: r.n }));
}
