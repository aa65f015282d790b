// Audit cycles: created against a published framework version with a sample drawn from a recorded
// frame (seeded, so it can be re-drawn). Assignment, progress, re-audits and movement each have a
// module of their own beside this one; what they share (the error, the cycle lookup) is here.
import { randomUUID } from 'node:crypto';
import { gradeLabel } from '#shared/domain/grading.ts';
import { drawSample, SamplingError } from '#shared/domain/sampling.ts';
import type { CreateCycleRequest, SamplingFrameFilter } from '#shared/protocol/api.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { appendLog } from '../store/audit-log.ts';
import { findCycleRow, insertCycle, type CycleRow } from '../store/cycles.ts';
import { restampRecord } from '../store/feed.ts';
import { findFramework } from '../store/frameworks.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { listPlans } from '../store/plans.ts';

export { getCycle, listAssignments, listCycles } from '../store/cycles.ts';

export class CycleError extends Error {
  constructor(
    /** 'refused': the request is well formed but the cycle's state forbids it (closing an unfinished cycle). */
    readonly code: 'validation-failed' | 'not-found' | 'refused',
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function requireCycleRow(db: SqlRunner, cycleId: string, forUpdate = false): Promise<CycleRow> {
  const row = await findCycleRow(db, cycleId, forUpdate);
  if (!row) throw new CycleError('not-found', 'there is no such cycle');
  return row;
}

/** A grade's label in a framework, or "Grade N" when the framework cannot be read. */
export const labelFor = (framework: Framework | undefined, value: number | null): string | null =>
  value === null ? null : framework ? gradeLabel(framework, value) : `Grade ${value}`;

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
    const framework = await findFramework(tx, request.frameworkId, request.frameworkVersion);
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
    await insertCycle(tx, cycle, frame, actorId);
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
