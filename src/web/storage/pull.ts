// Applies what the server sent in a pull, in one transaction with the new cursor, so a pull is
// either wholly on the device or not at all. Each kind goes to the table the registry of record
// kinds names. An audit with changes still on this device keeps them on top of the server's copy:
// the server's record never overwrites unsent work. Moderations merge the same way
// (moderation-repository.ts).
import type { Change } from '#shared/protocol/sync.ts';
import { storePulledFeedbackCall } from './feedback-repository.ts';
import { ENTITY_KINDS, RECORD_KINDS, type EditedKind } from '#shared/records/index.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import { readField, writeField } from './audit-changes.ts';
import { getDatabase, type DeviceDatabase } from './db.ts';
import { getSyncMeta } from './meta.ts';
import { deletePulledModeration, storePulledModeration } from './moderation-repository.ts';
import { forgetCachedFrameworks } from './reference-data.ts';
import { AuditRecordSchema, OutboxEntrySchema } from './records.ts';

async function mergeAudit(db: DeviceDatabase, server: Audit): Promise<Audit> {
  const entries = (await db.outbox.where('recordId').equals(server.id).toArray()).map((e) =>
    OutboxEntrySchema.parse(e),
  );
  if (entries.length === 0) return server;
  const raw = await db.audits.get(server.id);
  if (!raw) return server;
  const local = AuditRecordSchema.parse(raw).audit;
  let merged = server;
  for (const entry of entries) {
    if (entry.field) merged = writeField(merged, entry.field, readField(local, entry.field));
  }
  const isSubmitWaiting = entries.some(
    (e) => e.mutation.name === 'audit.submit' && (e.status === 'pending' || e.status === 'sending'),
  );
  if (isSubmitWaiting && local.submittedAt) merged = { ...merged, status: 'submitted', submittedAt: local.submittedAt };
  return merged;
}

async function hasLocalWork(db: DeviceDatabase, auditId: string): Promise<boolean> {
  return (await db.outbox.where('recordId').equals(auditId).count()) > 0;
}

/**
 * The kinds this device edits merge what the server sent with unsent work here; every other kind
 * is stored as sent (or removed), in the table the registry names for it.
 */
const MERGED: { [K in EditedKind]: (db: DeviceDatabase, change: Extract<Change, { kind: K }>) => Promise<void> } = {
  audit: async (db, change) => {
    if (change.deleted || !change.data) {
      if (!(await hasLocalWork(db, change.id))) await db.audits.delete(change.id);
      return;
    }
    const audit = await mergeAudit(db, change.data);
    await db.audits.put(AuditRecordSchema.parse(RECORD_KINDS.audit.device.toRow(audit.id, audit)));
  },
  moderation: async (db, change) => {
    if (change.deleted || !change.data) await deletePulledModeration(db, change.id);
    else await storePulledModeration(db, change.data);
  },
  'feedback-call': async (db, change) =>
    storePulledFeedbackCall(db, change.id, change.deleted ? undefined : change.data),
};

const isEdited = (change: Change): change is Extract<Change, { kind: EditedKind }> => change.kind in MERGED;

async function applyChange(db: DeviceDatabase, change: Change): Promise<void> {
  if (isEdited(change)) {
    if (change.kind === 'audit') await MERGED.audit(db, change);
    else if (change.kind === 'moderation') await MERGED.moderation(db, change);
    else await MERGED['feedback-call'](db, change);
    return;
  }
  const device = RECORD_KINDS[change.kind].device;
  // The change was parsed against its kind's schema, so its data is what that kind's toRow takes;
  // TypeScript cannot follow a kind from the union to its own entry of the registry.
  const toRow = device.toRow as (id: string, data: unknown) => unknown;
  const table = db.table(device.table);
  if (change.deleted || !change.data) await table.delete(device.key(change.id));
  else await table.put(toRow(change.id, change.data));
}

export async function applyPull(
  changes: Change[],
  cursor: string,
  now: string = new Date().toISOString(),
): Promise<void> {
  const db = getDatabase();
  await db.transaction(
    'rw',
    [...ENTITY_KINDS.map((kind) => RECORD_KINDS[kind].device.table), 'outbox', 'meta'],
    async () => {
      for (const change of changes) await applyChange(db, change);
      const sync = await getSyncMeta();
      await db.meta.put({ key: 'sync', value: { ...sync, cursor, lastSyncedAt: now } });
    },
  );
  if (changes.some((change) => change.kind === 'framework')) forgetCachedFrameworks();
}

export async function getPullCursor(): Promise<string | null> {
  return (await getSyncMeta()).cursor;
}
