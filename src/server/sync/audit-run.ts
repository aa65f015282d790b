// A run of audit mutations in one push (audit.start, .patch and .submit, next to each other in the
// batch), applied set-based: one statement loads what the run needs (claims already made, the
// assignments, the audits, locked), every mutation is decided in memory in request order by the
// same rules the per-mutation path uses (audit-push.ts), and one statement writes what was applied.
// push.ts runs it under a savepoint and falls back to the per-mutation path if it fails.
import type { Mutation, MutationResult } from '#shared/protocol/sync.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import {
  loadAuditRun,
  writeAuditRun,
  type RunAssignment,
  type RunAuditWrite,
  type RunLogEntry,
} from '../store/audits.ts';
import { frameworkKey, restampRecords, restampSubmittedAudits } from '../store/feed.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import {
  decidePatch,
  decideStart,
  decideSubmit,
  refuseNotOwn,
  type AuditDecision,
  type AuditRow,
  type StartFacts,
} from './audit-push.ts';
import { duplicate, type PushContext } from './push-common.ts';

export type AuditRunMutation = Extract<Mutation, { name: 'audit.start' | 'audit.patch' | 'audit.submit' }>;

export const isAuditRunMutation = (mutation: Mutation): mutation is AuditRunMutation =>
  mutation.name === 'audit.start' || mutation.name === 'audit.patch' || mutation.name === 'audit.submit';

/** Thrown when a concurrent push claimed some of the run's mutations first: the run is rolled back. */
export class RunRaced extends Error {}

const NO_ASSIGNMENT: StartFacts = {
  auditor_id: null,
  cycle_id: '',
  plan_ref: '',
  agency: 'education',
  framework_id: '',
  framework_version: 0,
  cycle_status: '',
};

type AuditState = { id: string; assignmentId: string; revision: number; row: AuditRow; isNew: boolean };

/**
 * Applies the run and answers each of its mutations, in order, exactly as the per-mutation path
 * would have: a mutation already claimed is a duplicate, a refused one leaves nothing behind (its
 * claim is never written), an applied one is claimed, written and logged.
 */
