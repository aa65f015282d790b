// The device database's versions: numbered without gaps, released ones unchanged, and the newest
// opens with every table.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDeviceDatabase, SCHEMA_VERSIONS } from './db.ts';
import { OutboxEntrySchema } from './records.ts';

describe('the device database', () => {
  it('keeps every schema version, numbered 1 to N, and never edits a released one', () => {
    // Devices in the field hold data under these versions: editing one in place, or dropping one,
    // breaks their upgrade. A new shape is a new version appended below.
    const versions = Object.keys(SCHEMA_VERSIONS).map(Number);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(SCHEMA_VERSIONS[1]).toEqual({
      meta: 'key',
      frameworks: 'key, [frameworkId+version]',
      plans: 'key, ref',
      cycles: 'key',
      assignments: 'key, cycleId, [cycleId+planRef]',
      users: 'key',
      audits: 'id, [cycleId+planRef]',
      outbox: 'clientSeq, status, auditId, [auditId+field]',
    });
    expect(SCHEMA_VERSIONS[2]).toEqual({ moderations: 'id, [cycleId+planRef], status', settings: 'key' });
    expect(SCHEMA_VERSIONS[3]).toEqual({ outbox: 'clientSeq, status, recordId, [recordId+field]' });
  });

  it('opens at the newest version with every table the app uses', async () => {
    const db = createDeviceDatabase('schema-check');
    await db.open();
    expect(db.verno).toBe(Math.max(...Object.keys(SCHEMA_VERSIONS).map(Number)));
    expect(db.tables.map((table) => table.name).sort()).toEqual(
      [
        'assignments',
        'audits',
        'cycles',
        'feedbackCalls',
        'frameworks',
        'meta',
        'moderations',
        'outbox',
        'plans',
        'settings',
        'vault',
        'users',
      ].sort(),
    );
    db.close();
  });

  it('upgrades a version 1 database to the newest, keeping its unsent changes', async () => {
    const name = 'upgrade-from-v1';
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_VERSIONS[1] ?? {});
    await v1.open();
    const entry = {
      clientSeq: 1,
      auditId: '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1a001',
      field: 'responses.A1',
      mutation: {
        id: '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1a002',
        clientSeq: 1,
        name: 'audit.patch',
        args: {
          auditId: '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1a001',
          patch: { responses: { A1: { from: null, to: { rating: 'met' } } } },
        },
      },
      status: 'pending',
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
    };
    await v1.table('outbox').add(entry);
    v1.close();

    const upgraded = createDeviceDatabase(name);
    await upgraded.open();
    expect(upgraded.verno).toBe(5);
    const { auditId, ...rest } = entry;
    expect(await upgraded.outbox.toArray()).toEqual([{ ...rest, recordId: auditId }]);
    expect(await upgraded.outbox.where('[recordId+field]').equals([auditId, entry.field]).count()).toBe(1);
    expect(await upgraded.moderations.count()).toBe(0);
    expect(await upgraded.settings.count()).toBe(0);
    upgraded.close();
  });

  it('upgrades a version 2 outbox to version 3: every queued audit and moderation change kept, its id under recordId', async () => {
    const name = 'upgrade-from-v2';
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_VERSIONS[1] ?? {});
    v2.version(2).stores(SCHEMA_VERSIONS[2] ?? {});
    await v2.open();
    const auditId = '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1a011';
    const moderationId = '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1a021';
    const at = '2026-03-01T09:00:00.000Z';
    const oldEntries = [
      {
        clientSeq: 1,
        auditId,
        field: 'responses.A1',
        mutation: {
          id: '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1a012',
          clientSeq: 1,
          name: 'audit.patch',
          args: { auditId, patch: { responses: { A1: { from: null, to: { rating: 'met' } } } } },
        },
        status: 'rejected',
        createdAt: at,
        updatedAt: at,
        rejection: { reason: 'invalid', message: 'no such criterion' },
      },
      {
        clientSeq: 2,
        entity: 'moderation',
        auditId: moderationId,
        field: 'strengths',
        mutation: {
          id: '0b0e7d1a-5c1f-4d0e-9a51-3f2a86c1a022',
          clientSeq: 2,
          name: 'moderation.patch',
          args: { moderationId, patch: { strengths: { from: '', to: 'Clear outcomes' } }, updatedAt: at },
        },
        status: 'pending',
        createdAt: at,
        updatedAt: at,
      },
    ];
    await v2.table('outbox').bulkAdd(oldEntries);
    v2.close();

    const upgraded = createDeviceDatabase(name);
    await upgraded.open();
    expect(upgraded.verno).toBe(5);
    const entries = (await upgraded.outbox.orderBy('clientSeq').toArray()).map((e) => OutboxEntrySchema.parse(e));
    expect(entries.map((e) => [e.clientSeq, e.entity, e.recordId, e.status])).toEqual([
      [1, undefined, auditId, 'rejected'],
      [2, 'moderation', moderationId, 'pending'],
    ]);
    expect(entries.every((e) => !('auditId' in e))).toBe(true);
    expect(entries[0]?.rejection?.message).toBe('no such criterion');
    expect(await upgraded.outbox.where('recordId').equals(moderationId).count()).toBe(1);
    expect(await upgraded.outbox.where('[recordId+field]').equals([auditId, 'responses.A1']).count()).toBe(1);
    upgraded.close();
  });
});
