// Writes and reads the per-user sync feed (migration 0002). Every write to a record calls
// restampRecord so everyone who may see it gets it on their next pull; a change in what someone
// may see (new assignment, own audit submitted, new role) calls grantVisible for them.
import { RECORD_KINDS, type EntityKind } from '#shared/records/index.ts';
import type { SqlRunner } from './sql-client.ts';

/** The feed id of a framework version, as it appears in a pull's Change.id. */
export const frameworkKey = (id: string, version: number): string => `${id}@${version}`;

const UPSERT = `ON CONFLICT (user_id, kind, record_id) DO UPDATE
  SET visible = EXCLUDED.visible, txid = EXCLUDED.txid, seq = EXCLUDED.seq`;

/** The view (a migration) that says who may see each kind of record, as the registry names it. */
export const visibleView = (kind: EntityKind): string => RECORD_KINDS[kind].visibility;

/** Re-stamps records for everyone who may now see them, and marks them gone for anyone who no longer may. */
export async function restampRecords(db: SqlRunner, kind: EntityKind, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await db.query(
    `WITH audience AS (
       SELECT DISTINCT user_id, record_id FROM ${visibleView(kind)} WHERE record_id = ANY ($2::text[]))
     INSERT INTO sync_feed (user_id, kind, record_id, visible)
     SELECT user_id, $1, record_id, true FROM audience
     UNION ALL
     SELECT f.user_id, $1, f.record_id, false FROM sync_feed f
     WHERE f.kind = $1 AND f.record_id = ANY ($2::text[]) AND f.visible
       AND NOT EXISTS (SELECT 1 FROM audience a WHERE a.user_id = f.user_id AND a.record_id = f.record_id)
     ${UPSERT}`,
    [kind, recordIds],
  );
}

export const restampRecord = (db: SqlRunner, kind: EntityKind, recordId: string): Promise<void> =>
  restampRecords(db, kind, [recordId]);

/**
 * After audits are submitted, in one statement: re-stamps each for everyone who may now see it (its
 * author, QA leads, colleagues who submitted theirs, parent-carer representatives invited to a
 * moderation that names it) and stamps colleagues' submitted audits of the same plan and cycle for
 * its author, whose blind scoring of that plan is over.
 *
 * This restates visible_audits (migration 0004) for these audits rather than filtering the view:
 * planning the view's four branches and walking its colleague branch from every submitted audit
 * was most of a bulk push's re-stamp. tests/integration/restamp-submitted.test.ts checks that it stamps what the view says.
 * The audits are looked up by the ids sent read once into an array (so by primary key: planned on
 * the array parameter, it read every submitted audit by status on each push), and QA leads are
 * listed once, not scanned for each audit.
 */
export async function restampSubmittedAudits(db: SqlRunner, auditIds: readonly string[]): Promise<void> {
  if (auditIds.length === 0) return;
  await db.query(
    `WITH submitted AS (
       SELECT a.id, a.auditor_id, a.cycle_id, a.plan_ref,
         NOT EXISTS (SELECT 1 FROM audits later WHERE later.assignment_id = a.assignment_id
           AND later.status = 'submitted' AND later.revision > a.revision) AS is_latest
       FROM audits a WHERE a.id = ANY (ARRAY(SELECT unnest($1::text[]))) AND a.status = 'submitted'),
     latest AS (SELECT * FROM submitted WHERE is_latest),
     leads AS MATERIALIZED (SELECT id FROM users WHERE 'qa-lead' = ANY (roles) AND NOT disabled),
     audience AS (
       SELECT s.auditor_id AS user_id, s.id AS record_id FROM submitted s
       JOIN users viewer ON viewer.id = s.auditor_id AND NOT viewer.disabled
       UNION ALL
       SELECT leads.id, s.id FROM latest s CROSS JOIN leads
       UNION ALL
       SELECT mine.auditor_id, s.id FROM latest s
       JOIN audits mine ON mine.cycle_id = s.cycle_id AND mine.plan_ref = s.plan_ref
         AND mine.status = 'submitted' AND mine.auditor_id <> s.auditor_id
       JOIN users viewer ON viewer.id = mine.auditor_id AND 'auditor' = ANY (viewer.roles) AND NOT viewer.disabled
       UNION ALL
       SELECT i.user_id, ma.audit_id FROM moderation_audits ma
       JOIN parent_rep_invitations i ON i.moderation_id = ma.moderation_id
       WHERE ma.audit_id = ANY (ARRAY(SELECT id FROM submitted))
       UNION ALL
       -- The author's blind scoring of the plan is over: colleagues' latest submitted audits of it.
       SELECT s.auditor_id, peer.id FROM submitted s
       JOIN users viewer ON viewer.id = s.auditor_id AND 'auditor' = ANY (viewer.roles) AND NOT viewer.disabled
       JOIN audits peer ON peer.cycle_id = s.cycle_id AND peer.plan_ref = s.plan_ref
         AND peer.status = 'submitted' AND peer.auditor_id <> s.auditor_id
       WHERE NOT EXISTS (SELECT 1 FROM audits later WHERE later.assignment_id = peer.assignment_id
         AND later.status = 'submitted' AND later.revision > peer.revision))
     INSERT INTO sync_feed (user_id, kind, record_id, visible)
     SELECT DISTINCT user_id, 'audit', record_id, true FROM audience
     ${UPSERT}`,
    [auditIds],
  );
}

