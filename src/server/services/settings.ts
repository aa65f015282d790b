// The council's settings: one record, read by everyone signed in, changed by admins. A change
// reaches every device through the sync feed (kind "settings", id "council").
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import { appendLog } from '../store/audit-log.ts';
import { grantVisible, restampRecord, restampVisibleKinds } from '../store/feed.ts';
import { activeParentRepIds, getSettings, saveSettings, SETTINGS_KEY } from '../store/settings.ts';
import type { SqlClient } from '../store/sql-client.ts';

export { getSettings } from '../store/settings.ts';

/**
 * Stores the settings with an audit-log entry and re-stamps them for everyone. Turning auditors'
 * names on or off for parent-carer representatives changes what they receive of audits,
 * moderations and accounts, so those are re-stamped (or withdrawn) for them too.
 */
export async function putSettings(db: SqlClient, actorId: string, settings: CouncilSettings): Promise<CouncilSettings> {
  return db.transaction(async (tx) => {
    // Serialises concurrent changes.
    const before = await getSettings(tx, true);
    await saveSettings(tx, actorId, settings);
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
      const reps = await activeParentRepIds(tx);
      for (const rep of reps) await grantVisible(tx, rep);
      await restampVisibleKinds(tx, reps, ['audit', 'moderation']);
    }
    return settings;
  });
}
