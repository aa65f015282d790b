// The outbox: changes waiting for the server, and the ones it refused. The sync client takes
// batches from here and hands back the server's answers; applied changes are the only ones deleted.
import { MAX_PUSH_BYTES, type Mutation, type MutationResult } from '#shared/protocol/sync.ts';
import { undoRejectedAuditChange } from './audit-repository.ts';
import { getDatabase } from './db.ts';
import { notifyOutboxChanged } from './events.ts';
import { ensureDevice } from './meta.ts';
import { adoptServerModeration, undoRejectedModerationChange } from './moderation-repository.ts';
import { OutboxEntrySchema, type OutboxEntry } from './records.ts';

export type OutboxSummary = {
  /** Changes not yet accepted by the server and not refused: what "waiting to sync" counts. */
  waiting: number;
  rejected: number;
  conflicts: number;
};

/** Counted by the status index alone, so the status line works on a locked device (status is not sealed). */
export async function summariseOutbox(): Promise<OutboxSummary> {
  const byStatus = getDatabase().outbox.where('status');
  const [pending, sending, rejected, conflicts] = await Promise.all(
    (['pending', 'sending', 'rejected', 'conflict'] as const).map((status) => byStatus.equals(status).count()),
  );
  return { waiting: (pending ?? 0) + (sending ?? 0), rejected: rejected ?? 0, conflicts: conflicts ?? 0 };
}

export async function listOutbox(): Promise<OutboxEntry[]> {
  const entries = await getDatabase().outbox.orderBy('clientSeq').toArray();
  return entries.map((entry) => OutboxEntrySchema.parse(entry));
}

export async function listProblems(): Promise<OutboxEntry[]> {
  const entries = await getDatabase().outbox.where('status').anyOf('rejected', 'conflict').toArray();
  return entries.map((entry) => OutboxEntrySchema.parse(entry)).sort((a, b) => a.clientSeq - b.clientSeq);
}

/** Everything on this device the server does not hold yet: the count a sign-out warns about. */
export async function countUnsynced(): Promise<number> {
  return getDatabase().outbox.count();
}

export type PushBatch = { clientId: string; mutations: Mutation[] };

/**
 * Marks the oldest waiting changes as being sent and returns them in order. A page closed mid-push
 * leaves them "sending"; releaseSending puts them back, and the server's idempotency by mutation id
 * makes the resend harmless.
 */
export async function takeBatch(
  max: number,
  now: string = new Date().toISOString(),
  maxBytes: number = MAX_PUSH_BYTES - 64 * 1024,
): Promise<PushBatch | null> {
  const db = getDatabase();
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const device = await ensureDevice(db);
    const raw = await db.outbox.where('status').equals('pending').sortBy('clientSeq');
    const batch: OutboxEntry[] = [];
    let bytes = 0;
    for (const entry of raw.slice(0, max)) {
      const parsed = OutboxEntrySchema.parse(entry);
      // Stay under the server's body limit: long comments make some changes large.
      bytes += JSON.stringify(parsed.mutation).length;
      if (batch.length > 0 && bytes > maxBytes) break;
      batch.push(parsed);
    }
    if (batch.length === 0) return null;
    await db.outbox.bulkPut(batch.map((entry) => ({ ...entry, status: 'sending' as const, updatedAt: now })));
    return { clientId: device.clientId, mutations: batch.map((entry) => entry.mutation) };
  });
}

/** Puts changes that were being sent back in the queue (the push failed or the page was closed). */
export async function releaseSending(): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', db.outbox, async () => {
    await db.outbox.where('status').equals('sending').modify({ status: 'pending' });
  });
}

/** Records the server's answer to each change of a batch, and what a refusal means for the device's copy. */
export async function applyPushResults(
  results: MutationResult[],
  now: string = new Date().toISOString(),
): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', [db.outbox, db.audits, db.moderations], async () => {
    const sending = (await db.outbox.where('status').equals('sending').toArray()).map((e) =>
      OutboxEntrySchema.parse(e),
    );
    const byMutation = new Map(sending.map((entry) => [entry.mutation.id, entry]));
    // Moderations someone else opened first: local id to the server's moderation, adopted at the end.
    const adoptions = new Map<string, NonNullable<OutboxEntry['conflict']>['serverModeration']>();
    for (const result of results) {
      const entry = byMutation.get(result.mutationId);
      if (!entry) continue;
      byMutation.delete(result.mutationId);
      if (result.status === 'applied' || result.status === 'duplicate') {
        await db.outbox.delete(entry.clientSeq);
      } else if (result.status === 'rejected') {
        const rejection = { reason: result.reason, message: result.message, fields: result.fields };
        await db.outbox.put({ ...entry, status: 'rejected', rejection, updatedAt: now });
        // A refused feedback change stays on the sync page; the device's copy keeps what was entered.
        if (entry.entity === 'feedback-call') continue;
        if (entry.entity !== 'moderation') await undoRejectedAuditChange(db, entry, now);
        else if (!adoptions.has(entry.recordId)) await undoRejectedModerationChange(db, entry, now);
      } else if (entry.mutation.name === 'moderation.open' && result.serverModeration) {
        adoptions.set(entry.recordId, result.serverModeration);
        await db.outbox.put({ ...entry, status: 'pending', updatedAt: now });
      } else {
        const conflict = {
          fields: result.fields,
          serverRecord: result.serverRecord,
          serverModeration: result.serverModeration,
        };
        await db.outbox.put({ ...entry, status: 'conflict', conflict, updatedAt: now });
      }
    }
    // A change the server did not answer for was not applied: send it again next time.
    for (const entry of byMutation.values()) await db.outbox.put({ ...entry, status: 'pending', updatedAt: now });
    for (const [localId, server] of adoptions) if (server) await adoptServerModeration(db, localId, server, now);
  });
  notifyOutboxChanged();
}

/** Removes a refused change the auditor has seen and chosen to let go (after exporting it if they wish). */
export async function discardRejected(clientSeq: number): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(clientSeq);
    if (entry?.status === 'rejected') await db.outbox.delete(clientSeq);
  });
  notifyOutboxChanged();
}
