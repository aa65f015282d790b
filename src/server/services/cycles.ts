// Audit cycles: created against a published framework version with a sample drawn from a recorded
// frame (seeded, so it can be re-drawn), then auditors assigned to the sampled plans by agency.
import { randomUUID } from 'node:crypto';
import { gradeLabel } from '#shared/domain/grading.ts';
import { agreedGrades, countMovements, planMovement, type GradeMovement } from '#shared/domain/movement.ts';
import { drawSample, SamplingError } from '#shared/domain/sampling.ts';
import {
  PROGRESS_STATUSES,
  type AssignmentProgress,
  type AuditorWorkload,
  type CreateAssignmentsRequest,
  type CreateCycleRequest,
  type CycleMovementResponse,
  type CycleProgressResponse,
  type CycleSummary,
  type PlanMovementReport,
  type PlanProgress,
  type ProgressCounts,
  type ReAuditCandidate,
  type ReAuditLink,
  type ReAuditRequest,
  type SamplingFrameFilter,
} from '#shared/protocol/api.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Agency, Framework } from '#shared/schemas/framework.ts';
import type { Moderation, ModerationStatus } from '#shared/schemas/moderation.ts';
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

// Progress, workload, re-audits and movement. The store applies every migration before it serves,
// so moderations (0004) and re_audits (0005) are always there to read.

type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** Today's date (UTC) as an ISO date: what due dates are compared with. */
export const isoDay = (now: Date): string => now.toISOString().slice(0, 10);

function emptyCounts(): ProgressCounts {
  return {
    total: 0,
    overdue: 0,
    byStatus: Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as Record<ProgressStatus, number>,
  };
}

function tally(items: readonly { status: ProgressStatus; overdue: boolean }[]): ProgressCounts {
  const counts = emptyCounts();
  for (const item of items) {
    counts.total += 1;
    counts.byStatus[item.status] += 1;
    if (item.overdue) counts.overdue += 1;
  }
  return counts;
}

type LatestModeration = { id: string; planRef: string; status: ModerationStatus; doc: Moderation };

/** The latest revision of each plan's moderation in a cycle, or of its signed-off ones only. */
async function latestModerations(
  db: SqlRunner,
  cycleId: string,
  only?: 'signed-off' | 'agreed',
): Promise<Map<string, LatestModeration>> {
  const rows = await db.query<{ id: string; plan_ref: string; status: ModerationStatus; doc: Moderation }>(
    `SELECT DISTINCT ON (plan_ref) id::text AS id, plan_ref, status, doc FROM moderations
     WHERE cycle_id = $1 AND ($2::text IS NULL OR status = $2)
     ORDER BY plan_ref, revision DESC`,
    [cycleId, only ?? null],
  );
  return new Map(rows.map((r) => [r.plan_ref, { id: r.id, planRef: r.plan_ref, status: r.status, doc: r.doc }]));
}

const frameworkCache = new WeakMap<SqlRunner, Map<string, Framework>>();

async function loadFramework(db: SqlRunner, id: string, version: number): Promise<Framework | undefined> {
  const cache = frameworkCache.get(db) ?? new Map<string, Framework>();
  frameworkCache.set(db, cache);
  const key = `${id}@${version}`;
  if (!cache.has(key)) {
    const [row] = await db.query<{ doc: Framework }>('SELECT doc FROM frameworks WHERE id = $1 AND version = $2', [
      id,
      version,
    ]);
    if (!row) return undefined;
    cache.set(key, row.doc);
  }
  return cache.get(key);
}

const labelFor = (framework: Framework | undefined, value: number | null): string | null =>
  value === null ? null : framework ? gradeLabel(framework, value) : `Grade ${value}`;

type ReAuditRow = { plan_ref: string; source_cycle_id: string; source_grade: number; source_name: string };

async function reAuditLinks(db: SqlRunner, cycleId: string): Promise<Map<string, ReAuditLink>> {
  const rows = await db.query<ReAuditRow & { framework_id: string; framework_version: number }>(
    `SELECT r.plan_ref, r.source_cycle_id, r.source_grade, c.doc->>'name' AS source_name,
            c.framework_id, c.framework_version
     FROM re_audits r JOIN cycles c ON c.id = r.source_cycle_id WHERE r.cycle_id = $1`,
    [cycleId],
  );
  const links = new Map<string, ReAuditLink>();
  for (const row of rows) {
    const framework = await loadFramework(db, row.framework_id, row.framework_version);
    links.set(row.plan_ref, {
      fromCycleId: row.source_cycle_id,
      fromCycleName: row.source_name,
      grade: row.source_grade,
      gradeLabel: labelFor(framework, row.source_grade) ?? '',
    });
  }
  return links;
}

