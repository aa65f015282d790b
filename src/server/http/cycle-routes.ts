// Audit cycles (QA leads): list, create with a sample, read one with its assignments, assign
// auditors; progress and overdue work, auditors' workload, re-audits and the movement they show;
// closing a cycle (QA leads, admins) and reopening it (admins). Admins may read cycles to do that.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateAssignmentsRequestSchema,
  CreateCycleRequestSchema,
  ReAuditRequestSchema,
} from '#shared/protocol/api.ts';
import { assignAuditors } from '../services/cycle-assignments.ts';
import { closeCycle, cycleClosing, reopenCycle } from '../services/cycle-closing.ts';
import { cycleMovement } from '../services/cycle-movement.ts';
import { auditorWorkloads, cycleProgress, cycleSummaries, isoDay } from '../services/cycle-progress.ts';
import { createCycle, CycleError, getCycle, listAssignments, listCycles } from '../services/cycles.ts';
import { reAuditCandidates, scheduleReAudits } from '../services/re-audits.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

const CycleIdSchema = z.string().min(1).max(64);
const CycleParamsSchema = z.strictObject({ id: CycleIdSchema });
const CandidatesQuerySchema = z.strictObject({ from: CycleIdSchema });

function cycleProblem(error: unknown): never {
  if (error instanceof CycleError) {
    if (error.code === 'not-found') throw new HttpProblem(404, 'not-found', error.message);
    if (error.code === 'refused') throw new HttpProblem(409, 'conflict', error.message);
    throw new HttpProblem(400, 'validation-failed', error.message, error.issues);
  }
  throw error;
}

// Who may read cycles: QA leads run them; admins see them to reopen one.
const CYCLE_READERS = ['qa-lead', 'admin'] as const;

export function registerCycleRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/cycles', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, CYCLE_READERS);
    return { cycles: await listCycles(ctx.store.db) };
  });

  app.post('/api/cycles', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    const body = parseWith(CreateCycleRequestSchema, request.body);
    const cycle = await createCycle(ctx.store.db, caller.session.user.id, body).catch(cycleProblem);
    return reply.code(201).send({ cycle, assignments: [] });
  });

  app.get('/api/cycles/:id', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, CYCLE_READERS);
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

  app.get('/api/cycle-summaries', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, CYCLE_READERS);
    const today = isoDay(ctx.now());
    return { today, cycles: await cycleSummaries(ctx.store.db, ctx.store.frameworks, today) };
  });

  app.get('/api/auditors', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    return { auditors: await auditorWorkloads(ctx.store.db, isoDay(ctx.now())) };
  });

  app.get('/api/cycles/:id/progress', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, CYCLE_READERS);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    const cycle = await getCycle(ctx.store.db, id);
    if (!cycle) throw new HttpProblem(404, 'not-found', 'there is no such cycle');
    return cycleProgress(ctx.store.db, ctx.store.frameworks, cycle, isoDay(ctx.now()));
  });

  app.get('/api/cycles/:id/re-audit-candidates', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    const { from } = parseWith(CandidatesQuerySchema, request.query, 'the query');
    const candidates = await reAuditCandidates(ctx.store.db, ctx.store.frameworks, id, from).catch(cycleProblem);
    return { fromCycleId: from, candidates };
  });

  app.post('/api/cycles/:id/re-audits', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    const body = parseWith(ReAuditRequestSchema, request.body);
    const result = await scheduleReAudits(ctx.store.db, ctx.store.frameworks, caller.session.user.id, id, body).catch(
      cycleProblem,
    );
    return reply.code(201).send(result);
  });

  app.get('/api/cycles/:id/movement', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['qa-lead']);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    return cycleMovement(ctx.store.db, ctx.store.frameworks, id).catch(cycleProblem);
  });

  app.get('/api/cycles/:id/closing', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, CYCLE_READERS);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    return cycleClosing(ctx.store.db, id).catch(cycleProblem);
  });

  app.post('/api/cycles/:id/close', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['qa-lead', 'admin']);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    const cycle = await closeCycle(ctx.store.db, caller.session.user.id, id).catch(cycleProblem);
    return { cycle, assignments: await listAssignments(ctx.store.db, id) };
  });

  app.post('/api/cycles/:id/reopen', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const { id } = parseWith(CycleParamsSchema, request.params, 'the address');
    const cycle = await reopenCycle(ctx.store.db, caller.session.user.id, id).catch(cycleProblem);
    return { cycle, assignments: await listAssignments(ctx.store.db, id) };
  });
}
