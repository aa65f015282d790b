// Where a cycle has got to: each sampled plan and assignment (assigned, in progress, submitted,
// moderated, signed off, overdue), cycle summaries, and each auditor's open workload.
import {
  PROGRESS_STATUSES,
  type AssignmentProgress,
  type AuditorWorkload,
  type CycleProgressResponse,
  type CycleSummary,
  type PlanProgress,
  type ProgressCounts,
  type ReAuditLink,
} from '#shared/protocol/api.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import {
  assignmentProgressRows,
  auditorWorkloadRows,
  listCycles,
  reAuditLinkRows,
  type ProgressAssignmentRow,
} from '../store/cycles.ts';
import type { FrameworkCache } from '../store/frameworks.ts';
import { latestModerations } from '../store/moderations.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { labelFor } from './cycles.ts';

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

async function reAuditLinks(
  db: SqlRunner,
  frameworks: FrameworkCache,
  cycleId: string,
): Promise<Map<string, ReAuditLink>> {
  const links = new Map<string, ReAuditLink>();
  for (const row of await reAuditLinkRows(db, cycleId)) {
    const framework = await frameworks.get(db, row.framework_id, row.framework_version, { includeDrafts: true });
    links.set(row.plan_ref, {
      fromCycleId: row.source_cycle_id,
      fromCycleName: row.source_name,
      grade: row.source_grade,
      gradeLabel: labelFor(framework, row.source_grade) ?? '',
    });
  }
  return links;
}

/**
 * Where each sampled plan and each assignment has got to. An assignment is assigned, in progress
 * (a draft exists) or submitted; a plan is submitted once every assignment is. A moderation of the
 * plan (its latest revision) makes the plan, and its submitted assignments, moderated or signed off.
 * Overdue: the due date is before today and the assignment is not submitted.
 */
export async function cycleProgress(
  db: SqlRunner,
  frameworks: FrameworkCache,
  cycle: Cycle,
  today: string,
): Promise<CycleProgressResponse> {
  const rows = await assignmentProgressRows(db, cycle.id);
  const moderations = await latestModerations(db, cycle.id);
  const links = await reAuditLinks(db, frameworks, cycle.id);
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

export async function cycleSummaries(
  db: SqlRunner,
  frameworks: FrameworkCache,
  today: string,
): Promise<CycleSummary[]> {
  const summaries: CycleSummary[] = [];
  for (const cycle of await listCycles(db)) {
    const progress = await cycleProgress(db, frameworks, cycle, today);
    summaries.push({ cycle, planCounts: progress.planCounts, assignmentCounts: progress.assignmentCounts });
  }
  return summaries;
}

/** Each active auditor's assignments not yet submitted in open cycles, and how many of those are overdue. */
export async function auditorWorkloads(db: SqlRunner, today: string): Promise<AuditorWorkload[]> {
  return (await auditorWorkloadRows(db, today)).map((r) => ({
    id: r.id,
    name: r.name,
    agency: r.agency,
    openAssignments: Number(r.open),
    overdueAssignments: Number(r.overdue),
  }));
}
