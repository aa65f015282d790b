// Assigning auditors to a cycle's sampled plans: each assignment takes the auditor's agency, and
// the auditors' devices receive the plan, the cycle and the framework on their next pull.
import { randomUUID } from 'node:crypto';
import { acceptsNewAudits } from '#shared/domain/cycle-closing.ts';
import type { CreateAssignmentsRequest } from '#shared/protocol/api.ts';
import type { Assignment } from '#shared/schemas/cycle.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import { appendLogs } from '../store/audit-log.ts';
import { findCycleRow, insertAssignment } from '../store/cycles.ts';
import { grantVisible, restampRecord, restampRecords } from '../store/feed.ts';
import type { SqlClient } from '../store/sql-client.ts';
import { findUserById } from '../store/users.ts';
import { CycleError } from './cycles.ts';

/** Assigning the same auditor to the same plan again changes nothing. */
export async function assignAuditors(
  db: SqlClient,
  actorId: string | null,
  cycleId: string,
  request: CreateAssignmentsRequest,
): Promise<Assignment[]> {
  return db.transaction(async (tx) => {
    const cycle = (await findCycleRow(tx, cycleId, true))?.doc;
    if (!cycle) throw new CycleError('not-found', 'there is no such cycle');
    // A closed cycle takes no new audits, so no new work either (an admin can reopen it).
    if (!acceptsNewAudits(cycle.status)) {
      throw new CycleError('refused', 'the cycle is closed, so no auditors can be assigned to it');
    }
    const sampled = new Set(cycle.sampledPlans);
    const issues: { path: string; message: string }[] = [];
    const agencies = new Map<string, Agency>();
    for (const [i, wanted] of request.assignments.entries()) {
      if (!sampled.has(wanted.planRef)) {
        issues.push({ path: `assignments[${i}].planRef`, message: `${wanted.planRef} is not in this cycle's sample` });
      }
      if (!agencies.has(wanted.auditorId)) {
        const auditor = await findUserById(tx, wanted.auditorId);
        if (auditor && !auditor.disabled && auditor.user.roles.includes('auditor') && auditor.user.agency) {
          agencies.set(wanted.auditorId, auditor.user.agency);
        }
      }
      if (!agencies.has(wanted.auditorId)) {
        issues.push({ path: `assignments[${i}].auditorId`, message: 'not an active auditor' });
      }
    }
    if (issues.length > 0) throw new CycleError('validation-failed', 'some assignments cannot be made', issues);
    const created: Assignment[] = [];
    for (const wanted of request.assignments) {
      const agency = agencies.get(wanted.auditorId);
      if (!agency) continue;
      const inserted = await insertAssignment(tx, {
        id: randomUUID(),
        cycleId,
        planRef: wanted.planRef,
        auditorId: wanted.auditorId,
        agency,
        ...(wanted.dueDate === undefined ? {} : { dueDate: wanted.dueDate }),
      });
      if (inserted) created.push(inserted);
    }
    if (created.length === 0) return [];
    await appendLogs(
      tx,
      created.map((assignment) => ({
        actorId,
        action: 'assignment.create',
        entityKind: 'assignment',
        entityId: assignment.id,
        after: assignment,
      })),
    );
    await restampRecords(
      tx,
      'assignment',
      created.map((a) => a.id),
    );
    // An auditor's view of the cycle lists only their plans, so every viewer gets it again.
    await restampRecord(tx, 'cycle', cycleId);
    for (const auditorId of new Set(created.map((a) => a.auditorId))) await grantVisible(tx, auditorId);
    return created;
  });
}