export const restampSubmitted = (db: SqlRunner, audit: { id: string }): Promise<void> =>
  restampSubmittedAudits(db, [audit.id]);

/**
 * Brings one person's feed up to date with what they may see: records newly visible are stamped
 * now (so they arrive even if older than the device's cursor), records no longer visible are
 * stamped as gone. `only` limits the work to some records of one kind.
 */
export async function grantVisible(
  db: SqlRunner,
  userId: string,
  only?: { kind: EntityKind; ids: readonly string[] },
): Promise<void> {
  if (only) {
    if (only.ids.length === 0) return;
    await db.query(
      `INSERT INTO sync_feed (user_id, kind, record_id, visible)
       SELECT DISTINCT user_id, $2, record_id, true FROM ${visibleView(only.kind)}
       WHERE user_id = $1 AND record_id = ANY ($3::text[])
       ${UPSERT} WHERE NOT sync_feed.visible`,
      [userId, only.kind, only.ids],
    );
    return;
  }
  await db.query(
    `WITH now_visible AS (SELECT DISTINCT kind, record_id FROM visibility WHERE user_id = $1)
     INSERT INTO sync_feed (user_id, kind, record_id, visible)
     SELECT $1, kind, record_id, true FROM now_visible
     UNION ALL
     SELECT $1, f.kind, f.record_id, false FROM sync_feed f
     WHERE f.user_id = $1 AND f.visible
       AND NOT EXISTS (SELECT 1 FROM now_visible v WHERE v.kind = f.kind AND v.record_id = f.record_id)
     ${UPSERT} WHERE sync_feed.visible IS DISTINCT FROM EXCLUDED.visible`,
    [userId],
  );
}

export type FeedEntry = { kind: EntityKind; recordId: string; visible: boolean; txid: number; seq: number };
export type FeedPosition = { txid: number; seq: number };

/**
 * The next entries of a person's feed after `after`, oldest first. Only entries written by
 * transactions older than every transaction still running are read: any entry still to commit
 * will then sort after the cursor this page hands out, so a pull never skips it.
 */
export async function readFeed(
  db: SqlRunner,
  userId: string,
  after: FeedPosition,
  limit: number,
): Promise<FeedEntry[]> {
  const rows = await db.query<{ kind: EntityKind; record_id: string; visible: boolean; txid: number; seq: number }>(
    `SELECT kind, record_id, visible, txid, seq FROM sync_feed
     WHERE user_id = $1 AND (txid, seq) > ($2::bigint, $3::bigint)
       AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
     ORDER BY txid, seq LIMIT $4`,
    [userId, after.txid, after.seq, limit],
  );
  return rows.map((row) => ({
    kind: row.kind,
    recordId: row.record_id,
    visible: row.visible,
    txid: Number(row.txid),
    seq: Number(row.seq),
  }));
}

/**
 * Re-stamps, for each of these people, every record of these kinds they may see now: what they
 * receive changed although the records did not (the council's parent-rep redaction setting).
 */
export async function restampVisibleKinds(
  db: SqlRunner,
  userIds: readonly string[],
  kinds: readonly EntityKind[],
): Promise<void> {
  if (userIds.length === 0 || kinds.length === 0) return;
  await db.query(
    `INSERT INTO sync_feed (user_id, kind, record_id, visible)
     SELECT DISTINCT user_id, kind, record_id, true FROM visibility
     WHERE user_id = ANY ($1::text[]) AND kind = ANY ($2::text[])
     ${UPSERT}`,
    [userIds, kinds],
  );
}
