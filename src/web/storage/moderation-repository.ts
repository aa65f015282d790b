// Moderations on this device, the counterpart of audit-repository.ts: every change writes the
// moderation and its outbox entry in one transaction, one addressable field at a time
// ("sections.F.agreedGrade", "actions.<id>"), so two moderators' edits merge field by field and a
// field changed on both sides comes back as a conflict the moderator settles.
import { applyModerationPatch } from '#shared/domain/moderation-patch.ts';
import { RECORD_KINDS } from '#shared/records/index.ts';
import {
  amendedModeration,
  moderationFieldValue,
  moderationPatchFields,
  moderationPatchFor,
  openedModeration,
} from '#shared/records/moderation.ts';
import { isSameValue } from '#shared/domain/audit-patch.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Action, Moderation, Participant } from '#shared/schemas/moderation.ts';
import type { User } from '#shared/schemas/user.ts';
import { getDatabase, type DeviceDatabase } from './db.ts';
import { notifyOutboxChanged } from './events.ts';
import { queueOutboxEntry, takeFieldConflict, type NewOutboxEntry } from './outbox-queue.ts';
import {
  AssignmentRecordSchema,
  AuditRecordSchema,
  CycleRecordSchema,
  ModerationRecordSchema,
  OutboxEntrySchema,
  UserRecordSchema,
  type ModerationRecord,
  type OutboxEntry,
} from './records.ts';

export class ModerationNotFoundError extends Error {
  constructor(moderationId: string) {
    super(`No moderation ${moderationId} on this device.`);
    this.name = 'ModerationNotFoundError';
  }
}

/** A signed-off moderation never changes: an amendment is a new revision. */
export class ModerationSignedOffError extends Error {
  constructor() {
    super('This moderation has been signed off and can no longer be changed. Amend it to make a new revision.');
    this.name = 'ModerationSignedOffError';
  }
}

const isoNow = (): string => new Date().toISOString();

/** A value a moderation field can hold. */
export type ModerationFieldValue = string | number | Participant | Action | null;

// ---------------------------------------------------------------------------------------------
// Pure helpers: field paths to wire patches and back.

/** A copy of the moderation with one field set (null removes it), by the shared patch rule. */
export function writeModerationField(moderation: Moderation, path: string, value: unknown): Moderation {
  return applyModerationPatch(moderation, moderationPatchFor(path, null, value));
}

/**
 * The value as the server stores it, so "from" matches byte for byte in meaning: notes are strings
 * ('' when empty), a perspective left blank is absent.
 */
export function normaliseModerationValue(path: string, value: unknown): unknown {
  if (path.endsWith('.parentPerspective')) {
    return typeof value === 'string' && value.trim() !== '' ? value : null;
  }
  if (path.endsWith('.rationale') || path === 'strengths' || path === 'areasForDevelopment') {
    return typeof value === 'string' ? value : '';
  }
  return value ?? null;
}

function queuedFrom(entry: OutboxEntry, path: string): unknown {
  if (entry.mutation.name !== 'moderation.patch') return null;
  return moderationPatchFields(entry.mutation.args.patch).find((f) => f.path === path)?.from ?? null;
}

// ---------------------------------------------------------------------------------------------
// Reads.

async function readRecord(db: DeviceDatabase, moderationId: string): Promise<ModerationRecord> {
  const raw = await db.moderations.get(moderationId);
  if (!raw) throw new ModerationNotFoundError(moderationId);
  return ModerationRecordSchema.parse(raw);
}

function toRecord(moderation: Moderation): ModerationRecord {
  return ModerationRecordSchema.parse(RECORD_KINDS.moderation.device.toRow(moderation.id, moderation));
}

export async function getModeration(moderationId: string): Promise<Moderation | undefined> {
  const raw = await getDatabase().moderations.get(moderationId);
  return raw ? ModerationRecordSchema.parse(raw).moderation : undefined;
}

export async function listModerations(): Promise<Moderation[]> {
  const records = await getDatabase().moderations.toArray();
  return records.map((raw) => ModerationRecordSchema.parse(raw).moderation);
}

/** Everything the QA lead's moderation list needs: cycles, every assignment, submitted audits, moderations. */
export type ModerationBoard = {
  cycles: Cycle[];
  assignments: Assignment[];
  audits: Audit[];
  moderations: Moderation[];
};

