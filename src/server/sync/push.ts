// Applies a device's push in one transaction per batch, with a savepoint per mutation: each
// mutation is claimed first in applied_mutations (unique on client id + mutation id) so a retried
// or concurrent copy is a duplicate, never a second record, and a refused mutation is rolled back
// to its savepoint, nothing of it kept, while the others stand. The batch commits once; a crash
// before that loses the whole batch, none of it acknowledged, and the device's resend applies it.
// Round trips are the cost of a push, so each handler's first statement also makes the claim, and
// a run of audit start/patch/submit mutations goes set-based under one savepoint (audit-run.ts):
// a few statements for the run instead of three or four per mutation, answered the same way. A
// batch that is one such run goes without the savepoint: if it fails, its transaction is rolled
// back whole and the batch applied again the usual way.
// The handlers live by record kind: audit-push.ts, moderation-push.ts and feedback-push.ts.
import {
  SYNC_PROTOCOL_VERSION,
  type MutationResult,
  type Mutation,
  type PushRequest,
  type PushResponse,
} from '#shared/protocol/sync.ts';
import { DEADLOCK_DETECTED, SERIALIZATION_FAILURE, sqlErrorCode, UNIQUE_VIOLATION } from '../store/sql-client.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { patchAudit, reviseAudit, startAudit, submitAudit } from './audit-push.ts';
import { applyAuditRun, isAuditRunMutation, type AuditRunMutation } from './audit-run.ts';
import { patchFeedback, startFeedback, submitFeedback } from './feedback-push.ts';
import { amendModeration, openModeration, patchModeration, signOffModeration } from './moderation-push.ts';
import { rejected, type Claim, type PushContext } from './push-common.ts';

export type { PushContext } from './push-common.ts';

async function runHandler(tx: SqlRunner, ctx: PushContext, mutation: Mutation, claim: Claim): Promise<MutationResult> {
  switch (mutation.name) {
    case 'audit.start':
      return startAudit(tx, ctx, mutation.args, mutation.id, claim);
    case 'audit.patch':
      return patchAudit(tx, ctx, mutation.args, mutation.id, claim);
    case 'audit.submit':
      return submitAudit(tx, ctx, mutation.args, mutation.id, claim);
    case 'audit.revise':
      return reviseAudit(tx, ctx, mutation.args, mutation.id, claim);
    case 'moderation.open':
      return openModeration(tx, ctx, mutation.args, mutation.id, claim);
    case 'moderation.patch':
      return patchModeration(tx, ctx, mutation.args, mutation.id, claim);
    case 'moderation.signOff':
      return signOffModeration(tx, ctx, mutation.args, mutation.id, claim);
    case 'moderation.amend':
      return amendModeration(tx, ctx, mutation.args, mutation.id, claim);
    case 'feedback.start':
      return startFeedback(tx, ctx, mutation.args, mutation.id, claim);
    case 'feedback.patch':
      return patchFeedback(tx, ctx, mutation.args, mutation.id, claim);
    case 'feedback.submit':
      return submitFeedback(tx, ctx, mutation.args, mutation.id, claim);
  }
}

const RETRYABLE = new Set([UNIQUE_VIOLATION, SERIALIZATION_FAILURE, DEADLOCK_DETECTED]);
const ATTEMPTS = 3;

/**
 * One mutation inside the batch's transaction, between a savepoint and its release: refused, or
 * failing on input the database cannot store, it is rolled back to the savepoint alone. A race
 * with another transaction (a unique key taken, a deadlock) rolls back to the savepoint and runs
 * the mutation again, which then sees the winner's record.
 */
async function applyInBatch(
  tx: SqlRunner,
  ctx: PushContext,
  clientId: string,
  mutation: Mutation,
): Promise<MutationResult> {
  const claim: Claim = [clientId, mutation.id, ctx.user.id, mutation.name, mutation.clientSeq];
  for (let attempt = 1; ; attempt += 1) {
    await tx.exec('SAVEPOINT mutation');
    try {
      const result = await runHandler(tx, ctx, mutation, claim);
      await tx.exec(result.status === 'applied' ? 'RELEASE SAVEPOINT mutation' : 'ROLLBACK TO SAVEPOINT mutation');
      return result;
    } catch (error) {
      const code = sqlErrorCode(error) ?? '';
      if (!code.startsWith('22') && !(attempt < ATTEMPTS && RETRYABLE.has(code))) throw error;
      await tx.exec('ROLLBACK TO SAVEPOINT mutation');
      // Input the database cannot store (a data exception) refuses this mutation, not the batch.
      if (code.startsWith('22')) return rejected(mutation.id, 'invalid', 'a value in this change cannot be stored');
    }
  }
}

