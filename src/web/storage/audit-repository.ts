// The auditor's audits on this device. Every change writes the audit and its outbox entry in one
// transaction, so a change is either saved and queued for the server, or neither.
import { RECORD_KINDS } from '#shared/records/index.ts';
import { auditFieldPath, auditPatchFields, auditPatchFor, startedAudit } from '#shared/records/audit.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import {
  normaliseResponse,
  readField,
  sameValue,
  writeField,
  type AuditFieldChange,
  type FieldValue,
} from './audit-changes.ts';
import { getDatabase, type DeviceDatabase } from './db.ts';
import { notifyOutboxChanged } from './events.ts';
import { ensureDevice, readDevice } from './meta.ts';
import { queueOutboxEntry, takeFieldConflict } from './outbox-queue.ts';
import { AuditRecordSchema, OutboxEntrySchema, type AuditRecord, type OutboxEntry } from './records.ts';

export class AuditNotFoundError extends Error {
  constructor(auditId: string) {
    super(`No audit ${auditId} on this device.`);
    this.name = 'AuditNotFoundError';
  }
}

/** A submitted audit is read-only: a correction is a new revision, made on the server. */
export class AuditSubmittedError extends Error {
  constructor() {
    super('This audit has been submitted and can no longer be changed.');
    this.name = 'AuditSubmittedError';
  }
}

const isoNow = (): string => new Date().toISOString();

async function readRecord(db: DeviceDatabase, auditId: string): Promise<AuditRecord> {
  const raw = await db.audits.get(auditId);
  if (!raw) throw new AuditNotFoundError(auditId);
  return AuditRecordSchema.parse(raw);
}

export async function getAudit(auditId: string): Promise<Audit | undefined> {
  const raw = await getDatabase().audits.get(auditId);
  return raw ? AuditRecordSchema.parse(raw).audit : undefined;
}

export async function listAudits(): Promise<Audit[]> {
  const records = await getDatabase().audits.toArray();
  return records.map((raw) => AuditRecordSchema.parse(raw).audit);
}

/** Starts the auditor's draft for an assignment (or returns the one already started). */
export async function startAudit(
  input: { assignment: Assignment; cycle: Cycle; auditorId: string },
  now: string = isoNow(),
): Promise<string> {
  const db = getDatabase();
  const { assignment, cycle, auditorId } = input;
  const auditId = await db.transaction('rw', [db.audits, db.outbox, db.meta], async () => {
    // Colleagues' submitted audits of the same plan reach the device once blind scoring ends:
    // only this auditor's own audit of the assignment counts as already started.
    const existing = await db.audits
      .where('[cycleId+planRef]')
      .equals([assignment.cycleId, assignment.planRef])
      .filter((record) => record.audit.auditorId === auditorId)
      .first();
    if (existing) return existing.id;
    const audit = startedAudit({
      id: crypto.randomUUID(),
      assignment,
      framework: { id: cycle.frameworkId, version: cycle.frameworkVersion },
      auditorId,
      startedAt: now,
      updatedAt: now,
    });
    await db.audits.add(AuditRecordSchema.parse(RECORD_KINDS.audit.device.toRow(audit.id, audit)));
    await queueOutboxEntry(
      db,
      {
        entity: 'audit',
        recordId: audit.id,
        field: null,
        mutation: {
          id: crypto.randomUUID(),
          name: 'audit.start',
          args: { auditId: audit.id, assignmentId: assignment.id, startedAt: now },
        },
      },
      now,
    );
    return audit.id;
  });
  notifyOutboxChanged();
  return auditId;
}

/**
 * Changes one field of a draft. If the latest queued change to the same field has not been sent
 * yet, it is rewritten instead of queueing another, so typing a comment leaves one change waiting.
 * The three reads go out together and the writes are not awaited one by one: each round trip to
 * IndexedDB can wait behind a frame of rendering, and this runs on every rating click.
 */
