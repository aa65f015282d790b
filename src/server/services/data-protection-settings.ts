// The retention periods and the privacy notice: settings rows beside the council's ("retention",
// "privacy-notice"), not synced to devices (visible_settings names only "council"), changed by
// admins with an audit-log entry. Absent rows mean the defaults: keep everything, and the template.
import {
  DEFAULT_PRIVACY_NOTICE,
  DEFAULT_RETENTION_SETTINGS,
  PrivacyNoticeSchema,
  RetentionSettingsSchema,
  type PrivacyNotice,
  type RetentionSettings,
} from '#shared/schemas/data-protection.ts';
import type { PrivacyNoticeResponse } from '#shared/protocol/data-protection-api.ts';
import { appendLog } from '../store/audit-log.ts';
import { readSettingsRow, writeSettingsRow } from '../store/settings.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';

export const RETENTION_KEY = 'retention';
export const PRIVACY_NOTICE_KEY = 'privacy-notice';

export async function getRetentionSettings(db: SqlRunner, forUpdate = false): Promise<RetentionSettings> {
  const parsed = RetentionSettingsSchema.safeParse((await readSettingsRow(db, RETENTION_KEY, forUpdate))?.doc);
  return parsed.success ? parsed.data : DEFAULT_RETENTION_SETTINGS;
}

export async function getPrivacyNotice(db: SqlRunner): Promise<PrivacyNoticeResponse> {
  const row = await readSettingsRow(db, PRIVACY_NOTICE_KEY);
  const parsed = PrivacyNoticeSchema.safeParse(row?.doc);
  return parsed.success && row
    ? { notice: parsed.data, isCompleted: true, updatedAt: row.updated_at.toISOString() }
    : { notice: DEFAULT_PRIVACY_NOTICE, isCompleted: false, updatedAt: null };
}

async function putRow(db: SqlRunner, actorId: string, key: string, before: unknown, doc: unknown): Promise<void> {
  await writeSettingsRow(db, key, doc, actorId);
  await appendLog(db, {
    actorId,
    action: 'settings.update',
    entityKind: 'settings',
    entityId: key,
    before,
    after: doc,
  });
}

export async function putRetentionSettings(
  db: SqlClient,
  actorId: string,
  settings: RetentionSettings,
): Promise<RetentionSettings> {
  return db.transaction(async (tx) => {
    const before = await getRetentionSettings(tx, true);
    await putRow(tx, actorId, RETENTION_KEY, before, settings);
    return settings;
  });
}

export async function putPrivacyNotice(
  db: SqlClient,
  actorId: string,
  notice: PrivacyNotice,
): Promise<PrivacyNoticeResponse> {
  await db.transaction(async (tx) => {
    const before = await readSettingsRow(tx, PRIVACY_NOTICE_KEY, true);
    await putRow(tx, actorId, PRIVACY_NOTICE_KEY, before?.doc ?? null, notice);
  });
  return getPrivacyNotice(db);
}
