// Movement of re-audited plans: the earlier cycle's signed-off result against this cycle's
// (signed off, else agreed, else none yet), overall and per section, with grade labels.
import { agreedGrades, countMovements, planMovement, type GradeMovement } from '#shared/domain/movement.ts';
import type { CycleMovementResponse, PlanMovementReport } from '#shared/protocol/api.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { reAuditLinkRows } from '../store/cycles.ts';
import type { FrameworkCache } from '../store/frameworks.ts';
import { latestModerations, type LatestModeration } from '../store/moderations.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { labelFor, requireCycleRow } from './cycles.ts';

export async function cycleMovement(
  db: SqlRunner,
  frameworks: FrameworkCache,
  cycleId: string,
): Promise<CycleMovementResponse> {
  const target = await requireCycleRow(db, cycleId);
  const rows = await reAuditLinkRows(db, cycleId);
  const framework = (id: string, version: number): Promise<Framework | undefined> =>
    frameworks.get(db, id, version, { includeDrafts: true });
  const targetFramework = await framework(target.framework_id, target.framework_version);
  const signedOffAfter = await latestModerations(db, cycleId, 'signed-off');
  const agreedAfter = await latestModerations(db, cycleId, 'agreed');
  const beforeBySource = new Map<string, Map<string, LatestModeration>>();
  const plans: PlanMovementReport[] = [];
  for (const row of rows) {
    if (!beforeBySource.has(row.source_cycle_id)) {
      beforeBySource.set(row.source_cycle_id, await latestModerations(db, row.source_cycle_id, 'signed-off'));
    }
    const sourceFramework = await framework(row.framework_id, row.framework_version);
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
