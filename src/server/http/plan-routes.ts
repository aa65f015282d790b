// The plan list (QA leads): read it, and import a CSV of pseudonymous plans.
import type { FastifyInstance } from 'fastify';
import { importPlanCsv, listPlans, PlanImportError } from '../services/plans.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem } from './errors.ts';

export const MAX_PLAN_CSV_BYTES = 5 * 1024 * 1024;

export function registerPlanRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/plans', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    return { plans: await listPlans(ctx.store.db) };
  });

  app.post('/api/plans/import', { bodyLimit: MAX_PLAN_CSV_BYTES }, async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    if (typeof request.body !== 'string') {
      throw new HttpProblem(415, 'bad-request', 'send the plan list as text/csv');
    }
    try {
      return await importPlanCsv(ctx.store.db, caller.session.user.id, request.body);
    } catch (error) {
      if (error instanceof PlanImportError) throw new HttpProblem(400, 'validation-failed', error.message);
      throw error;
    }
  });
}