type ProgressAssignmentRow = AssignmentRow & { auditor_name: string; submitted: boolean; started: boolean };

/**
 * Where each sampled plan and each assignment has got to. An assignment is assigned, in progress
 * (a draft exists) or submitted; a plan is submitted once every assignment is. A moderation of the
 * plan (its latest revision) makes the plan, and its submitted assignments, moderated or signed off.
 * Overdue: the due date is before today and the assignment is not submitted.
 */
export async function cycleProgress(db: SqlRunner, cycle: Cycle, today: string): Promise<CycleProgressResponse> {
  const rows = await db.query<ProgressAssignmentRow>(
    `SELECT s.id, s.cycle_id, s.plan_ref, s.auditor_id, s.agency, s.due_date, u.name AS auditor_name,
       EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = s.id AND a.status = 'submitted') AS submitted,
       EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = s.id) AS started
     FROM assignments s JOIN users u ON u.id = s.auditor_id
     WHERE s.cycle_id = $1 ORDER BY s.plan_ref, s.agency, u.name`,
    [cycle.id],
  );
  const moderations = await latestModerations(db, cycle.id);
  const links = await reAuditLinks(db, cycle.id);
  const byPlan = new Map<string, ProgressAssignmentRow[]>();
  for (const row of rows) byPlan.set(row.plan_ref, [...(byPlan.get(row.plan_ref) ?? []), row]);
  const plans: PlanProgress[] = [...new Set([...cycle.sampledPlans, ...byPlan.keys()])].sort().map((planRef) => {
    const moderation = moderations.get(planRef);
    const moderated: ProgressStatus | null =
      moderation === undefined ? null : moderation.status === 'signed-off' ? 'signed-off' : 'moderated';
    const assignments: AssignmentProgress[] = (byPlan.get(planRef) ?? []).map((row) => {
      const base: ProgressStatus = row.submitted ? 'submitted' : row.started ? 'in-progress' : 'assigned';
      return {
        assignmentId: row.id,
        auditorId: row.auditor_id,
        auditorName: row.auditor_name,
        agency: row.agency,
        ...(row.due_date === null ? {} : { dueDate: row.due_date }),
        status: row.submitted && moderated ? moderated : base,
        overdue: !row.submitted && row.due_date !== null && row.due_date < today,
      };
    });
    const status: ProgressStatus =
      moderated ??
      (assignments.length === 0
        ? 'unassigned'
        : assignments.every((a) => a.status === 'submitted')
          ? 'submitted'
          : assignments.some((a) => a.status !== 'assigned')
            ? 'in-progress'
            : 'assigned');
    const link = links.get(planRef);
    return {
      planRef,
      status,
      overdue: assignments.some((a) => a.overdue),
      ...(link ? { reAuditOf: link } : {}),
      assignments,
    };
  });
  return {
    cycleId: cycle.id,
    today,
    plans,
    planCounts: tally(plans),
    assignmentCounts: tally(plans.flatMap((p) => p.assignments)),
  };
}

export async function cycleSummaries(db: SqlRunner, today: string): Promise<CycleSummary[]> {
  const summaries: CycleSummary[] = [];
  for (const cycle of await listCycles(db)) {
    const progress = await cycleProgress(db, cycle, today);
    summaries.push({ cycle, planCounts: progress.planCounts, assignmentCounts: progress.assignmentCounts });
  }
  return summaries;
}

/** Each active auditor's assignments not yet submitted in open cycles, and how many of those are overdue. */
export async function auditorWorkloads(db: SqlRunner, today: string): Promise<AuditorWorkload[]> {
  const rows = await db.query<{ id: string; name: string; agency: Agency; open: number; overdue: number }>(
    `SELECT u.id, u.name, u.agency,
       count(s.id) FILTER (WHERE c.status = 'open' AND NOT s.submitted)::int AS open,
       count(s.id) FILTER (WHERE c.status = 'open' AND NOT s.submitted AND s.due_date < $1)::int AS overdue
     FROM users u
     LEFT JOIN (
       SELECT x.id, x.cycle_id, x.auditor_id, x.due_date,
         EXISTS (SELECT 1 FROM audits a WHERE a.assignment_id = x.id AND a.status = 'submitted') AS submitted
       FROM assignments x) s ON s.auditor_id = u.id
     LEFT JOIN cycles c ON c.id = s.cycle_id
     WHERE 'auditor' = ANY (u.roles) AND NOT u.disabled AND u.agency IS NOT NULL
     GROUP BY u.id, u.name, u.agency ORDER BY u.agency, u.name, u.id`,
    [today],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    agency: r.agency,
    openAssignments: Number(r.open),
    overdueAssignments: Number(r.overdue),
  }));
}

