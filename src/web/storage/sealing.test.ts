// Encryption at rest on a real IndexedDB (fake-indexeddb): once a PIN is set, nothing IndexedDB
// holds shows an audit's comment or ratings; the app still reads and changes everything; a wrong
// PIN opens nothing; a device from before keeps every record and queued change.
import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { auditPatchFor } from '#shared/records/audit.ts';
import { ASSIGNMENT, CYCLE, seedStartedAudit } from '#tests/web-support/device-fixtures.tsx';
import { rawDatabaseText, readRawDatabase } from '#tests/web-support/raw-indexeddb.ts';
import { changeAudit, getAudit, listAudits, startAudit, submitAudit } from './audit-repository.ts';
import { createDeviceDatabase, DATABASE_NAME, getDatabase, SCHEMA_VERSIONS } from './db.ts';
import { lockDevice, readLock, setDevicePin, unlockDevice, resetDevicePin, importRecoveryKey } from './device-key.ts';
import { wipeDevice } from './device.ts';
import { readDevice, recordStoragePersisted } from './meta.ts';
import { applyPushResults, listOutbox, summariseOutbox, takeBatch } from './outbox.ts';
import { queueOutboxEntry } from './outbox-queue.ts';
import { AuditRecordSchema } from './records.ts';
import { DeviceLockedError, readSealState } from './seal-state.ts';
import { countHeldPlaintexts } from './sealing.ts';

const COMMENT = 'Voice of the young person is vivid and specific';
const ITERATIONS = 1000;
const noWipe = () => Promise.reject(new Error('should not wipe'));

let auditId: string;

beforeEach(async () => {
  auditId = await seedStartedAudit();
});

async function auditWithWork(): Promise<void> {
  await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'partly-met', comment: COMMENT } });
  await changeAudit(auditId, { kind: 'response', criterionId: 'A2', to: { rating: 'not-met' } });
}

