// The council's settings row (kind "settings", id "council" in the sync feed): read by the sync
// engine and the settings service alike, written only by the service.
import { SETTINGS_KEY } from '#shared/records/simple-kinds.ts';
import { CouncilSettingsSchema, DEFAULT_COUNCIL_SETTINGS, type CouncilSettings } from '#shared/schemas/settings.ts';
import type { SqlRunner } from './sql-client.ts';

export { SETTINGS_KEY };

/** The settings as stored, or the defaults until an admin sets them. */
export async function getSettings(db: SqlRunner, forUpdate = false): Promise<CouncilSettings> {
  const rows = await db.query<{ doc: unknown }>(
    `SELECT doc FROM settings WHERE key = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [SETTINGS_KEY],
  );
  const parsed = CouncilSettingsSchema.safeParse(rows[0]?.doc);
  return parsed.success ? parsed.data : DEFAULT_COUNCIL_SETTINGS;
}

/** Stores the settings; the first ever write has no row to lock, hence the upsert. */
export async function saveSettings(db: SqlRunner, actorId: string, settings: CouncilSettings): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, doc, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, now())
     ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [SETTINGS_KEY, JSON.stringify(settings), actorId],
  );
}

/** The enabled parent-carer representatives: who a change to their redaction setting reaches. */
export async function activeParentRepIds(db: SqlRunner): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM users WHERE 'parent-rep' = ANY (roles) AND NOT disabled ORDER BY id",
  );
  return rows.map((row) => row.id);
}
