// The plan list: import from a council's CSV (rows with personal identifiers refused, see
// #shared/domain/plan-csv.ts) and upsert by reference, so importing the same file again changes nothing.
import { parsePlanCsv } from '#shared/domain/plan-csv.ts';
import type { PlanImportResponse } from '#shared/protocol/api.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { appendLogs } from '../store/audit-log.ts';
import { restampRecords } from '../store/feed.ts';
import { lockPlanAttributes, savePlans } from '../store/plans.ts';
import type { SqlClient } from '../store/sql-client.ts';

export { listPlans } from '../store/plans.ts';

export class PlanImportError extends Error {}

/** Creates new plans and updates changed ones in one transaction; identical plans are left alone. */
export async function upsertPlans(
  db: SqlClient,
  actorId: string | null,
  plans: Plan[],
): Promise<{ created: string[]; updated: string[]; unchanged: number }> {
  return db.transaction(async (tx) => {
    const refs = plans.map((plan) => plan.ref);
    const existing = await lockPlanAttributes(tx, refs);
    const created = plans.filter((plan) => !existing.has(plan.ref));
    const updated = plans.filter((plan) => {
      const before = existing.get(plan.ref);
      return before !== undefined && JSON.stringify(sortKeys(before)) !== JSON.stringify(sortKeys(plan.attributes));
    });
    const changed = [...created, ...updated];
    if (changed.length > 0) {
      await savePlans(tx, changed);
      await appendLogs(
        tx,
        changed.map((plan) => ({
          actorId,
          action: existing.has(plan.ref) ? 'plan.update' : 'plan.create',
          entityKind: 'plan',
          entityId: plan.ref,
          before: existing.get(plan.ref),
          after: plan.attributes,
        })),
      );
      await restampRecords(
        tx,
        'plan',
        changed.map((plan) => plan.ref),
      );
    }
    return {
      created: created.map((plan) => plan.ref),
      updated: updated.map((plan) => plan.ref),
      unchanged: plans.length - changed.length,
    };
  });
}

function sortKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export async function importPlanCsv(db: SqlClient, actorId: string, csv: string): Promise<PlanImportResponse> {
  const parsed = parsePlanCsv(csv);
  if (parsed.fileProblems.length > 0) throw new PlanImportError(parsed.fileProblems.join('; '));
  const outcome = await upsertPlans(
    db,
    actorId,
    parsed.plans.map((row) => row.plan),
  );
  return { ...outcome, refused: parsed.refused, ignoredColumns: parsed.ignoredColumns };
}
