// Whole-device operations: what a sign-out must warn about, the export of unsynced work, and the wipe.
import { getDatabase, wipeDatabase } from './db.ts';
import { forgetDeviceKey } from './device-key.ts';
import { forgetCachedFrameworks } from './reference-data.ts';
import { AuditRecordSchema, ModerationRecordSchema, OutboxEntrySchema, StoredSessionSchema } from './records.ts';

export type UnsyncedExport = {
  exportedAt: string;
  user: { id: string; email: string } | null;
  note: string;
  audits: unknown[];
  moderations: unknown[];
  changes: unknown[];
};

/** Every audit and moderation with work the server does not hold, and the queued changes themselves, as one JSON document. */
export async function exportUnsyncedWork(now: string = new Date().toISOString()): Promise<UnsyncedExport> {
  const db = getDatabase();
  return db.transaction('r', [db.outbox, db.audits, db.moderations, db.meta], async () => {
    const changes = (await db.outbox.orderBy('clientSeq').toArray()).map((e) => OutboxEntrySchema.parse(e));
    const idsOf = (isModeration: boolean) => [
      ...new Set(changes.filter((c) => (c.entity === 'moderation') === isModeration).map((c) => c.recordId)),
    ];
    const audits = (await db.audits.bulkGet(idsOf(false)))
      .filter((raw) => raw !== undefined)
      .map((raw) => AuditRecordSchema.parse(raw).audit);
    const moderations = (await db.moderations.bulkGet(idsOf(true)))
      .filter((raw) => raw !== undefined)
      .map((raw) => ModerationRecordSchema.parse(raw).moderation);
    const rawSession = await db.meta.get('session');
    const session = rawSession ? StoredSessionSchema.safeParse(rawSession.value) : undefined;
    return {
      exportedAt: now,
      user: session?.success ? { id: session.data.user.id, email: session.data.user.email } : null,
      note: 'Audit and moderation work from this device that the server had not received. Send it to your QA lead or keep it safe: it may hold personal data.',
      audits,
      moderations,
      changes: changes.map((c) => ({
        clientSeq: c.clientSeq,
        status: c.status,
        createdAt: c.createdAt,
        mutation: c.mutation,
        rejection: c.rejection,
      })),
    };
  });
}

/** Deletes everything this app keeps in IndexedDB on this device, the PIN's lock included. */
export async function wipeDevice(): Promise<void> {
  forgetCachedFrameworks();
  forgetDeviceKey();
  await wipeDatabase();
}

/** How much this origin stores, when the browser says. */
export async function estimateStorage(): Promise<{ usage: number; quota: number } | null> {
  if (!navigator.storage?.estimate) return null;
  const estimate = await navigator.storage.estimate();
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
}

/** Asks the browser not to clear our data under storage pressure. */
export async function requestPersistentStorage(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