describe('a device with a PIN', () => {
  it('keeps no comment text or rating in the clear in IndexedDB, before or after the PIN', async () => {
    await auditWithWork();
    // Today's schema holds them in the clear: the test can tell.
    expect(await rawDatabaseText()).toContain(COMMENT);
    await setDevicePin('246810', { iterations: ITERATIONS });
    await changeAudit(auditId, { kind: 'response', criterionId: 'A3', to: { rating: 'met', comment: 'Later note' } });
    const raw = await rawDatabaseText();
    expect(raw).not.toContain(COMMENT);
    expect(raw).not.toContain('Later note');
    // Rating values are in the framework's definition (not personal): look for them in the work itself.
    const rows = await readRawDatabase();
    const work = JSON.stringify([rows.audits, rows.outbox, rows.moderations, rows.feedbackCalls]);
    expect(work).toContain('sealed');
    expect(work).not.toMatch(/partly-met|not-met|met|rating|comment/);
    // What stays in the clear is what queries need: ids, status, cycle and plan reference.
    expect(Object.keys(rows.audits?.[0] as object).sort()).toEqual(['cycleId', 'id', 'planRef', 'sealed']);
    expect(Object.keys(rows.outbox?.[0] as object).sort()).toEqual([
      'clientSeq',
      'field',
      'recordId',
      'sealed',
      'status',
    ]);
    // The app still reads it all.
    expect((await getAudit(auditId))?.responses).toEqual({
      A1: { rating: 'partly-met', comment: COMMENT },
      A2: { rating: 'not-met' },
      A3: { rating: 'met', comment: 'Later note' },
    });
  });

  it('migrates an unencrypted device in place, keeping every record and queued change', async () => {
    await auditWithWork();
    const before = { audits: await listAudits(), outbox: await listOutbox() };
    expect(before.outbox).toHaveLength(3);
    await setDevicePin('246810', { iterations: ITERATIONS });
    lockDevice();
    expect(await unlockDevice('246810', 5, noWipe)).toEqual({ status: 'unlocked' });
    expect(await listAudits()).toEqual(before.audits);
    expect(await listOutbox()).toEqual(before.outbox);
    expect(await summariseOutbox()).toEqual({ waiting: 3, rejected: 0, conflicts: 0 });
  });

  it('migrates a device still at schema version 4 (before encryption), keeping everything', async () => {
    await auditWithWork();
    const before = { audits: await listAudits(), outbox: await listOutbox() };
    const rows = await readRawDatabase();
    getDatabase().close();
    await Dexie.delete(DATABASE_NAME);
    const old = new Dexie(DATABASE_NAME);
    for (let version = 1; version <= 4; version += 1) old.version(version).stores(SCHEMA_VERSIONS[version] ?? {});
    await old.open();
    for (const [table, tableRows] of Object.entries(rows))
      if (table !== 'vault') await old.table(table).bulkPut(tableRows);
    old.close();
    await getDatabase().open();
    expect(getDatabase().verno).toBe(5);
    await setDevicePin('246810', { iterations: ITERATIONS });
    expect(await rawDatabaseText()).not.toContain(COMMENT);
    lockDevice();
    await unlockDevice('246810', 5, noWipe);
    expect(await listAudits()).toEqual(before.audits);
    expect(await listOutbox()).toEqual(before.outbox);
  });

  it('refuses a wrong PIN, reads nothing while locked, and counts down to a wipe', async () => {
    await auditWithWork();
    await setDevicePin('246810', { iterations: ITERATIONS });
    lockDevice();
    await expect(getAudit(auditId)).rejects.toBeInstanceOf(DeviceLockedError);
    await expect(
      changeAudit(auditId, { kind: 'response', criterionId: 'A4', to: { rating: 'met' } }),
    ).rejects.toBeInstanceOf(DeviceLockedError);
    expect(await unlockDevice('111111', 3, wipeDevice)).toEqual({ status: 'wrong', attemptsLeft: 2 });
    expect(await unlockDevice('222222', 3, wipeDevice)).toEqual({ status: 'wrong', attemptsLeft: 1 });
    expect(readSealState().mode).toBe('locked');
    expect(await unlockDevice('333333', 3, wipeDevice)).toEqual({ status: 'wiped' });
    expect(await readLock()).toBeUndefined();
    expect(await getDatabase().audits.count()).toBe(0);
  });

  it('still records a sign-in while locked (the session and device id are not sealed)', async () => {
    await auditWithWork();
    await setDevicePin('246810', { iterations: ITERATIONS });
    lockDevice();
    await recordStoragePersisted(true);
    expect((await readDevice(getDatabase()))?.isStoragePersisted).toBe(true);
    expect(await summariseOutbox()).toEqual({ waiting: 3, rejected: 0, conflicts: 0 });
  });

  it('a right PIN resets the count of wrong ones', async () => {
    await setDevicePin('246810', { iterations: ITERATIONS });
    lockDevice();
    await unlockDevice('111111', 3, noWipe);
    await unlockDevice('246810', 3, noWipe);
    expect((await readLock())?.failedAttempts).toBe(0);
  });

  it('starts, changes, submits and sends audits as before', async () => {
    await setDevicePin('246810', { iterations: ITERATIONS });
    await auditWithWork();
    await submitAudit(auditId);
    expect(await startAudit({ assignment: ASSIGNMENT, cycle: CYCLE, auditorId: 'u-other' })).not.toBe(auditId);
    const batch = await takeBatch(100);
    expect(batch?.mutations.map((m) => m.name)).toEqual([
      'audit.start',
      'audit.patch',
      'audit.patch',
      'audit.submit',
      'audit.start',
    ]);
    await applyPushResults((batch?.mutations ?? []).map((m) => ({ mutationId: m.id, status: 'applied' as const })));
    expect(await listOutbox()).toEqual([]);
    expect((await getAudit(auditId))?.status).toBe('submitted');
  });
});

describe('a forgotten PIN', () => {
  const RECOVERY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

  it('recovers unsynced work with the recovery key the server gives at an online sign-in', async () => {
    await setDevicePin('246810', { iterations: ITERATIONS, recoveryKey: await importRecoveryKey(RECOVERY) });
    await auditWithWork();
    lockDevice();
    const outcome = await resetDevicePin(
      '135790',
      { recoveryKey: await importRecoveryKey(RECOVERY) },
      { iterations: ITERATIONS },
    );
    expect(outcome).toBe('recovered');
    expect(await listOutbox()).toHaveLength(3);
    lockDevice();
    expect(await unlockDevice('135790', 5, noWipe)).toEqual({ status: 'unlocked' });
    expect((await getAudit(auditId))?.responses.A1?.comment).toBe(COMMENT);
  });

  it('keeps unrecoverable work sealed, set aside, and starts afresh', async () => {
    await setDevicePin('246810', { iterations: ITERATIONS });
    await auditWithWork();
    lockDevice();
    const other = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));
    const outcome = await resetDevicePin(
      '135790',
      { recoveryKey: await importRecoveryKey(other) },
      { iterations: ITERATIONS },
    );
    expect(outcome).toBe('not-recovered');
    expect(await listOutbox()).toEqual([]);
    const raw = await readRawDatabase();
    expect(raw.vault?.filter((row) => String((row as { key: string }).key).startsWith('kept:outbox:'))).toHaveLength(3);
    expect(await rawDatabaseText()).not.toContain(COMMENT);
  });
});