type CycleRow = { doc: Cycle; framework_id: string; framework_version: number };

async function findCycleRow(db: SqlRunner, cycleId: string, forUpdate = false): Promise<CycleRow | undefined> {
  const [row] = await db.query<CycleRow>(
    `SELECT doc, framework_id, framework_version FROM cycles WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [cycleId],
  );
  return row;
}

async function requireCycleRow(db: SqlRunner, cycleId: string, forUpdate = false): Promise<CycleRow> {
  const row = await findCycleRow(db, cycleId, forUpdate);
  if (!row) throw new CycleError('not-found', 'there is no such cycle');
  return row;
}

/**
 * The plans of an earlier cycle and whether each may be re-audited in `target`: only plans whose
 * latest signed-off moderation agreed an overall grade below the framework's "Good or better" line
 * (Requires improvement or Inadequate on the usual scale), and not already in the target's sample.
 */
export async function reAuditCandidates(db: SqlRunner, targetId: string, fromId: string): Promise<ReAuditCandidate[]> {
  return (await checkReAudits(db, (await requireCycleRow(db, targetId)).doc, fromId)).candidates;
}

/** reAuditCandidates for a target already read, with what scheduling them needs of the earlier cycle. */
async function checkReAudits(
  db: SqlRunner,
  target: Cycle,
  fromId: string,
): Promise<{ candidates: ReAuditCandidate[]; source: Cycle; signedOff: Map<string, LatestModeration> }> {
  if (fromId === target.id) {
    throw new CycleError('validation-failed', 'a cycle cannot re-audit its own plans', [
      { path: 'fromCycleId', message: 'choose an earlier cycle' },
    ]);
  }
  const source = await findCycleRow(db, fromId);
  if (!source) {
    throw new CycleError('validation-failed', 'there is no such earlier cycle', [
      { path: 'fromCycleId', message: 'there is no such cycle' },
    ]);
  }
  if (source.doc.periodStart >= target.periodStart) {
    throw new CycleError('validation-failed', 'plans can only be re-audited in a later cycle', [
      { path: 'fromCycleId', message: `${source.doc.name} does not start before ${target.name}` },
    ]);
  }
  const framework = await loadFramework(db, source.framework_id, source.framework_version);
  const goodFrom = framework?.gradeScale.goodOrBetterFrom ?? Number.POSITIVE_INFINITY;
  const goodLabel = labelFor(framework, goodFrom) ?? 'Good';
  const signedOff = await latestModerations(db, fromId, 'signed-off');
  const inTarget = new Set(target.sampledPlans);
  const candidates = source.doc.sampledPlans.map((planRef): ReAuditCandidate => {
    const grade = signedOff.get(planRef)?.doc.overall.agreedGrade ?? null;
    const shown = { planRef, grade, gradeLabel: labelFor(framework, grade) };
    const refuse = (reason: string): ReAuditCandidate => ({ ...shown, eligible: false, reason });
    if (inTarget.has(planRef)) return refuse(`already in ${target.name}`);
    if (!signedOff.has(planRef)) return refuse(`no signed-off moderation in ${source.doc.name}`);
    if (grade === null) return refuse('the signed-off moderation agreed no overall grade');
    if (grade >= goodFrom)
      return refuse(`judged ${shown.gradeLabel ?? ''}: only plans below ${goodLabel} are re-audited`);
    return { ...shown, eligible: true };
  });
  return { candidates, source: source.doc, signedOff };
}

/**
 * Adds plans judged below Good in an earlier cycle to this cycle's sample, recording where each
 * came from and the grade it had. Every plan is checked first; one that cannot be re-audited
 * refuses the whole request, with a reason per plan, and nothing is stored.
 */
export async function scheduleReAudits(
  db: SqlClient,
  actorId: string | null,
  cycleId: string,
  request: ReAuditRequest,
): Promise<{ cycle: Cycle; added: string[] }> {
  return db.transaction(async (tx) => {
    const before = (await requireCycleRow(tx, cycleId, true)).doc;
    const checked = await checkReAudits(tx, before, request.fromCycleId);
    const candidates = new Map(checked.candidates.map((c) => [c.planRef, c]));
    const issues: { path: string; message: string }[] = [];
    const wanted = [...new Set(request.planRefs)];
    request.planRefs.forEach((planRef, i) => {
      const candidate = candidates.get(planRef);
      if (!candidate)
        issues.push({ path: `planRefs[${i}]`, message: `${planRef} is not in the earlier cycle's sample` });
      else if (!candidate.eligible) issues.push({ path: `planRefs[${i}]`, message: `${planRef}: ${candidate.reason}` });
    });
    if (issues.length > 0) throw new CycleError('validation-failed', 'some plans cannot be re-audited', issues);
    await tx.query(
      `INSERT INTO re_audits (cycle_id, plan_ref, source_cycle_id, source_moderation_id, source_grade, created_by)
       SELECT $1, ref, $2, moderation_id::uuid, grade, $3
       FROM unnest($4::text[], $5::text[], $6::int[]) AS t (ref, moderation_id, grade)`,
      [
        cycleId,
        request.fromCycleId,
        actorId,
        wanted,
        wanted.map((ref) => checked.signedOff.get(ref)?.id ?? ''),
        wanted.map((ref) => candidates.get(ref)?.grade ?? 0),
      ],
    );
    const cycle: Cycle = { ...before, sampledPlans: [...before.sampledPlans, ...wanted].sort() };
    await tx.query('UPDATE cycles SET doc = $2::jsonb, updated_at = now() WHERE id = $1', [
      cycleId,
      JSON.stringify(cycle),
    ]);
    await appendLog(tx, {
      actorId,
      action: 'cycle.re-audit',
      entityKind: 'cycle',
      entityId: cycleId,
      before: { sampledPlans: before.sampledPlans },
      after: {
        sampledPlans: cycle.sampledPlans,
        reAudits: wanted.map((planRef) => ({
          planRef,
          fromCycleId: request.fromCycleId,
          fromCycleName: checked.source.name,
          grade: candidates.get(planRef)?.grade,
        })),
      },
    });
    await restampRecord(tx, 'cycle', cycleId);
    return { cycle, added: wanted };
  });
}

