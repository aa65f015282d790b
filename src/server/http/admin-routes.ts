// Account management (admin; QA leads may list accounts to assign auditors) and the audit log (admin).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateUserRequestSchema, UpdateUserRequestSchema, type AuditLogPage } from '#shared/protocol/api.ts';
import { UserIdSchema } from '#shared/schemas/user.ts';
import { AccountError, createUser, updateUser } from '../services/accounts.ts';
import { listLog } from '../store/audit-log.ts';
import { findUserById, listUsers, toManagedUser } from '../store/users.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

const UserParamsSchema = z.strictObject({ id: UserIdSchema });
const LogQuerySchema = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .optional(),
});

function accountProblem(error: unknown): never {
  if (error instanceof AccountError) {
    const status = error.code === 'conflict' ? 409 : error.code === 'not-found' ? 404 : 400;
    throw new HttpProblem(status, error.code, error.message);
  }
  throw error;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/users', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['admin', 'qa-lead']);
    return { users: (await listUsers(ctx.store.db)).map(toManagedUser) };
  });

  app.post('/api/users', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const body = parseWith(CreateUserRequestSchema, request.body);
    const user = await createUser(ctx.store.db, caller.session.user.id, body).catch(accountProblem);
    const stored = await findUserById(ctx.store.db, user.id);
    if (!stored) throw new HttpProblem(404, 'not-found', 'the account was not saved');
    return reply.code(201).send(toManagedUser(stored));
  });

  app.patch('/api/users/:id', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const { id } = parseWith(UserParamsSchema, request.params, 'the address');
    const body = parseWith(UpdateUserRequestSchema, request.body);
    const isSelf = id === caller.session.user.id;
    if (isSelf && (body.disabled === true || (body.roles && !body.roles.includes('admin')))) {
      throw new HttpProblem(409, 'conflict', 'you cannot disable your own account or remove your own admin role');
    }
    const stored = await updateUser(ctx.store.db, caller.session.user.id, id, body).catch(accountProblem);
    return toManagedUser(stored);
  });

  app.get('/api/audit-log', async (request): Promise<AuditLogPage> => {
    await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const query = parseWith(LogQuerySchema, request.query, 'the query');
    const limit = query.limit ?? 200;
    const entries = await listLog(ctx.store.db, query.after ?? 0, limit + 1);
    const page = entries.slice(0, limit);
    return { entries: page, nextAfter: entries.length > limit ? (page.at(-1)?.id ?? null) : null };
  });
}