describe('a change answered from what the page already decrypted', () => {
  const ANOTHER_COMMENT = 'Written in another tab while this one held its copy';

  /** A second connection with its own copy of what it knows, as another tab or the storage worker has. */
  async function changeInAnotherTab(): Promise<void> {
    const other = createDeviceDatabase(DATABASE_NAME);
    await other.transaction('rw', [other.audits, other.outbox, other.meta], async () => {
      const record = AuditRecordSchema.parse(await other.audits.get(auditId));
      const responses = { ...record.audit.responses, A2: { rating: 'not-met' as const, comment: ANOTHER_COMMENT } };
      await other.audits.put({ ...record, audit: { ...record.audit, responses } });
      await queueOutboxEntry(
        other,
        {
          entity: 'audit',
          recordId: auditId,
          field: 'responses.A2',
          mutation: {
            id: crypto.randomUUID(),
            name: 'audit.patch',
            args: { auditId, patch: auditPatchFor('responses.A2', null, responses.A2) },
          },
        },
        new Date().toISOString(),
      );
    });
    other.close();
  }

  it('runs the change again when another writer committed after this page last read, losing nothing', async () => {
    await setDevicePin('246810', { iterations: ITERATIONS });
    // Two changes: the second is worked out from what the first left in memory.
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'partly-met' } });
    await changeInAnotherTab();
    // This page's copy of the audit now lacks A2: saving A1 from it as it stands would drop A2.
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'not-met', comment: COMMENT } });
    expect((await getAudit(auditId))?.responses).toEqual({
      A1: { rating: 'not-met', comment: COMMENT },
      A2: { rating: 'not-met', comment: ANOTHER_COMMENT },
    });
    const outbox = await listOutbox();
    // audit.start, this page's A1 (rewritten in place), the other tab's A2: each under its own number.
    expect(outbox.map((entry) => [entry.clientSeq, entry.field])).toEqual([
      [1, null],
      [2, 'responses.A1'],
      [3, 'responses.A2'],
    ]);
    // Later changes see the other tab's work too.
    await changeAudit(auditId, { kind: 'response', criterionId: 'A2', to: { rating: 'met' } });
    expect((await getAudit(auditId))?.responses.A2).toEqual({ rating: 'met' });
    expect((await listOutbox()).map((entry) => entry.clientSeq)).toEqual([1, 2, 3]);
  });

  it('saves a repeat change in one IndexedDB transaction: no read transaction before it', async () => {
    await setDevicePin('246810', { iterations: ITERATIONS });
    // Dexie binds IndexedDB's transaction method when it opens: watch it, then open again.
    const opened = vi.spyOn(Object.getPrototypeOf(getDatabase().backendDB()) as IDBDatabase, 'transaction');
    try {
      getDatabase().close({ disableAutoOpen: false });
      await getDatabase().open();
      await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
      expect(opened).toHaveBeenCalled();
      opened.mockClear();
      await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'not-met' } });
      expect(opened.mock.calls.map(([, mode]) => mode)).toEqual(['readwrite']);
    } finally {
      opened.mockRestore();
    }
    expect((await getAudit(auditId))?.responses.A1).toEqual({ rating: 'not-met' });
  });

  it('holds no plaintext once locked, and reads the database again after unlocking', async () => {
    await setDevicePin('246810', { iterations: ITERATIONS });
    await auditWithWork();
    expect(countHeldPlaintexts()).toBeGreaterThan(0);
    lockDevice();
    expect(countHeldPlaintexts()).toBe(0);
    await expect(
      changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } }),
    ).rejects.toBeInstanceOf(DeviceLockedError);
    expect(countHeldPlaintexts()).toBe(0);
    await unlockDevice('246810', 5, noWipe);
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    expect((await getAudit(auditId))?.responses.A1).toEqual({ rating: 'met' });
  });
});
