// Applies what the server sent in a pull, in one transaction with the new cursor, so a pull is
// either wholly on the device or not at all. An audit with changes still on this device keeps
// them on top of the server's copy: the server's record never overwrites unsent work. Moderations
// merge the same way (moderation-repository.ts); the council's settings are one record, "council".
import type { Change } from '#shared/protocol/sync.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import { readField, writeField } from './audit-changes.ts';
import { getDatabase, type AuditDatabase } from './db.ts';
import { getSyncMeta } from './meta.ts';
import { deletePulledModeration, storePulledModeration } from './moderation-repository.ts';
import { forgetCachedFrameworks } from './reference-data.ts';
import { AuditRecordSchema, OutboxEntrySchema } from './records.ts';

async function mergeAudit(db: AuditDatabase, server: Audit): Promise<Audit> {
  const entries = (await db.outbox.where('auditId').equals(server.id).toArray()).map((e) => OutboxEntrySchema.parse(e));
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

async function hasLocalWork(db: AuditDatabase, auditId: string): Promise<boolean> {
  return (await db.outbox.where('auditId').equals(auditId).count()) > 0;
}

async function applyChange(db: AuditDatabase, change: Change): Promise<void> {
  switch (change.kind) {
    case 'framework':
      if (change.deleted || !change.data) await db.frameworks.delete(change.id);
      else
        await db.frameworks.put({
          key: change.id,
          frameworkId: change.data.id,
          version: change.data.version ?? 0,
          data: change.data,
        });
      return;
    case 'plan':
      if (change.deleted || !change.data) await db.plans.delete(change.id);
      else await db.plans.put({ key: change.id, ref: change.data.ref, data: change.data });
      return;
    case 'cycle':
      if (change.deleted || !change.data) await db.cycles.delete(change.id);
      else await db.cycles.put({ key: change.id, data: change.data });
      return;
    case 'assignment':
      if (change.deleted || !change.data) await db.assignments.delete(change.id);
      else
        await db.assignments.put({
          key: change.id,
          cycleId: change.data.cycleId,
          planRef: change.data.planRef,
          data: change.data,
        });
      return;
    case 'user':
      if (change.deleted || !change.data) await db.users.delete(change.id);
      else await db.users.put({ key: change.id, data: change.data });
      return;
    case 'audit': {
      if (change.deleted || !change.data) {
        if (!(await hasLocalWork(db, change.id))) await db.audits.delete(change.id);
        return;
      }
      const audit = await mergeAudit(db, change.data);
      await db.audits.put(
        AuditRecordSchema.parse({ id: audit.id, cycleId: audit.cycleId, planRef: audit.planRef, audit }),
      );
      return;
    }
    case 'moderation':
      if (change.deleted || !change.data) await deletePulledModeration(db, change.id);
      else await storePulledModeration(db, change.data);
      return;
    case 'settings':
      // One record for the whole council; the key is fixed whatever id the server uses.
      if (change.deleted || !change.data) await db.settings.delete('council');
      else await db.settings.put({ key: 'council', data: change.data });
      return;
  }
}

export async function applyPull(
  changes: Change[],
  cursor: string,
  now: string = new Date().toISOString(),
): Promise<void> {
  const db = getDatabase();
  await db.transaction(
    'rw',
    [
      db.frameworks,
      db.plans,
      db.cycles,
      db.assignments,
      db.users,
      db.audits,
      db.outbox,
      db.meta,
      db.moderations,
      db.settings,
    ],
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
