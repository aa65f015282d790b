// Retention: removes what the council's periods say is past keeping. Audits (every revision) and
// moderations (with their actions, panel and links) of CLOSED cycles whose period ended more than
// the period ago are deleted; audit-log entries older than the log's period are deleted, except
// those about an open cycle's records. Nothing of an open cycle is ever touched. Devices holding a
// removed record are told it is gone on their next pull; the run itself is written to the log.
import type { RetentionReport } from '#shared/protocol/data-protection-api.ts';
import type { RetentionSettings } from '#shared/schemas/data-protection.ts';
import { appendLog } from '../store/audit-log.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { markRetentionApplied } from '../store/cycles.ts';
import { restampRecords } from '../store/feed.ts';
import { getRetentionSettings } from './data-protection-settings.ts';

/** The calendar date `months` before `now` (UTC), clamped to the month's last day (31 March - 1 month = 28/29 February). */
export function monthsBefore(now: Date, months: number): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(now.getUTCDate(), lastDay),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
}

// A closed cycle whose period ended before the cutoff. The period's end, not when the audit was
// written, is what a council's retention schedule counts from ("N months after the audit cycle").
const CLOSED_AND_PAST = `c.status = 'closed' AND (c.doc->>'periodEnd')::date < $1::timestamptz::date`;

// Every record id that belongs to an open cycle, whichever kind of log entry names it.
const OPEN_CYCLE_RECORDS = `
  SELECT c.id AS record_id FROM cycles c WHERE c.status = 'open'
  UNION ALL SELECT s.id FROM assignments s JOIN cycles c ON c.id = s.cycle_id WHERE c.status = 'open'
  UNION ALL SELECT s.plan_ref FROM assignments s JOIN cycles c ON c.id = s.cycle_id WHERE c.status = 'open'
  UNION ALL SELECT a.id FROM audits a JOIN cycles c ON c.id = a.cycle_id WHERE c.status = 'open'
  UNION ALL SELECT m.id::text FROM moderations m JOIN cycles c ON c.id = m.cycle_id WHERE c.status = 'open'`;

type AuditRow = { id: string; cycle_id: string; plan_ref: string; revision: number; status: string };
type ModerationRow = AuditRow & { actions: number; is_kept: boolean };

/** What retention would remove now; reads only. */
export async function planRetention(db: SqlRunner, settings: RetentionSettings, now: Date): Promise<RetentionReport> {
  const report: RetentionReport = {
    isDryRun: true,
    at: now.toISOString(),
    settings,
    audits: [],
    moderations: [],
    keptForOpenReAudits: [],
    auditLog: { entries: 0, oldest: null, newest: null },
  };
  if (settings.auditsMonths !== null) {
    const cutoff = monthsBefore(now, settings.auditsMonths);
    const rows = await db.query<AuditRow>(
      `SELECT a.id, a.cycle_id, a.plan_ref, a.revision, a.status
       FROM audits a JOIN cycles c ON c.id = a.cycle_id
       WHERE ${CLOSED_AND_PAST} AND a.updated_at < $1
       ORDER BY a.cycle_id, a.plan_ref, a.id`,
      [cutoff],
    );
    report.audits = rows.map((r) => ({
      id: r.id,
      cycleId: r.cycle_id,
      planRef: r.plan_ref,
      revision: r.revision,
      status: r.status,
    }));
  }
  if (settings.moderationsMonths !== null) {
    const cutoff = monthsBefore(now, settings.moderationsMonths);
    // A re-audit in an open cycle shows the grade the plan had before; its moderation stays until
    // that cycle closes, so an open cycle's record never loses what it points at.
    const rows = await db.query<ModerationRow>(
      `SELECT m.id::text AS id, m.cycle_id, m.plan_ref, m.revision, m.status,
         coalesce((SELECT count(*) FROM jsonb_object_keys(coalesce(m.doc->'actions', '{}'::jsonb))), 0)::int AS actions,
         EXISTS (SELECT 1 FROM re_audits r JOIN cycles rc ON rc.id = r.cycle_id
           WHERE r.source_moderation_id = m.id AND rc.status = 'open') AS is_kept
       FROM moderations m JOIN cycles c ON c.id = m.cycle_id
       WHERE ${CLOSED_AND_PAST} AND m.updated_at < $1
       ORDER BY m.cycle_id, m.plan_ref, m.revision`,
      [cutoff],
    );
    report.moderations = rows
      .filter((r) => !r.is_kept)
      .map((r) => ({
        id: r.id,
        cycleId: r.cycle_id,
        planRef: r.plan_ref,
        revision: r.revision,
        status: r.status,
        actions: r.actions,
      }));
    report.keptForOpenReAudits = rows.filter((r) => r.is_kept).map((r) => r.id);
  }
  if (settings.auditLogMonths !== null) {
    const cutoff = monthsBefore(now, settings.auditLogMonths);
    const [summary] = await db.query<{ entries: number; oldest: Date | null; newest: Date | null }>(
      `SELECT count(*)::int AS entries, min(at) AS oldest, max(at) AS newest
       FROM audit_log WHERE at < $1 AND entity_id NOT IN (${OPEN_CYCLE_RECORDS})`,
      [cutoff],
    );
    report.auditLog = {
      entries: summary?.entries ?? 0,
      oldest: summary?.oldest ? new Date(summary.oldest).toISOString() : null,
      newest: summary?.newest ? new Date(summary.newest).toISOString() : null,
    };
  }
  return report;
}