export async function changeAudit(auditId: string, change: AuditFieldChange, now: string = isoNow()): Promise<void> {
  const db = getDatabase();
  const field = auditFieldPath(change);
  const to: FieldValue = change.kind === 'response' ? normaliseResponse(change.to) : change.to;
  const isQueued = await db.transaction('rw', [db.audits, db.outbox, db.meta], async () => {
    const [raw, latest, device] = await Promise.all([
      db.audits.get(auditId),
      db.outbox.where('[recordId+field]').equals([auditId, field]).last(),
      readDevice(db),
    ]);
    if (!raw) throw new AuditNotFoundError(auditId);
    const record = AuditRecordSchema.parse(raw);
    if (record.audit.status === 'submitted') throw new AuditSubmittedError();
    const from = readField(record.audit, field);
    if (sameValue(from, to)) return false;
    // The new value is checked where it enters the outbox entry (its patch carries it): no need to
    // re-check the whole audit on every click.
    const audit = { ...writeField(record.audit, field, to), updatedAt: now };
    const writes: Promise<unknown>[] = [db.audits.put({ ...record, audit })];

    const queued = latest?.status === 'pending' ? OutboxEntrySchema.parse(latest) : undefined;
    if (queued?.mutation.name === 'audit.patch') {
      const base = queuedFrom(queued, field);
      if (sameValue(base, to)) {
        // Back to what the server last saw: nothing to send for this field.
        writes.push(db.outbox.delete(queued.clientSeq));
      } else {
        const mutation = { ...queued.mutation, args: { auditId, patch: auditPatchFor(field, base, to) } };
        writes.push(db.outbox.put(OutboxEntrySchema.parse({ ...queued, mutation, updatedAt: now })));
      }
    } else {
      const current = device ?? (await ensureDevice(db));
      const clientSeq = current.nextClientSeq;
      const entry = OutboxEntrySchema.parse({
        clientSeq,
        entity: 'audit',
        recordId: auditId,
        field,
        mutation: {
          id: crypto.randomUUID(),
          clientSeq,
          name: 'audit.patch',
          args: { auditId, patch: auditPatchFor(field, from, to) },
        },
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      });
      writes.push(
        db.outbox.add(entry),
        db.meta.put({ key: 'device', value: { ...current, nextClientSeq: clientSeq + 1 } }),
      );
    }
    await Promise.all(writes);
    return true;
  });
  if (isQueued) notifyOutboxChanged();
}

function queuedFrom(entry: OutboxEntry, field: string): FieldValue {
  if (entry.mutation.name !== 'audit.patch') return null;
  return auditPatchFields(entry.mutation.args.patch).find((f) => f.path === field)?.from ?? null;
}

/** Submits a draft: from here it is read-only on this device. */
export async function submitAudit(auditId: string, now: string = isoNow()): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', [db.audits, db.outbox, db.meta], async () => {
    const record = await readRecord(db, auditId);
    if (record.audit.status === 'submitted') return;
    const audit: Audit = { ...record.audit, status: 'submitted', submittedAt: now, updatedAt: now };
    await db.audits.put({ ...record, audit });
    await queueOutboxEntry(
      db,
      {
        entity: 'audit',
        recordId: auditId,
        field: null,
        mutation: {
          id: crypto.randomUUID(),
          name: 'audit.submit',
          args: { auditId, revision: audit.revision, submittedAt: now },
        },
      },
      now,
    );
  });
  notifyOutboxChanged();
}

export type ConflictChoice = 'mine' | 'theirs';

/**
 * Settles a field changed both here and on the server. "theirs" takes the server's value; "mine"
 * queues this device's value again, now based on the server's, so it applies cleanly.
 */
export async function resolveConflict(
  auditId: string,
  field: string,
  choice: ConflictChoice,
  now: string = isoNow(),
): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', [db.audits, db.outbox, db.meta], async () => {
    const serverRecord = await takeFieldConflict(db, auditId, field, 'serverRecord');
    if (!serverRecord) return;
    const theirs = readField(serverRecord, field);
    const record = await readRecord(db, auditId);
    const mine = readField(record.audit, field);
    if (choice === 'theirs') {
      const audit = { ...writeField(record.audit, field, theirs), updatedAt: now };
      await db.audits.put({ ...record, audit });
    } else if (!sameValue(theirs, mine)) {
      await queueOutboxEntry(
        db,
        {
          entity: 'audit',
          recordId: auditId,
          field,
          mutation: {
            id: crypto.randomUUID(),
            name: 'audit.patch',
            args: { auditId, patch: auditPatchFor(field, theirs, mine) },
          },
        },
        now,
      );
    }
  });
  notifyOutboxChanged();
}

/**
 * What a refused change means for the device's copy (outbox.ts calls this inside its transaction,
 * which includes db.audits): a refused submission reopens the draft so the auditor can act on the
 * reason. A refused field keeps the auditor's value; the refusal stays listed on the sync page.
 */
export async function undoRejectedAuditChange(db: DeviceDatabase, entry: OutboxEntry, now: string): Promise<void> {
  if (entry.mutation.name !== 'audit.submit') return;
  const raw = await db.audits.get(entry.recordId);
  if (!raw) return;
  const record = AuditRecordSchema.parse(raw);
  const { submittedAt: _dropped, ...audit } = record.audit;
  await db.audits.put({ ...record, audit: { ...audit, status: 'draft', updatedAt: now } });
}