export async function loadModerationBoard(): Promise<ModerationBoard> {
  const db = getDatabase();
  return db.transaction('r', [db.cycles, db.assignments, db.audits, db.moderations], async () => {
    const [cycles, assignments, audits, moderations] = await Promise.all([
      db.cycles.toArray(),
      db.assignments.toArray(),
      db.audits.toArray(),
      db.moderations.toArray(),
    ]);
    return {
      cycles: cycles.map((raw) => CycleRecordSchema.parse(raw).data),
      assignments: assignments.map((raw) => AssignmentRecordSchema.parse(raw).data),
      audits: audits.map((raw) => AuditRecordSchema.parse(raw).audit),
      moderations: moderations.map((raw) => ModerationRecordSchema.parse(raw).moderation),
    };
  });
}

/** The audits a moderation was opened on, as far as this device holds them (by id). */
export async function getAuditsById(auditIds: readonly string[]): Promise<Audit[]> {
  const records = await getDatabase().audits.bulkGet([...auditIds]);
  return records.filter((raw) => raw !== undefined).map((raw) => AuditRecordSchema.parse(raw).audit);
}

export async function listUsersOnDevice(): Promise<User[]> {
  const records = await getDatabase().users.toArray();
  return records.map((raw) => UserRecordSchema.parse(raw).data);
}

/** This moderation's outbox entries: what is waiting, refused or in conflict. */
export async function listModerationChanges(moderationId: string): Promise<OutboxEntry[]> {
  const entries = await getDatabase().outbox.where('recordId').equals(moderationId).toArray();
  return entries.map((e) => OutboxEntrySchema.parse(e)).sort((a, b) => a.clientSeq - b.clientSeq);
}

// ---------------------------------------------------------------------------------------------
// Writes.

function queueEntry(
  db: DeviceDatabase,
  moderationId: string,
  field: string | null,
  mutation: NewOutboxEntry['mutation'],
  now: string,
): Promise<void> {
  return queueOutboxEntry(db, { entity: 'moderation', recordId: moderationId, field, mutation }, now);
}

/** Queues a change of one field, from what the server last had (as far as this device knows). */
function queueFieldPatch(
  db: DeviceDatabase,
  moderationId: string,
  path: string,
  from: unknown,
  to: unknown,
  now: string,
): Promise<void> {
  return queueEntry(
    db,
    moderationId,
    path,
    {
      id: crypto.randomUUID(),
      name: 'moderation.patch',
      args: { moderationId, patch: moderationPatchFor(path, from, to), updatedAt: now },
    },
    now,
  );
}

export type OpenModerationInput = {
  cycle: Cycle;
  planRef: string;
  /** The submitted audits of the plan: the server fixes its own list when it opens the moderation. */
  audits: readonly Audit[];
  chair: User;
};

/**
 * A moderation as it stands once opened: chaired by the one who opened it, on the cycle's
 * framework, over the plan's submitted audits, nothing agreed yet. The server opens its own the same way.
 */
export function newModeration(input: OpenModerationInput & { id: string; openedAt: string }): Moderation {
  const { id, cycle, planRef, audits, chair, openedAt } = input;
  return openedModeration({
    id,
    cycleId: cycle.id,
    planRef,
    frameworkId: cycle.frameworkId,
    frameworkVersion: cycle.frameworkVersion,
    auditRefs: audits.map((audit) => ({ auditId: audit.id, revision: audit.revision })),
    chair,
    openedAt,
  });
}

/**
 * Opens the moderation of a plan on this device and queues it for the server, or returns the one
 * already here. The server checks every assigned audit is submitted and makes its own auditRefs.
 */
export async function openModeration(input: OpenModerationInput, now: string = isoNow()): Promise<string> {
  const db = getDatabase();
  const { cycle, planRef } = input;
  const moderationId = await db.transaction('rw', [db.moderations, db.outbox, db.meta], async () => {
    const existing = (await db.moderations.where('[cycleId+planRef]').equals([cycle.id, planRef]).toArray())
      .map((raw) => ModerationRecordSchema.parse(raw).moderation)
      .sort((a, b) => b.revision - a.revision)[0];
    if (existing) return existing.id;
    const moderation = newModeration({ ...input, id: crypto.randomUUID(), openedAt: now });
    await db.moderations.add(toRecord(moderation));
    await queueEntry(
      db,
      moderation.id,
      null,
      {
        id: crypto.randomUUID(),
        name: 'moderation.open',
        args: { moderationId: moderation.id, cycleId: cycle.id, planRef, openedAt: now },
      },
      now,
    );
    return moderation.id;
  });
  notifyOutboxChanged();
  return moderationId;
}

/**
 * Changes one field. An unsent change to the same field is rewritten rather than queued again, so
 * typing a rationale leaves one change waiting, still based on what the server last saw.
 */
