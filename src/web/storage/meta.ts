// Device-level records: this installation's sync identity, the signed-in session and sync progress.
import type { Session } from '#shared/schemas/user.ts';
import { getDatabase, type DeviceDatabase } from './db.ts';
import {
  DeviceMetaSchema,
  StoredSessionSchema,
  SyncMetaSchema,
  type DeviceMeta,
  type StoredSession,
  type SyncMeta,
} from './records.ts';

export async function readDevice(db: DeviceDatabase): Promise<DeviceMeta | undefined> {
  const record = await db.meta.get('device');
  return record ? DeviceMetaSchema.parse(record.value) : undefined;
}

/** This device's identity, created on first use inside the caller's transaction if there is one. */
export async function ensureDevice(db: DeviceDatabase = getDatabase()): Promise<DeviceMeta> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await readDevice(db);
    if (existing) return existing;
    const device: DeviceMeta = { clientId: crypto.randomUUID(), nextClientSeq: 1, isStoragePersisted: null };
    await db.meta.put({ key: 'device', value: device });
    return device;
  });
}

/** Takes the next outbox sequence number. Call inside a transaction that includes db.meta. */
export async function takeClientSeq(db: DeviceDatabase): Promise<number> {
  const device = (await readDevice(db)) ?? (await ensureDevice(db));
  await db.meta.put({ key: 'device', value: { ...device, nextClientSeq: device.nextClientSeq + 1 } });
  return device.nextClientSeq;
}

export async function recordStoragePersisted(isPersisted: boolean): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', db.meta, async () => {
    const device = await ensureDevice(db);
    await db.meta.put({ key: 'device', value: { ...device, isStoragePersisted: isPersisted } });
  });
}

export async function getSession(): Promise<StoredSession | undefined> {
  const record = await getDatabase().meta.get('session');
  if (!record) return undefined;
  const parsed = StoredSessionSchema.safeParse(record.value);
  return parsed.success ? parsed.data : undefined;
}

export async function saveSession(session: Session, now: string = new Date().toISOString()): Promise<void> {
  const value = StoredSessionSchema.parse({ ...session, signedInAt: now });
  await getDatabase().meta.put({ key: 'session', value });
}

export async function getSyncMeta(): Promise<SyncMeta> {
  const record = await getDatabase().meta.get('sync');
  return record ? SyncMetaSchema.parse(record.value) : { cursor: null, lastSyncedAt: null };
}
