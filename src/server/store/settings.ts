// The council's settings row (kind "settings", id "council" in the sync feed): read by the sync
// engine and the settings service alike, written only by the service.
import { SETTINGS_KEY } from '#shared/records/simple-kinds.ts';
import { CouncilSettingsSchema, DEFAULT_COUNCIL_SETTINGS, type CouncilSettings } from '#shared/schemas/settings.ts';
import type { SqlRunner } from './sql-client.ts';

export { SETTINGS_KEY };

/** The settings as stored, or the defaults until an admin sets them. */
export async function getSettings(db: SqlRunner, forUpdate = false): Promise<CouncilSettings> {
  const parsed = CouncilSettingsSchema.safeParse((await readSettingsRow(db, SETTINGS_KEY, forUpdate))?.doc);
  return parsed.success ? parsed.data : DEFAULT_COUNCIL_SETTINGS;
}

/** One settings row as stored (its document unparsed), or undefined while the defaults apply. */
export async function readSettingsRow(
  db: SqlRunner,
  key: string,
  forUpdate = false,
): Promise<{ doc: unknown; updated_at: Date } | undefined> {
  const rows = await db.query<{ doc: unknown; updated_at: Date }>(
    `SELECT doc, updated_at FROM settings WHERE key = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [key],
  );
  return rows[0];
}

/** Stores one settings row; the first ever write has no row to lock, hence the upsert. */
export async function writeSettingsRow(db: SqlRunner, key: string, doc: unknown, actorId: string): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, doc, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, now())
     ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [key, JSON.stringify(doc), actorId],
  );
}

/** Stores the council's settings. */
export async function saveSettings(db: SqlRunner, actorId: string, settings: CouncilSettings): Promise<void> {
  await writeSettingsRow(db, SETTINGS_KEY, settings, actorId);
}

/** The enabled parent-carer representatives: who a change to their redaction setting reaches. */
export async function activeParentRepIds(db: SqlRunner): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM users WHERE 'parent-rep' = ANY (roles) AND NOT disabled ORDER BY id",
  );
  return rows.map((row) => row.id);
}
