// The device's audit store on a real IndexedDB (fake-indexeddb): one transaction per change with
// its outbox entry, coalescing of unsent edits, read-only after submit, and pulls that never
// overwrite unsent work.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Audit } from '#shared/schemas/audit.ts';
import { ASSIGNMENT, CYCLE, seedStartedAudit } from '#tests/web-support/device-fixtures.tsx';
import { AuditSubmittedError, changeAudit, getAudit, resolveConflict, submitAudit } from './audit-repository.ts';
import { getDatabase } from './db.ts';
import { applyPushResults, listOutbox, summariseOutbox, takeBatch } from './outbox.ts';
import { applyPull } from './pull.ts';

let auditId: string;

beforeEach(async () => {
  auditId = await seedStartedAudit();
});

async function acceptAll(): Promise<void> {
  const batch = await takeBatch(100);
  if (batch) await applyPushResults(batch.mutations.map((m) => ({ mutationId: m.id, status: 'applied' as const })));
}

function serverCopy(local: Audit, patch: Partial<Audit>): Audit {
  return { ...local, ...patch, updatedAt: '2026-03-03T10:00:00.000Z' };
}

describe('changing an audit', () => {
  it('writes the audit and its outbox entry together, and numbers entries in order', async () => {
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    await changeAudit(auditId, { kind: 'response', criterionId: 'A2', to: { rating: 'not-met' } });
    const outbox = await listOutbox();
    expect(outbox.map((e) => [e.clientSeq, e.mutation.name, e.field])).toEqual([
      [1, 'audit.start', null],
      [2, 'audit.patch', 'responses.A1'],
      [3, 'audit.patch', 'responses.A2'],
    ]);
    expect((await getAudit(auditId))?.responses).toEqual({ A1: { rating: 'met' }, A2: { rating: 'not-met' } });
  });

  it('changes neither the audit nor the outbox when the change is invalid', async () => {
    const tooLong = 'x'.repeat(4001);
    await expect(
      changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { comment: tooLong } }),
    ).rejects.toThrow();
    expect((await getAudit(auditId))?.responses).toEqual({});
    expect(await listOutbox()).toHaveLength(1);
  });

  it('rewrites an unsent change to the same field, keeping what the server last saw as "from"', async () => {
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met', comment: 'Good voice' } });
    const patches = (await listOutbox()).filter((e) => e.mutation.name === 'audit.patch');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.mutation.args).toMatchObject({
      patch: { responses: { A1: { from: null, to: { rating: 'met', comment: 'Good voice' } } } },
    });
  });

  it('starts a new change once the earlier one is on its way, based on the value sent', async () => {
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    await takeBatch(100);
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'partly-met' } });
    const patches = (await listOutbox()).filter((e) => e.mutation.name === 'audit.patch');
    expect(patches.map((e) => e.status)).toEqual(['sending', 'pending']);
    expect(patches[1]?.mutation.args).toMatchObject({
      patch: { responses: { A1: { from: { rating: 'met' }, to: { rating: 'partly-met' } } } },
    });
  });

  it('drops a queued change that was undone before it was sent', async () => {
    await acceptAll();
    await changeAudit(auditId, { kind: 'concern', to: { raised: true, note: '' } });
    await changeAudit(auditId, { kind: 'concern', to: null });
    expect(await listOutbox()).toEqual([]);
  });

  it('makes a submitted audit read-only', async () => {
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    await submitAudit(auditId, '2026-03-04T09:00:00.000Z');
    expect((await getAudit(auditId))?.status).toBe('submitted');
    await expect(
      changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'not-met' } }),
    ).rejects.toBeInstanceOf(AuditSubmittedError);
    const last = (await listOutbox()).at(-1);
    expect(last?.mutation).toMatchObject({ name: 'audit.submit', args: { auditId, revision: 1 } });
  });
});

