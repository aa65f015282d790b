// Where the page sends audit changes: to the storage worker when the browser has one (the write
// then never waits behind rendering), otherwise straight to the repository on this thread.
// Changes go to one worker in order, so they commit in the order they were made.
import { z } from 'zod';
import type { AuditFieldChange } from './audit-changes.ts';
import { AuditNotFoundError, AuditSubmittedError, changeAudit } from './audit-repository.ts';
import { notifyOutboxChanged } from './events.ts';
import { onSealStateChanged, readSealState } from './seal-state.ts';

const ReplySchema = z.discriminatedUnion('ok', [
  z.strictObject({ requestId: z.number(), ok: z.literal(true), committedAt: z.number() }),
  z.strictObject({ requestId: z.number(), ok: z.literal(false), name: z.string(), message: z.string() }),
]);

type Pending = { resolve: (committedAt: number) => void; reject: (error: Error) => void };

let worker: Worker | null | undefined;
let nextRequestId = 1;
// The worker applies changes in order, so the latest one settling means all have.
let lastWrite: Promise<unknown> = Promise.resolve();
const pending = new Map<number, Pending>();

function rebuildError(name: string, message: string): Error {
  if (name === 'AuditSubmittedError') return new AuditSubmittedError();
  if (name === 'AuditNotFoundError') return new AuditNotFoundError(message);
  const error = new Error(message);
  error.name = name;
  return error;
}

function failAll(reason: Error): void {
  for (const { reject } of pending.values()) reject(reason);
  pending.clear();
}

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined' || import.meta.env.MODE === 'test') {
    worker = null;
    return worker;
  }
  try {
    const started = new Worker(new URL('./audit-writer.worker.ts', import.meta.url), {
      type: 'module',
      name: 'audit-writer',
    });
    started.addEventListener('message', (event: MessageEvent) => {
      const reply = ReplySchema.safeParse(event.data);
      if (!reply.success) return;
      const waiter = pending.get(reply.data.requestId);
      pending.delete(reply.data.requestId);
      if (!waiter) return;
      if (reply.data.ok) waiter.resolve(reply.data.committedAt);
      else waiter.reject(rebuildError(reply.data.name, reply.data.message));
    });
    started.addEventListener('error', () => {
      // The worker could not start (or died): carry on without it; nothing queued is lost, the
      // callers see the failure and the next change goes through this thread.
      worker = null;
      failAll(new Error('The storage worker stopped.'));
    });
    worker = started;
    onSealStateChanged(() => started.postMessage({ kind: 'seal', seal: readSealState() }));
  } catch {
    worker = null;
  }
  return worker;
}

/** Starts the worker ahead of the first change, so that change does not wait for it to load. */
export function prepareAuditWriter(): void {
  startWorker();
}

/**
 * Saves one change to an audit and its outbox entry (one transaction). Resolves with the moment
 * it committed, in this page's performance clock.
 */
export async function saveAuditChange(
  auditId: string,
  change: AuditFieldChange,
  now: string = new Date().toISOString(),
): Promise<number> {
  const target = startWorker();
  if (!target) {
    const written = changeAudit(auditId, change, now);
    lastWrite = written.catch(() => undefined);
    await written;
    return performance.now();
  }
  const requestId = nextRequestId;
  nextRequestId += 1;
  const written = new Promise<number>((resolve, reject) => {
    pending.set(requestId, { resolve, reject });
    // The key goes with each change (a CryptoKey is cloned as a handle, still non-extractable), so
    // the worker never writes while the page is locked, nor in the clear once a PIN is set.
    target.postMessage({ requestId, auditId, change, now, seal: readSealState() });
  });
  lastWrite = written.catch(() => undefined);
  const committedAt = await written;
  notifyOutboxChanged();
  return committedAt - performance.timeOrigin;
}

/** Resolves once every change sent so far has been written (before a submit, say). */
export async function flushAuditWrites(): Promise<void> {
  await lastWrite;
}