export async function changeModeration(
  moderationId: string,
  path: string,
  value: unknown,
  now: string = isoNow(),
): Promise<void> {
  const db = getDatabase();
  const to = normaliseModerationValue(path, value);
  const isQueued = await db.transaction('rw', [db.moderations, db.outbox, db.meta], async () => {
    const record = await readRecord(db, moderationId);
    if (record.moderation.status === 'signed-off') throw new ModerationSignedOffError();
    const from = moderationFieldValue(record.moderation, path);
    if (isSameValue(from, to)) return false;
    const moderation = { ...writeModerationField(record.moderation, path, to), updatedAt: now };
    const latest = await db.outbox.where('[recordId+field]').equals([moderationId, path]).last();
    const queued = latest?.status === 'pending' ? OutboxEntrySchema.parse(latest) : undefined;
    if (queued?.mutation.name === 'moderation.patch') {
      const base = queuedFrom(queued, path);
      if (isSameValue(base, to)) {
        // Back to what the server last saw: nothing to send for this field.
        await db.outbox.delete(queued.clientSeq);
      } else {
        const mutation = {
          ...queued.mutation,
          args: { moderationId, patch: moderationPatchFor(path, base, to), updatedAt: now },
        };
        await db.outbox.put(OutboxEntrySchema.parse({ ...queued, mutation, updatedAt: now }));
      }
    } else {
      await queueFieldPatch(db, moderationId, path, from, to, now);
    }
    // Checked after the outbox entry (whose schema checks the value): an invalid value writes nothing.
    await db.moderations.put(toRecord(moderation));
    return true;
  });
  if (isQueued) notifyOutboxChanged();
}

/** Signs off an agreed moderation: from here it is read-only on this device. */
export async function signOffModeration(moderationId: string, by: string, now: string = isoNow()): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', [db.moderations, db.outbox, db.meta], async () => {
    const record = await readRecord(db, moderationId);
    if (record.moderation.status === 'signed-off') return;
    if (record.moderation.status !== 'agreed') throw new Error('Only an agreed moderation can be signed off.');
    const moderation: Moderation = {
      ...record.moderation,
      status: 'signed-off',
      signedOffAt: now,
      signedOffBy: by,
      updatedAt: now,
    };
    await db.moderations.put(toRecord(moderation));
    await queueEntry(
      db,
      moderationId,
      null,
      {
        id: crypto.randomUUID(),
        name: 'moderation.signOff',
        args: { moderationId, revision: moderation.revision, signedOffAt: now },
      },
      now,
    );
  });
  notifyOutboxChanged();
}

/** Starts an amendment of a signed-off moderation: a new open revision, a copy of it, with the reason. */
export async function amendModeration(
  moderationId: string,
  reason: string,
  by: string,
  now: string = isoNow(),
): Promise<string> {
  const db = getDatabase();
  const newId = await db.transaction('rw', [db.moderations, db.outbox, db.meta], async () => {
    const record = await readRecord(db, moderationId);
    if (record.moderation.status !== 'signed-off') throw new Error('Only a signed-off moderation can be amended.');
    const amended = amendedModeration(record.moderation, {
      id: crypto.randomUUID(),
      reason: reason.trim(),
      openedAt: now,
      openedBy: by,
      updatedAt: now,
    });
    await queueEntry(
      db,
      amended.id,
      null,
      {
        id: crypto.randomUUID(),
        name: 'moderation.amend',
        args: { moderationId, newModerationId: amended.id, reason: reason.trim(), startedAt: now },
      },
      now,
    );
    await db.moderations.add(toRecord(amended));
    return amended.id;
  });
  notifyOutboxChanged();
  return newId;
}

export type ModerationConflictChoice = 'mine' | 'theirs';

/**
 * Settles a field changed both here and on the server. "theirs" takes the server's value; "mine"
 * queues this device's value again, now based on the server's, so it applies cleanly.
 */
export async function resolveModerationConflict(
  moderationId: string,
  path: string,
  choice: ModerationConflictChoice,
  now: string = isoNow(),
): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', [db.moderations, db.outbox, db.meta], async () => {
    const server = await takeFieldConflict(db, moderationId, path, 'serverModeration');
    if (!server) return;
    const theirs = moderationFieldValue(server, path);
    const record = await readRecord(db, moderationId);
    const mine = moderationFieldValue(record.moderation, path);
    if (choice === 'theirs') {
      const moderation = { ...writeModerationField(record.moderation, path, theirs), updatedAt: now };
      await db.moderations.put(toRecord(moderation));
    } else if (!isSameValue(theirs, mine)) {
      await queueFieldPatch(db, moderationId, path, theirs, mine, now);
    }
  });
  notifyOutboxChanged();
}