describe('what the server answers', () => {
  it('keeps a rejected change on the device with its reason, and reopens a refused submission', async () => {
    await submitAudit(auditId);
    const batch = await takeBatch(100);
    const [start, submit] = batch?.mutations ?? [];
    await applyPushResults([
      { mutationId: start!.id, status: 'applied' },
      { mutationId: submit!.id, status: 'rejected', reason: 'incomplete', message: 'A1 is not answered' },
    ]);
    const outbox = await listOutbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'incomplete', message: 'A1 is not answered' },
    });
    expect((await getAudit(auditId))?.status).toBe('draft');
    expect(await summariseOutbox()).toEqual({ waiting: 0, rejected: 1, conflicts: 0 });
  });

  it('puts an unanswered change back in the queue', async () => {
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    const batch = await takeBatch(100);
    await applyPushResults([{ mutationId: batch!.mutations[0]!.id, status: 'applied' }]);
    expect((await listOutbox()).map((e) => e.status)).toEqual(['pending']);
  });

  it('lets the auditor settle a conflict either way', async () => {
    await acceptAll();
    await changeAudit(auditId, { kind: 'response', criterionId: 'B1', to: { rating: 'met' } });
    const local = (await getAudit(auditId))!;
    const server = serverCopy(local, { responses: { B1: { rating: 'not-met', comment: 'From the laptop' } } });
    const batch = await takeBatch(100);
    await applyPushResults([
      { mutationId: batch!.mutations[0]!.id, status: 'conflict', fields: ['responses.B1'], serverRecord: server },
    ]);
    expect(await summariseOutbox()).toEqual({ waiting: 0, rejected: 0, conflicts: 1 });

    await resolveConflict(auditId, 'responses.B1', 'mine');
    const [requeued] = await listOutbox();
    expect(requeued).toMatchObject({
      status: 'pending',
      mutation: {
        args: {
          patch: {
            responses: { B1: { from: { rating: 'not-met', comment: 'From the laptop' }, to: { rating: 'met' } } },
          },
        },
      },
    });
  });

  it('takes the server answer when the auditor chooses it', async () => {
    await acceptAll();
    await changeAudit(auditId, { kind: 'response', criterionId: 'B1', to: { rating: 'met' } });
    const server = serverCopy((await getAudit(auditId))!, { responses: { B1: { rating: 'not-met' } } });
    const batch = await takeBatch(100);
    await applyPushResults([
      { mutationId: batch!.mutations[0]!.id, status: 'conflict', fields: ['responses.B1'], serverRecord: server },
    ]);
    await resolveConflict(auditId, 'responses.B1', 'theirs');
    expect(await listOutbox()).toEqual([]);
    expect((await getAudit(auditId))?.responses.B1).toEqual({ rating: 'not-met' });
  });
});

describe('pulling', () => {
  it('takes the server copy of an audit but keeps fields with unsent changes', async () => {
    await acceptAll();
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'partly-met' } });
    const local = (await getAudit(auditId))!;
    const server = serverCopy(local, { responses: { A1: { rating: 'met' }, A2: { rating: 'met' } } });
    await applyPull([{ kind: 'audit', id: auditId, deleted: false, data: server }], 'cursor-2');
    expect((await getAudit(auditId))?.responses).toEqual({ A1: { rating: 'partly-met' }, A2: { rating: 'met' } });
  });

  it('never deletes an audit with unsent work, even when the server says it is gone', async () => {
    await changeAudit(auditId, { kind: 'response', criterionId: 'A1', to: { rating: 'met' } });
    await applyPull([{ kind: 'audit', id: auditId, deleted: true }], 'cursor-3');
    expect(await getAudit(auditId)).toBeDefined();
    await getDatabase().outbox.clear();
    await applyPull([{ kind: 'audit', id: auditId, deleted: true }], 'cursor-4');
    expect(await getAudit(auditId)).toBeUndefined();
  });

  it('starts one audit per assignment however often Start is pressed', async () => {
    const { startAudit } = await import('./audit-repository.ts');
    const again = await startAudit({ assignment: ASSIGNMENT, cycle: CYCLE, auditorId: 'user-education-auditor' });
    expect(again).toBe(auditId);
  });
});
