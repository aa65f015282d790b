// Parent-carer feedback calls on this device: started, answered and submitted here at once (each
// change written to IndexedDB with its outbox entry in one transaction), so recording works offline
// and syncs later. An unsent change to the same answer is rewritten, not queued again.
import type { FeedbackPatch } from '#shared/protocol/sync.ts';
import {
  applyFeedbackPatch,
  feedbackFieldPath,
  FeedbackCallRowSchema,
  startedFeedbackCall,
} from '#shared/records/feedback-call.ts';
import type { FeedbackAnswer, FeedbackCall } from '#shared/schemas/feedback.ts';
import { getDatabase, type DeviceDatabase } from './db.ts';
import { notifyOutboxChanged } from './events.ts';
import { queueOutboxEntry } from './outbox-queue.ts';
import { OutboxEntrySchema } from './records.ts';

const isoNow = (): string => new Date().toISOString();
const toRow = (call: FeedbackCall) =>
  FeedbackCallRowSchema.parse({ id: call.id, planRef: call.planRef, calledOn: call.calledOn, call });

async function read(db: DeviceDatabase, callId: string): Promise<FeedbackCall | undefined> {
  const raw = await db.feedbackCalls.get(callId);
  return raw ? FeedbackCallRowSchema.parse(raw).call : undefined;
}

export async function getFeedbackCall(callId: string): Promise<FeedbackCall | undefined> {
  return read(getDatabase(), callId);
}

export async function listFeedbackCalls(): Promise<FeedbackCall[]> {
  const rows = await getDatabase().feedbackCalls.toArray();
  return rows.map((r) => FeedbackCallRowSchema.parse(r).call).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function startFeedbackCall(
  input: { planRef: string; form: { id: string; version: number }; calledOn: string; recordedBy: string },
  now: string = isoNow(),
): Promise<string> {
  const db = getDatabase();
  const call = startedFeedbackCall({ ...input, id: crypto.randomUUID(), startedAt: now });
  await db.transaction('rw', [db.feedbackCalls, db.outbox, db.meta], async () => {
    await db.feedbackCalls.add(toRow(call));
    await queueOutboxEntry(
      db,
      {
        entity: 'feedback-call',
        recordId: call.id,
        field: null,
        mutation: {
          id: crypto.randomUUID(),
          name: 'feedback.start',
          args: {
            callId: call.id,
            planRef: call.planRef,
            formId: call.formId,
            formVersion: call.formVersion,
            calledOn: call.calledOn,
            startedAt: now,
          },
        },
      },
      now,
    );
  });
  notifyOutboxChanged();
  return call.id;
}

/** Sets (or, with null, clears) one answer. */
export async function setFeedbackAnswer(
  callId: string,
  questionId: string,
  answer: FeedbackAnswer | null,
  now: string = isoNow(),
): Promise<void> {
  const db = getDatabase();
  const field = feedbackFieldPath({ kind: 'answer', questionId });
  await db.transaction('rw', [db.feedbackCalls, db.outbox, db.meta], async () => {
    const call = await read(db, callId);
    if (!call) throw new Error('There is no such feedback call on this device.');
    if (call.status === 'submitted') throw new Error('The feedback call was already submitted.');
    const current = Object.hasOwn(call.answers, questionId) ? (call.answers[questionId] ?? null) : null;
    const queued = (await db.outbox.where('[recordId+field]').equals([callId, field]).toArray())
      .map((e) => OutboxEntrySchema.parse(e))
      .find((e) => e.status === 'pending' && e.mutation.name === 'feedback.patch');
    if (queued && queued.mutation.name === 'feedback.patch') {
      // Still unsent: keep what the server last saw ("from"), change only what is wanted.
      const from = queued.mutation.args.patch.answers?.[questionId]?.from ?? null;
      const patch: FeedbackPatch = { answers: { [questionId]: { from, to: answer } } };
      const mutation = { ...queued.mutation, args: { ...queued.mutation.args, patch, updatedAt: now } };
      await db.outbox.put(OutboxEntrySchema.parse({ ...queued, mutation, updatedAt: now }));
    } else {
      await queueOutboxEntry(
        db,
        {
          entity: 'feedback-call',
          recordId: callId,
          field,
          mutation: {
            id: crypto.randomUUID(),
            name: 'feedback.patch',
            args: { callId, patch: { answers: { [questionId]: { from: current, to: answer } } }, updatedAt: now },
          },
        },
        now,
      );
    }
    const patch: FeedbackPatch = { answers: { [questionId]: { from: current, to: answer } } };
    await db.feedbackCalls.put(toRow(applyFeedbackPatch(call, patch, now)));
  });
  notifyOutboxChanged();
}

export async function submitFeedbackCall(callId: string, now: string = isoNow()): Promise<void> {
  const db = getDatabase();
  await db.transaction('rw', [db.feedbackCalls, db.outbox, db.meta], async () => {
    const call = await read(db, callId);
    if (!call || call.status === 'submitted') return;
    await db.feedbackCalls.put(toRow({ ...call, status: 'submitted', submittedAt: now, updatedAt: now }));
    await queueOutboxEntry(
      db,
      {
        entity: 'feedback-call',
        recordId: callId,
        field: null,
        mutation: { id: crypto.randomUUID(), name: 'feedback.submit', args: { callId, submittedAt: now } },
      },
      now,
    );
  });
  notifyOutboxChanged();
}

/** A pulled call replaces the device's copy unless changes to it are still waiting here. */
export async function storePulledFeedbackCall(
  db: DeviceDatabase,
  id: string,
  call: FeedbackCall | undefined,
): Promise<void> {
  const waiting = (await db.outbox.where('recordId').equals(id).count()) > 0;
  if (waiting) return;
  if (call) await db.feedbackCalls.put(toRow(call));
  else await db.feedbackCalls.delete(id);
}
