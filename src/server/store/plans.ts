// Plans in the database (migration 0001): the pseudonymous reference and the attributes used to
// sample and report.
import type { Plan, PlanAttributes } from '#shared/schemas/plan.ts';
import type { SqlRunner } from './sql-client.ts';

export async function listPlans(db: SqlRunner): Promise<Plan[]> {
  const rows = await db.query<{ ref: string; attributes: PlanAttributes }>(
    'SELECT ref, attributes FROM plans ORDER BY ref',
  );
  return rows.map((row) => ({ ref: row.ref, attributes: row.attributes }));
}

/** The attributes of those of these plans that exist, locked for the rest of the transaction. */
export async function lockPlanAttributes(db: SqlRunner, refs: readonly string[]): Promise<Map<string, PlanAttributes>> {
  const rows = await db.query<{ ref: string; attributes: PlanAttributes }>(
    'SELECT ref, attributes FROM plans WHERE ref = ANY ($1::text[]) FOR UPDATE',
    [refs],
  );
  return new Map(rows.map((row) => [row.ref, row.attributes]));
}

/** Inserts these plans, or replaces the attributes of those that exist. */
export async function savePlans(db: SqlRunner, plans: readonly Plan[]): Promise<void> {
  await db.query(
    `INSERT INTO plans (ref, attributes) SELECT * FROM unnest($1::text[], $2::jsonb[])
     ON CONFLICT (ref) DO UPDATE SET attributes = EXCLUDED.attributes, updated_at = now()`,
    [plans.map((plan) => plan.ref), plans.map((plan) => JSON.stringify(plan.attributes))],
  );
}
