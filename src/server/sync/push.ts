// Applies a device's push: each mutation in its own transaction, claimed first in
// applied_mutations (unique on client id + mutation id) so a retried or concurrent copy is a
// duplicate, never a second record. A refused mutation rolls back whole: nothing of it is kept.
// Round trips are the cost of a push, so each handler's first statement also makes the claim.
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
import { patchFeedback, startFeedback, submitFeedback } from './feedback-push.ts';
import { amendModeration, openModeration, patchModeration, signOffModeration } from './moderation-push.ts';
import { rejected, type Claim, type PushContext } from './push-common.ts';

export type { PushContext } from './push-common.ts';

/** Thrown inside a mutation's transaction to roll it back and answer with this result. */
class Refusal extends Error {
  constructor(readonly result: MutationResult) {
    super(result.status);
  }
}

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

export async function applyMutation(ctx: PushContext, clientId: string, mutation: Mutation): Promise<MutationResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.transaction(async (tx) => {
        const claim: Claim = [clientId, mutation.id, ctx.user.id, mutation.name, mutation.clientSeq];
        const result = await runHandler(tx, ctx, mutation, claim);
        if (result.status !== 'applied') throw new Refusal(result);
        return result;
      });
    } catch (error) {
      if (error instanceof Refusal) return error.result;
      // Input the database cannot store (a data exception) refuses this mutation, not the batch.
      if (sqlErrorCode(error)?.startsWith('22')) {
        return rejected(mutation.id, 'invalid', 'a value in this change cannot be stored');
      }
      // Two transactions racing for the same audit: the loser runs again and sees the winner's record.
      if (attempt < ATTEMPTS && RETRYABLE.has(sqlErrorCode(error) ?? '')) continue;
      throw error;
    }
  }
}

/**
 * Splits a batch into chains that cannot affect each other: mutations naming the same audit or the
 * same assignment share a chain, in the device's order. Chains may run side by side.
 */
export function independentChains(mutations: readonly Mutation[]): number[][] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(key, root);
    return root;
  };
  const keysOf = (m: Mutation): string[] => {
    switch (m.name) {
      case 'audit.start':
        return [`audit:${m.args.auditId}`, `assignment:${m.args.assignmentId}`];
      case 'audit.revise':
        // The correction's own patches and submit name the new id: they must follow the revise.
        return [`audit:${m.args.auditId}`, `audit:${m.args.newAuditId}`];
      case 'audit.patch':
      case 'audit.submit':
        return [`audit:${m.args.auditId}`];
      case 'moderation.open':
        return [`moderation:${m.args.moderationId}`, `moderation-plan:${m.args.cycleId}/${m.args.planRef}`];
      case 'moderation.amend':
        return [`moderation:${m.args.moderationId}`, `moderation:${m.args.newModerationId}`];
      case 'moderation.patch':
      case 'moderation.signOff':
        return [`moderation:${m.args.moderationId}`];
      case 'feedback.start':
      case 'feedback.patch':
      case 'feedback.submit':
        return [`feedback-call:${m.args.callId}`];
    }
  };
  for (const mutation of mutations) {
    const [first, ...rest] = keysOf(mutation).map(find);
    for (const key of rest) if (first !== undefined) parent.set(key, first);
  }
  const chains = new Map<string, number[]>();
  mutations.forEach((mutation, i) => {
    const root = find(keysOf(mutation)[0] ?? '');
    chains.set(root, [...(chains.get(root) ?? []), i]);
  });
  return [...chains.values()];
}

/** PostgreSQL applies independent chains on several connections at once; PGlite has one. */
const CHAINS_AT_ONCE = { postgres: 4, pglite: 1 } as const;

export async function applyPush(ctx: PushContext, request: PushRequest): Promise<PushResponse> {
  const results: MutationResult[] = new Array<MutationResult>(request.mutations.length);
  const queue = independentChains(request.mutations);
  const worker = async (): Promise<void> => {
    for (let chain = queue.shift(); chain; chain = queue.shift()) {
      for (const i of chain) {
        const mutation = request.mutations[i];
        if (mutation) results[i] = await applyMutation(ctx, request.clientId, mutation);
      }
    }
  };
  await Promise.all(Array.from({ length: CHAINS_AT_ONCE[ctx.db.engine] }, worker));
  return { protocolVersion: SYNC_PROTOCOL_VERSION, results };
}
