// The council's settings: one record, read by everyone signed in, changed by admins. A change
// reaches every device through the sync feed (kind "settings", id "council").
import { CouncilSettingsSchema, DEFAULT_COUNCIL_SETTINGS, type CouncilSettings } from '#shared/schemas/settings.ts';
import { appendLog } from '../store/audit-log.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { grantVisible, restampRecord, restampVisibleKinds } from '../sync/feed.ts';

export const SETTINGS_KEY = 'council';

/** The settings as stored, or the defaults until an admin sets them. */
export async function getSettings(db: SqlRunner, forUpdate = false): Promise<CouncilSettings> {
  const rows = await db.query<{ doc: unknown }>(
    `SELECT doc FROM settings WHERE key = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [SETTINGS_KEY],
  );
  const parsed = CouncilSettingsSchema.safeParse(rows[0]?.doc);
  return parsed.success ? parsed.data : DEFAULT_COUNCIL_SETTINGS;
}

/**
 * Stores the settings with an audit-log entry and re-stamps them for everyone. Turning auditors'
 * names on or off for parent-carer representatives changes what they receive of audits,
 * moderations and accounts, so those are re-stamped (or withdrawn) for them too.
 */
export async function putSettings(db: SqlClient, actorId: string, settings: CouncilSettings): Promise<CouncilSettings> {
  return db.transaction(async (tx) => {
    // Serialises concurrent changes; the first ever write has no row to lock, hence the upsert.
    const before = await getSettings(tx, true);
    await tx.query(
      `INSERT INTO settings (key, doc, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, now())
       ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [SETTINGS_KEY, JSON.stringify(settings), actorId],
    );
    await appendLog(tx, {
      actorId,
      action: 'settings.update',
      entityKind: 'settings',
      entityId: SETTINGS_KEY,
      before,
      after: settings,
    });
    await restampRecord(tx, 'settings', SETTINGS_KEY);
    if (before.showAuditorNamesToParentReps !== settings.showAuditorNamesToParentReps) {
      const reps = await tx.query<{ id: string }>(
        "SELECT id FROM users WHERE 'parent-rep' = ANY (roles) AND NOT disabled ORDER BY id",
      );
      for (const rep of reps) await grantVisible(tx, rep.id);
      await restampVisibleKinds(
        tx,
        reps.map((rep) => rep.id),
        ['audit', 'moderation'],
      );
    }
    return settings;
  });
}
