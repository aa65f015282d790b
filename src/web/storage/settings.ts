// The council's settings on this device: the one reader, for reports and moderation alike, and the
// write after the server accepted new ones.
import { DEFAULT_COUNCIL_SETTINGS, type CouncilSettings } from '#shared/schemas/settings.ts';
import { logger } from '#web/services/logger.ts';
import { getDatabase } from './db.ts';
import { SettingsRecordSchema } from './records.ts';

/**
 * The settings as last pulled, or the defaults before the first pull brings them. A stored record
 * this version cannot read also gives the defaults (names hidden, small numbers withheld below 5),
 * the cautious choice, rather than leaving every report and moderation page unable to open; the
 * next pull replaces it.
 */
export async function getCouncilSettings(): Promise<CouncilSettings> {
  const raw = await getDatabase().settings.get('council');
  if (!raw) return DEFAULT_COUNCIL_SETTINGS;
  const parsed = SettingsRecordSchema.safeParse(raw);
  if (parsed.success) return parsed.data.data;
  logger.warn('The council settings on this device could not be read; using the defaults', parsed.error);
  return DEFAULT_COUNCIL_SETTINGS;
}

/** Replaces the stored settings, after the server accepted them, so reports use them at once. */
export async function storeCouncilSettings(settings: CouncilSettings): Promise<void> {
  await getDatabase().settings.put(SettingsRecordSchema.parse({ key: 'council', data: settings }));
}
