// Audit cycles: created against a published framework version with a sample drawn from a recorded
// frame (seeded, so it can be re-drawn), then auditors assigned to the sampled plans by agency.
import { randomUUID } from 'node:crypto';
import { drawSample, SamplingError } from '#shared/domain/sampling.ts';
import type { CreateAssignmentsRequest, CreateCycleRequest, SamplingFrameFilter } from '#shared/protocol/api.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { appendLog, appendLogs } from '../store/audit-log.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { findUserById } from '../store/users.ts';
import { grantVisible, restampRecord, restampRecords } from '../sync/feed.ts';
import { listPlans } from './plans.ts';

export class CycleError extends Error {
  constructor(
    readonly code: 'validation-failed' | 'not-found',
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export function inFrame(plan: Plan, filter: SamplingFrameFilter | undefined): boolean {
  if (!filter) return true;
  const a = plan.attributes;
  return (
    (!filter.planTypes || filter.planTypes.includes(a.planType)) &&
    (!filter.keyStages || filter.keyStages.includes(a.keyStage)) &&
    (!filter.primaryNeeds || filter.primaryNeeds.includes(a.primaryNeed)) &&
    (!filter.settingTypes || filter.settingTypes.includes(a.settingType)) &&
    (filter.lookedAfter === undefined || filter.lookedAfter === a.lookedAfter)
  );
}

export async function createCycle(db: SqlClient, actorId: string | null, request: CreateCycleRequest): Promise<Cycle> {
  return db.transaction(async (tx) => {
    const [framework] = await tx.query<{ status: string }>(
      'SELECT status FROM frameworks WHERE id = $1 AND version = $2',
      [request.frameworkId, request.frameworkVersion],
    );
    if (framework?.status !== 'published') {
      throw new CycleError('validation-failed', 'the framework version is not published', [
        {
          path: 'frameworkVersion',
          message: `${request.frameworkId} version ${request.frameworkVersion} is not a published framework`,
        },
      ]);
    }
    const frame = (await listPlans(tx)).filter((plan) => inFrame(plan, request.frame));
    if (frame.length === 0) {
      throw new CycleError('validation-failed', 'no plans match the sampling frame', [
        { path: 'frame', message: 'no plans match' },
      ]);
    }
    let drawn;
    try {
      drawn = drawSample(frame, request.sample, request.chosenPlans);
    } catch (error) {
      if (error instanceof SamplingError) {
        throw new CycleError('validation-failed', error.message, [{ path: 'sample', message: error.message }]);
      }
      throw error;
    }
    const cycle: Cycle = {
      id: randomUUID(),
      name: request.name,
      periodStart: request.periodStart,
      periodEnd: request.periodEnd,
      frameworkId: request.frameworkId,
      frameworkVersion: request.frameworkVersion,
      status: 'open',
      sample: request.sample,
      samplingFrame: drawn.frame,
      sampledPlans: drawn.sample,
    };
    await tx.query(
      `INSERT INTO cycles (id, doc, framework_id, framework_version, status, frame_snapshot, created_by)
       VALUES ($1, $2::jsonb, $3, $4, 'open', $5::jsonb, $6)`,
      [cycle.id, JSON.stringify(cycle), cycle.frameworkId, cycle.frameworkVersion, JSON.stringify(frame), actorId],
    );
    await appendLog(tx, {
      actorId,
      action: 'cycle.create',
      entityKind: 'cycle',
      entityId: cycle.id,
      after: { ...cycle, frame: request.frame ?? null },
    });
    await restampRecord(tx, 'cycle', cycle.id);
    return cycle;
  });
}

export type AssignmentRow = {
  id: string;
  cycle_id: string;
  plan_ref: string;
  auditor_id: string;
  agency: Agency;
  due_date: string | null;
};

export const ASSIGNMENT_COLUMNS = 'id, cycle_id, plan_ref, auditor_id, agency, due_date';

export const toAssignment = (row: AssignmentRow): Assignment => ({
  id: row.id,
  cycleId: row.cycle_id,
  planRef: row.plan_ref,
  auditorId: row.auditor_id,
  agency: row.agency,
  ...(row.due_date === null ? {} : { dueDate: row.due_date }),
});

export async function getCycle(db: SqlRunner, cycleId: string): Promise<Cycle | undefined> {
  const rows = await db.query<{ doc: Cycle }>('SELECT doc FROM cycles WHERE id = $1', [cycleId]);
  return rows[0]?.doc;
}

export async function listCycles(db: SqlRunner): Promise<Cycle[]> {
  const rows = await db.query<{ doc: Cycle }>('SELECT doc FROM cycles ORDER BY created_at, id');
  return rows.map((row) => row.doc);
}

export async function listAssignments(db: SqlRunner, cycleId: string): Promise<Assignment[]> {
  const rows = await db.query<AssignmentRow>(
    `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments WHERE cycle_id = $1 ORDER BY plan_ref, agency`,
    [cycleId],
  );
  return rows.map(toAssignment);
}

/**
 * Assigns auditors to sampled plans; each assignment takes the auditor's agency. Assigning the same
 * auditor to the same plan again changes nothing. The auditors' devices receive the plan, the
 * cycle and the framework on their next pull.
 */
export async function assignAuditors(
  db: SqlClient,
  actorId: string | null,
  cycleId: string,
  request: CreateAssignmentsRequest,
): Promise<Assignment[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ doc: Cycle }>('SELECT doc FROM cycles WHERE id = $1 FOR UPDATE', [cycleId]);
    const cycle = rows[0]?.doc;
    if (!cycle) throw new CycleError('not-found', 'there is no such cycle');
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
      const inserted = await tx.query<AssignmentRow>(
        `INSERT INTO assignments (id, cycle_id, plan_ref, auditor_id, agency, due_date)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cycle_id, plan_ref, auditor_id) DO NOTHING
         RETURNING ${ASSIGNMENT_COLUMNS}`,
        [
          randomUUID(),
          cycleId,
          wanted.planRef,
          wanted.auditorId,
          agencies.get(wanted.auditorId) ?? null,
          wanted.dueDate ?? null,
        ],
      );
      if (inserted[0]) created.push(toAssignment(inserted[0]));
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