export const isNothingToRemove = (report: RetentionReport): boolean =>
  report.audits.length === 0 && report.moderations.length === 0 && report.auditLog.entries === 0;

/**
 * Removes what planRetention finds, inside the caller's transaction (all or nothing), and logs it.
 * The SET LOCAL is the one way past the triggers that keep submitted audits, signed-off moderations
 * and the log unchanged (migration 0008): it lets DELETEs through, and ends with this transaction.
 */
export async function applyRetention(
  tx: SqlRunner,
  now: Date,
  options: { actorId?: string | null; trigger: 'schedule' | 'command' },
): Promise<RetentionReport> {
  const settings = await getRetentionSettings(tx);
  const plan = await planRetention(tx, settings, now);
  const report: RetentionReport = { ...plan, isDryRun: false };
  if (isNothingToRemove(report)) return report;

  await tx.query("SELECT set_config('app.retention', 'on', true)");
  const auditIds = report.audits.map((a) => a.id);
  const moderationIds = report.moderations.map((m) => m.id);
  if (moderationIds.length > 0 || auditIds.length > 0) {
    await tx.query(
      'DELETE FROM moderation_audits WHERE audit_id = ANY ($1::text[]) OR moderation_id::text = ANY ($2::text[])',
      [auditIds, moderationIds],
    );
  }
  if (moderationIds.length > 0) {
    await tx.query('DELETE FROM moderation_participants WHERE moderation_id::text = ANY ($1::text[])', [moderationIds]);
    // Only re-audits in closed cycles point here (planRetention kept the others' moderations).
    await tx.query('DELETE FROM re_audits WHERE source_moderation_id::text = ANY ($1::text[])', [moderationIds]);
    await tx.query('DELETE FROM moderations WHERE id::text = ANY ($1::text[])', [moderationIds]);
  }
  if (auditIds.length > 0) await tx.query('DELETE FROM audits WHERE id = ANY ($1::text[])', [auditIds]);
  if (settings.auditLogMonths !== null && report.auditLog.entries > 0) {
    await tx.query(`DELETE FROM audit_log WHERE at < $1 AND entity_id NOT IN (${OPEN_CYCLE_RECORDS})`, [
      monthsBefore(now, settings.auditLogMonths),
    ]);
  }
  await tx.query("SELECT set_config('app.retention', 'off', true)");
  // A cycle that has lost records can never be reopened (services/cycle-closing.ts).
  await markRetentionApplied(tx, [...new Set([...report.audits, ...report.moderations].map((r) => r.cycleId))], now);

  // Devices that hold a removed record are told it is gone.
  await restampRecords(tx, 'audit', auditIds);
  await restampRecords(tx, 'moderation', moderationIds);
  // After the deletes, so the log's own period never removes this entry in the same run.
  await appendLog(tx, {
    actorId: options.actorId ?? null,
    action: 'retention.apply',
    entityKind: 'retention',
    entityId: now.toISOString().slice(0, 10),
    after: {
      trigger: options.trigger,
      settings,
      audits: report.audits.map((a) => ({ id: a.id, cycleId: a.cycleId, planRef: a.planRef, revision: a.revision })),
      moderations: report.moderations.map((m) => ({
        id: m.id,
        cycleId: m.cycleId,
        planRef: m.planRef,
        revision: m.revision,
        actions: m.actions,
      })),
      auditLog: report.auditLog,
    },
  });
  return report;
}

/** One line for a log or a job's last result. */
export function summariseRetention(report: RetentionReport): string {
  const verb = report.isDryRun ? 'would remove' : 'removed';
  const actions = report.moderations.reduce((sum, m) => sum + m.actions, 0);
  return (
    `retention ${verb} ${report.audits.length} audit(s), ${report.moderations.length} moderation(s) ` +
    `with ${actions} action(s), ${report.auditLog.entries} audit-log entr${report.auditLog.entries === 1 ? 'y' : 'ies'}`
  );
}
