// Starting a new draft version from an existing one: the next free version number, stored on the
// server at once, or kept on this device when offline so the author can carry on.
import type { Framework } from '#shared/schemas/framework.ts';
import type { FrameworkApi } from '#web/sync/framework-api.ts';
import { writeStoredDraft } from './editor-model.ts';
import { isOffline } from './editor-state.tsx';

export type NewDraft = { id: string; version: number; isLocalOnly: boolean };

export async function createDraftFrom(api: FrameworkApi, source: Framework): Promise<NewDraft> {
  const versions = (await api.list()).filter((s) => s.id === source.id).map((s) => s.version);
  const version = Math.max(0, source.version ?? 0, ...versions) + 1;
  const doc: Framework = { ...structuredClone(source), version, status: 'draft' };
  try {
    const saved = await api.saveDraft(doc);
    return { id: saved.id, version: saved.version ?? version, isLocalOnly: false };
  } catch (error) {
    if (!isOffline(error)) throw error;
    writeStoredDraft(source.id, version, {
      doc,
      jsonTexts: {},
      isLocalOnly: true,
      updatedAt: new Date().toISOString(),
    });
    return { id: source.id, version, isLocalOnly: true };
  }
}
