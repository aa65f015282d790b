// Queues one change for the server. Shared by the audit and moderation repositories, so both
// number, shape and check their outbox entries the same way.
import type { DeviceDatabase } from './db.ts';
import { takeClientSeq } from './meta.ts';
import { OutboxEntrySchema, type OutboxEntry } from './records.ts';

export type NewOutboxEntry = Pick<OutboxEntry, 'entity' | 'recordId' | 'field'> & {
  mutation: Omit<OutboxEntry['mutation'], 'clientSeq'>;
};

/**
 * Adds a pending entry under the device's next sequence number (the entry and its mutation share
 * it). Runs inside the caller's transaction, which must include db.outbox and db.meta; the schema
 * check throws before anything is added, so an invalid value aborts the whole change.
 */
export async function queueOutboxEntry(db: DeviceDatabase, entry: NewOutboxEntry, now: string): Promise<void> {
  const clientSeq = await takeClientSeq(db);
  const parsed = OutboxEntrySchema.parse({
    ...entry,
    clientSeq,
    mutation: { ...entry.mutation, clientSeq },
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  });
  await db.outbox.add(parsed);
}

type ServerCopies = NonNullable<OutboxEntry['conflict']>;

/**
 * Starts settling a field changed both here and on the server: returns the server's copy that the
 * field's latest conflict carried, and clears the field's conflicted and unsent entries so the
 * caller can queue its choice afresh. Returns undefined, and clears nothing, when there is no such
 * conflict. Runs inside the caller's transaction, which must include db.outbox.
 */
export async function takeFieldConflict<K extends 'serverRecord' | 'serverModeration'>(
  db: DeviceDatabase,
  recordId: string,
  field: string,
  copy: K,
): Promise<NonNullable<ServerCopies[K]> | undefined> {
  const entries = (await db.outbox.where('[recordId+field]').equals([recordId, field]).toArray()).map((e) =>
    OutboxEntrySchema.parse(e),
  );
  const server = entries.filter((e) => e.status === 'conflict' && e.conflict?.[copy]).at(-1)?.conflict?.[copy];
  if (!server) return undefined;
  const settled = entries.filter((e) => e.status === 'conflict' || e.status === 'pending');
  await db.outbox.bulkDelete(settled.map((e) => e.clientSeq));
  return server;
}
