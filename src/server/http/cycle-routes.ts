// Audit cycles (QA leads): list, create with a sample, read one with its assignments, assign auditors.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateAssignmentsRequestSchema, CreateCycleRequestSchema } from '#shared/protocol/api.ts';
import { assignAuditors, createCycle, CycleError, getCycle, listAssignments, listCycles } from '../services/cycles.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

const CycleParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

function cycleProblem(error: unknown): never {
  if (error instanceof CycleError) {
    throw error.code === 'not-found'
      ? new HttpProblem(404, 'not-found', error.message)
      : new HttpProblem(400, 'validation-failed', error.message, error.issues);
  }
  throw error;
}

export function registerCycleRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/cycles', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    return { cycles: await listCycles(ctx.store.db) };
  });

  app.post('/api/cycles', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    const body = parseWith(CreateCycleRequestSchema, request.body);
    const cycle = await createCycle(ctx.store.db, caller.session.user.id, body).catch(cycleProblem);
    return reply.code(201).send({ cycle, assignments: [] });
  });

  app.get('/api/cycles/:id', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    const cycle = await getCycle(ctx.store.db, id);
    if (!cycle) throw new HttpProblem(404, 'not-found', 'there is no such cycle');
    return { cycle, assignments: await listAssignments(ctx.store.db, id) };
  });

  app.post('/api/cycles/:id/assignments', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    const body = parseWith(CreateAssignmentsRequestSchema, request.body);
    await assignAuditors(ctx.store.db, caller.session.user.id, id, body).catch(cycleProblem);
    const cycle = await getCycle(ctx.store.db, id);
    if (!cycle) throw new HttpProblem(404, 'not-found', 'there is no such cycle');
    return reply.code(201).send({ cycle, assignments: await listAssignments(ctx.store.db, id) });
  });
}