/** A mutation on its own, in its own transaction (one-mutation batches and tests). */
export async function applyMutation(ctx: PushContext, clientId: string, mutation: Mutation): Promise<MutationResult> {
  return ctx.db.transaction((tx) => applyInBatch(tx, ctx, clientId, mutation));
}

/**
 * The mutations from `start` that can go set-based together: audit.start, .patch and .submit next
 * to each other in the batch (a device's outbox sends an audit's start, patches and submit in a row).
 */
function auditRunAt(mutations: readonly Mutation[], start: number): AuditRunMutation[] {
  const run: AuditRunMutation[] = [];
  for (let at = start; at < mutations.length; at += 1) {
    const mutation = mutations[at];
    if (!mutation || !isAuditRunMutation(mutation)) break;
    run.push(mutation);
  }
  return run;
}

/**
 * A run of audit mutations set-based under a savepoint (audit-run.ts), answered in order; if any of
 * its statements fails (a race with another push, a value the database refuses), the run is rolled
 * back to the savepoint and each of its mutations goes through the per-mutation path instead,
 * which sorts out which one fails and how.
 */
async function applyRunInBatch(
  tx: SqlRunner,
  ctx: PushContext,
  clientId: string,
  run: readonly AuditRunMutation[],
): Promise<MutationResult[]> {
  await tx.exec('SAVEPOINT run');
  try {
    const results = await applyAuditRun(tx, ctx, clientId, run);
    await tx.exec('RELEASE SAVEPOINT run');
    return results;
  } catch {
    await tx.exec('ROLLBACK TO SAVEPOINT run');
  }
  const results: MutationResult[] = [];
  for (const mutation of run) results.push(await applyInBatch(tx, ctx, clientId, mutation));
  return results;
}

/** Below this many, a run goes mutation by mutation: the set-based path costs a few statements of its own. */
const MIN_RUN = 2;

/**
 * A batch that is one run of audit mutations, set-based in a transaction of its own with no
 * savepoint (two round trips fewer: the common push of a device catching up). Undefined if any of
 * it fails, the transaction then rolled back whole, for the caller to apply the batch the usual way.
 */
async function applyWholeRun(ctx: PushContext, request: PushRequest): Promise<MutationResult[] | undefined> {
  const run = auditRunAt(request.mutations, 0);
  if (run.length < MIN_RUN || run.length !== request.mutations.length) return undefined;
  try {
    return await ctx.db.transaction(async (tx) => {
      const results = await applyAuditRun(tx, ctx, request.clientId, run);
      // Test-only crash switch, as in applyPush: the whole run written, not committed.
      for (let index = 0; index < results.length; index += 1) ctx.afterMutation?.(index);
      return results;
    });
  } catch {
    return undefined;
  }
}

export async function applyPush(ctx: PushContext, request: PushRequest): Promise<PushResponse> {
  const wholeRun = await applyWholeRun(ctx, request);
  if (wholeRun) return { protocolVersion: SYNC_PROTOCOL_VERSION, results: wholeRun };
  const results = await ctx.db.transaction(async (tx) => {
    const applied: MutationResult[] = [];
    const { mutations } = request;
    while (applied.length < mutations.length) {
      const at = applied.length;
      const run = auditRunAt(mutations, at);
      const answered =
        run.length >= MIN_RUN
          ? await applyRunInBatch(tx, ctx, request.clientId, run)
          : [await applyInBatch(tx, ctx, request.clientId, mutations[at]!)];
      applied.push(...answered);
      // Test-only crash switch: in request order, once each mutation's outcome is settled in the
      // transaction (for a run, once the whole run is written), never after the batch commits.
      for (let index = at; index < applied.length; index += 1) ctx.afterMutation?.(index);
    }
    return applied;
  });
  return { protocolVersion: SYNC_PROTOCOL_VERSION, results };
}