export async function applyAuditRun(
  tx: SqlRunner,
  ctx: PushContext,
  clientId: string,
  run: readonly AuditRunMutation[],
): Promise<MutationResult[]> {
  const loaded = await loadAuditRun(tx, {
    clientId,
    mutationIds: run.map((m) => m.id),
    auditIds: [...new Set(run.map((m) => m.args.auditId))],
    assignmentIds: [...new Set(run.flatMap((m) => (m.name === 'audit.start' ? [m.args.assignmentId] : [])))],
  });
  const claimed = new Set(loaded.claimed);
  const assignments = new Map<string, RunAssignment>(loaded.assignments.map((a) => [a.id, a]));
  const byId = new Map<string, AuditState>();
  const byAssignment = new Map<string, AuditState[]>();
  for (const audit of loaded.audits) {
    const state: AuditState = {
      id: audit.id,
      assignmentId: audit.assignment_id,
      revision: audit.revision,
      row: { doc: audit.doc, auditor_id: audit.auditor_id, attributes: audit.attributes },
      isNew: false,
    };
    byId.set(audit.id, state);
    // Loaded latest revision first, so each assignment's list stays in that order.
    byAssignment.set(audit.assignment_id, [...(byAssignment.get(audit.assignment_id) ?? []), state]);
  }
  const frameworks = new Map<string, Framework | undefined>();
  const pinned = [
    ...loaded.audits.map((a) => ({ id: a.doc.frameworkId, version: a.doc.frameworkVersion })),
    ...loaded.assignments.map((a) => ({ id: a.framework_id, version: a.framework_version })),
  ];
  for (const { id, version } of pinned) {
    const key = frameworkKey(id, version);
    if (!frameworks.has(key)) frameworks.set(key, await ctx.frameworks.get(tx, id, version));
  }
  const frameworkOf = (row: AuditRow) => frameworks.get(frameworkKey(row.doc.frameworkId, row.doc.frameworkVersion));

  const decide = (mutation: AuditRunMutation): AuditDecision => {
    if (mutation.name === 'audit.start') {
      const { auditId, assignmentId } = mutation.args;
      const same = byId.get(auditId);
      const existing = [...(same ? [same] : []), ...(byAssignment.get(assignmentId) ?? []).filter((s) => s !== same)]
        .sort((a, b) => b.revision - a.revision)
        .map((s) => ({ id: s.id, assignment_id: s.assignmentId, doc: s.row.doc }));
      return decideStart(ctx, mutation.args, mutation.id, assignments.get(assignmentId) ?? NO_ASSIGNMENT, existing);
    }
    const state = byId.get(mutation.args.auditId);
    const refusal = refuseNotOwn(ctx, mutation.id, state?.row);
    // refuseNotOwn refuses a missing audit, so `state` is there past this line.
    if (refusal || !state) return { result: refusal ?? duplicate(mutation.id) };
    return mutation.name === 'audit.patch'
      ? decidePatch(ctx, mutation.args, mutation.id, state.row.doc, frameworkOf(state.row))
      : decideSubmit(ctx, mutation.args, mutation.id, state.row, frameworkOf(state.row));
  };

  const results: MutationResult[] = [];
  const claims: { mutationId: string; name: string; clientSeq: number }[] = [];
  const log: RunLogEntry[] = [];
  const written = new Map<string, AuditState>();
  const submitted: string[] = [];
  for (const mutation of run) {
    if (claimed.has(mutation.id)) {
      results.push(duplicate(mutation.id));
      continue;
    }
    const { result, write } = decide(mutation);
    results.push(result);
    if (result.status !== 'applied') continue;
    claimed.add(mutation.id);
    claims.push({ mutationId: mutation.id, name: mutation.name, clientSeq: mutation.clientSeq });
    if (!write) continue;
    log.push({ auditId: write.audit.id, ...write.log });
    let state = byId.get(write.audit.id);
    if (write.insertFor) {
      const attributes = assignments.get(write.insertFor.assignmentId)?.attributes ?? null;
      state = {
        id: write.audit.id,
        assignmentId: write.insertFor.assignmentId,
        revision: write.audit.revision,
        row: { doc: write.audit, auditor_id: ctx.user.id, attributes },
        isNew: true,
      };
      byId.set(state.id, state);
      byAssignment.set(state.assignmentId, [state, ...(byAssignment.get(state.assignmentId) ?? [])]);
    } else if (state) state.row = { ...state.row, doc: write.audit };
    if (state) written.set(state.id, state);
    if (mutation.name === 'audit.submit') submitted.push(write.audit.id);
  }
  if (claims.length === 0) return results;

  const audits: RunAuditWrite[] = [...written.values()].map((s) => ({
    audit: s.row.doc,
    ...(s.isNew ? { assignmentId: s.assignmentId } : {}),
  }));
  const write = writeAuditRun(tx, { clientId, userId: ctx.user.id, claims, audits, log });
  // Now submitted, each audit reaches QA leads and colleagues who have submitted theirs, and its
  // author's blind scoring of the plan ends; a submitted correction replaces the revision it supersedes.
  const superseded = submitted.flatMap((id) => {
    const supersedes = byId.get(id)?.row.doc.supersedes;
    return supersedes ? [supersedes.auditId] : [];
  });
  const restamp = async () => {
    await restampSubmittedAudits(tx, submitted);
    await restampRecords(tx, 'audit', superseded);
  };
  // On PostgreSQL the re-stamp goes down the connection right behind the write, not after its
  // answer (pipeline mode, pg-client.ts): one round trip fewer. It still runs after the write in the
  // same transaction, so it sees what the write wrote; if the write fails or was raced, the run is
  // rolled back, re-stamp and all. PGlite runs them in turn.
  const [newClaims] = tx.engine === 'postgres' ? await Promise.all([write, restamp()]) : [await write, await restamp()];
  if (newClaims !== claims.length) throw new RunRaced('a concurrent push claimed part of this run first');
  return results;
}
