// Closing a cycle (QA leads and admins) and reopening it (admins only). Closing is what makes a
// cycle's records subject to retention, so it is refused while results are unfinished (the rule is
// #shared/domain/cycle-closing.ts); reopening is refused once retention has deleted from the cycle.
// Both are logged, and both re-stamp the cycle so devices learn its status on their next pull.
import { closeRefusal, CLOSING_RULE, reopenRefusal, type CloseBlockers } from '#shared/domain/cycle-closing.ts';
import type { CycleClosingResponse } from '#shared/protocol/api.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import { appendLog } from '../store/audit-log.ts';
import { cycleClosingRow, setCycleStatus, type CycleClosingRow } from '../store/cycles.ts';
import { restampRecord } from '../store/feed.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { CycleError } from './cycles.ts';

const blockersOf = (row: CycleClosingRow): CloseBlockers => ({
  openModerations: row.open_moderations,
  agreedModerations: row.agreed_moderations,
  draftAudits: row.draft_audits,
});

function describe(cycleId: string, row: CycleClosingRow): CycleClosingResponse {
  const blockers = blockersOf(row);
  return {
    cycleId,
    status: row.status,
    rule: CLOSING_RULE,
    blockers,
    closeRefusal: row.status === 'closed' ? 'the cycle is already closed' : closeRefusal(blockers),
    reopenRefusal: reopenRefusal({ status: row.status, isRetentionApplied: row.retention_applied_at !== null }),
  };
}

async function requireClosingRow(db: SqlRunner, cycleId: string, forUpdate: boolean): Promise<CycleClosingRow> {
  const row = await cycleClosingRow(db, cycleId, forUpdate);
  if (!row) throw new CycleError('not-found', 'there is no such cycle');
  return row;
}

/** Whether the cycle may close or reopen now, and why not. */
export async function cycleClosing(db: SqlRunner, cycleId: string): Promise<CycleClosingResponse> {
  return describe(cycleId, await requireClosingRow(db, cycleId, false));
}

/**
 * Moves a cycle to `to` if the rule allows it now, logged and sent to devices. The row is locked, so
 * two closes (or a close and a reopen) queue rather than both pass the check.
 */
async function changeStatus(db: SqlClient, actorId: string, cycleId: string, to: 'open' | 'closed'): Promise<Cycle> {
  return db.transaction(async (tx) => {
    const state = describe(cycleId, await requireClosingRow(tx, cycleId, true));
    const refusal = to === 'closed' ? state.closeRefusal : state.reopenRefusal;
    if (refusal) throw new CycleError('refused', refusal);
    const cycle = await setCycleStatus(tx, cycleId, to);
    await appendLog(tx, {
      actorId,
      action: to === 'closed' ? 'cycle.close' : 'cycle.reopen',
      entityKind: 'cycle',
      entityId: cycleId,
      before: { status: to === 'closed' ? 'open' : 'closed' },
      after: { status: to },
    });
    await restampRecord(tx, 'cycle', cycleId);
    return cycle;
  });
}

export const closeCycle = (db: SqlClient, actorId: string, cycleId: string): Promise<Cycle> =>
  changeStatus(db, actorId, cycleId, 'closed');

export const reopenCycle = (db: SqlClient, actorId: string, cycleId: string): Promise<Cycle> =>
  changeStatus(db, actorId, cycleId, 'open');
