// The plan list: import from a council's CSV (rows with personal identifiers refused, see
// #shared/domain/plan-csv.ts) and upsert by reference, so importing the same file again changes nothing.
import { parsePlanCsv } from '#shared/domain/plan-csv.ts';
import type { PlanImportResponse } from '#shared/protocol/api.ts';
import type { Plan, PlanAttributes } from '#shared/schemas/plan.ts';
import { appendLogs } from '../store/audit-log.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { restampRecords } from '../store/feed.ts';

export class PlanImportError extends Error {}

export async function listPlans(db: SqlRunner): Promise<Plan[]> {
  const rows = await db.query<{ ref: string; attributes: PlanAttributes }>(
    'SELECT ref, attributes FROM plans ORDER BY ref',
  );
  return rows.map((row) => ({ ref: row.ref, attributes: row.attributes }));
}

/** Creates new plans and updates changed ones in one transaction; identical plans are left alone. */
export async function upsertPlans(
  db: SqlClient,
  actorId: string | null,
  plans: Plan[],
): Promise<{ created: string[]; updated: string[]; unchanged: number }> {
  return db.transaction(async (tx) => {
    const refs = plans.map((plan) => plan.ref);
    const existing = new Map(
      (
        await tx.query<{ ref: string; attributes: PlanAttributes }>(
          'SELECT ref, attributes FROM plans WHERE ref = ANY ($1::text[]) FOR UPDATE',
          [refs],
        )
      ).map((row) => [row.ref, row.attributes]),
    );
    const created = plans.filter((plan) => !existing.has(plan.ref));
    const updated = plans.filter((plan) => {
      const before = existing.get(plan.ref);
      return before !== undefined && JSON.stringify(sortKeys(before)) !== JSON.stringify(sortKeys(plan.attributes));
    });
    const changed = [...created, ...updated];
    if (changed.length > 0) {
      await tx.query(
        `INSERT INTO plans (ref, attributes) SELECT * FROM unnest($1::text[], $2::jsonb[])
         ON CONFLICT (ref) DO UPDATE SET attributes = EXCLUDED.attributes, updated_at = now()`,
        [changed.map((plan) => plan.ref), changed.map((plan) => JSON.stringify(plan.attributes))],
      );
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
