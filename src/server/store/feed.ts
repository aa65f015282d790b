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
 * author, QA leads, colleagues who submitted theirs) and stamps colleagues' submitted audits of
 * the same plan and cycle for its author, whose blind scoring of that plan is over.
 */
export async function restampSubmittedAudits(db: SqlRunner, auditIds: readonly string[]): Promise<void> {
  if (auditIds.length === 0) return;
  await db.query(
    // The colleagues' audits are listed first, then looked up in the view by id (an init plan the
    // view's branches filter on), not joined to it: a join computes the view for every audit.
    `WITH peers AS (
       SELECT peer.id, own.auditor_id FROM audits own
       JOIN audits peer ON peer.cycle_id = own.cycle_id AND peer.plan_ref = own.plan_ref AND peer.id <> own.id
       WHERE own.id = ANY ($1::text[]))
     INSERT INTO sync_feed (user_id, kind, record_id, visible)
     SELECT DISTINCT user_id, 'audit', record_id, true FROM visible_audits WHERE record_id = ANY ($1::text[])
     UNION
     SELECT DISTINCT v.user_id, 'audit', v.record_id, true FROM visible_audits v
     WHERE v.record_id = ANY (ARRAY(SELECT id FROM peers)) AND (v.user_id, v.record_id) IN (SELECT auditor_id, id FROM peers)
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