/**
 * The re-audited plans of a cycle: the earlier cycle's signed-off result against this cycle's
 * (signed off, else agreed, else none yet), overall and per section, with grade labels.
 */
export async function cycleMovement(db: SqlRunner, cycleId: string): Promise<CycleMovementResponse> {
  const target = await requireCycleRow(db, cycleId);
  const rows = await db.query<{
    plan_ref: string;
    source_cycle_id: string;
    source_name: string;
    fw: string;
    fv: number;
  }>(
    `SELECT r.plan_ref, r.source_cycle_id, c.doc->>'name' AS source_name,
            c.framework_id AS fw, c.framework_version AS fv
     FROM re_audits r JOIN cycles c ON c.id = r.source_cycle_id
     WHERE r.cycle_id = $1 ORDER BY r.plan_ref`,
    [cycleId],
  );
  const targetFramework = await loadFramework(db, target.framework_id, target.framework_version);
  const signedOffAfter = await latestModerations(db, cycleId, 'signed-off');
  const agreedAfter = await latestModerations(db, cycleId, 'agreed');
  const beforeBySource = new Map<string, Map<string, LatestModeration>>();
  const plans: PlanMovementReport[] = [];
  for (const row of rows) {
    if (!beforeBySource.has(row.source_cycle_id)) {
      beforeBySource.set(row.source_cycle_id, await latestModerations(db, row.source_cycle_id, 'signed-off'));
    }
    const sourceFramework = await loadFramework(db, row.fw, row.fv);
    const beforeModeration = beforeBySource.get(row.source_cycle_id)?.get(row.plan_ref);
    const afterModeration = signedOffAfter.get(row.plan_ref) ?? agreedAfter.get(row.plan_ref);
    const order = (targetFramework ?? sourceFramework)?.sections.map((s) => s.id) ?? [];
    const moved = planMovement(
      beforeModeration ? agreedGrades(beforeModeration.doc) : { overall: null, sections: {} },
      afterModeration ? agreedGrades(afterModeration.doc) : null,
      order,
    );
    const titles = new Map(
      [...(sourceFramework?.sections ?? []), ...(targetFramework?.sections ?? [])].map((s) => [s.id, s.title]),
    );
    const labelled = (entry: GradeMovement, beforeFw: Framework | undefined, afterFw: Framework | undefined) => ({
      before: { value: entry.before, label: labelFor(beforeFw, entry.before) },
      after: { value: entry.after, label: labelFor(afterFw, entry.after) },
      movement: entry.movement,
    });
    plans.push({
      planRef: row.plan_ref,
      fromCycleId: row.source_cycle_id,
      fromCycleName: row.source_name,
      afterStatus: signedOffAfter.has(row.plan_ref) ? 'signed-off' : afterModeration ? 'agreed' : 'not-moderated',
      overall: labelled(moved.overall, sourceFramework, targetFramework),
      sections: moved.sections.map((s) => ({
        sectionId: s.sectionId,
        title: titles.get(s.sectionId) ?? s.sectionId,
        ...labelled(s, sourceFramework, targetFramework),
      })),
    });
  }
  return { cycleId, plans, summary: countMovements(plans.map((p) => p.overall.movement)) };
}