// ---------------------------------------------------------------------------------------------
// What the server answered (outbox.ts) and what it sent (pull.ts). Both run inside the caller's
// transaction, which includes db.moderations and db.outbox.

/**
 * A moderation as the server sent it, with this device's unsent fields on top: a pull never
 * overwrites a change the server has not taken yet. Refused changes are not kept on top: the
 * server's value is the one that stands.
 */
export async function mergeModeration(db: DeviceDatabase, server: Moderation): Promise<Moderation> {
  const entries = (await db.outbox.where('recordId').equals(server.id).toArray())
    .map((e) => OutboxEntrySchema.parse(e))
    .filter((e) => e.status !== 'rejected');
  if (entries.length === 0) return server;
  const raw = await db.moderations.get(server.id);
  if (!raw) return server;
  const local = ModerationRecordSchema.parse(raw).moderation;
  let merged = server;
  for (const entry of entries) {
    if (entry.field && merged.status !== 'signed-off') {
      merged = writeModerationField(merged, entry.field, moderationFieldValue(local, entry.field));
    }
  }
  const isSignOffWaiting = entries.some(
    (e) => e.mutation.name === 'moderation.signOff' && (e.status === 'pending' || e.status === 'sending'),
  );
  if (isSignOffWaiting && local.status === 'signed-off' && merged.status !== 'signed-off') {
    merged = { ...merged, status: 'signed-off', signedOffAt: local.signedOffAt, signedOffBy: local.signedOffBy };
  }
  return merged;
}

export async function storePulledModeration(db: DeviceDatabase, moderation: Moderation): Promise<void> {
  await db.moderations.put(toRecord(await mergeModeration(db, moderation)));
}

export async function deletePulledModeration(db: DeviceDatabase, moderationId: string): Promise<void> {
  if ((await db.outbox.where('recordId').equals(moderationId).count()) === 0) await db.moderations.delete(moderationId);
}

/**
 * Side effects of a refused moderation change on the device's copy: a refused sign-off reopens
 * the agreed moderation; a refused field goes back to what the server last had.
 */
export async function undoRejectedModerationChange(db: DeviceDatabase, entry: OutboxEntry, now: string): Promise<void> {
  const raw = await db.moderations.get(entry.recordId);
  if (!raw) return;
  const record = ModerationRecordSchema.parse(raw);
  if (entry.mutation.name === 'moderation.signOff' && record.moderation.status === 'signed-off') {
    const { signedOffAt: _at, signedOffBy: _by, ...rest } = record.moderation;
    await db.moderations.put(toRecord({ ...rest, status: 'agreed', updatedAt: now }));
  } else if (entry.mutation.name === 'moderation.patch' && entry.field && record.moderation.status !== 'signed-off') {
    const from = queuedFrom(entry, entry.field);
    await db.moderations.put(
      toRecord({ ...writeModerationField(record.moderation, entry.field, from), updatedAt: now }),
    );
  }
}

/**
 * Someone else opened this plan's moderation first: the device adopts the server's moderation, and
 * its own queued changes move onto it (still carrying what they last saw, so any field the other
 * moderator also set comes back as a conflict to settle, never an overwrite).
 */
export async function adoptServerModeration(
  db: DeviceDatabase,
  localId: string,
  server: Moderation,
  now: string,
): Promise<void> {
  const entries = (await db.outbox.where('recordId').equals(localId).toArray()).map((e) => OutboxEntrySchema.parse(e));
  for (const entry of entries) {
    if (entry.mutation.name === 'moderation.open') {
      await db.outbox.delete(entry.clientSeq);
      continue;
    }
    if (entry.mutation.name !== 'moderation.patch') continue;
    const mutation = { ...entry.mutation, args: { ...entry.mutation.args, moderationId: server.id } };
    const { rejection: _r, conflict: _c, ...rest } = entry;
    await db.outbox.put(
      OutboxEntrySchema.parse({ ...rest, recordId: server.id, mutation, status: 'pending', updatedAt: now }),
    );
  }
  const raw = await db.moderations.get(localId);
  await db.moderations.delete(localId);
  let adopted = server;
  if (raw) {
    const local = ModerationRecordSchema.parse(raw).moderation;
    for (const entry of entries) {
      if (entry.field) adopted = writeModerationField(adopted, entry.field, moderationFieldValue(local, entry.field));
    }
  }
  await db.moderations.put(toRecord(adopted));
}
