// The audit log viewer's endpoints: admins and QA leads read (nobody writes: the log only grows),
// filtered by person, record, action and date, a page at a time by keyset, or as a CSV export.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditLogPage } from '#shared/protocol/api.ts';
import { AuditLogFilterSchema } from '#shared/protocol/people-api.ts';
import { logCsvStream, readLogPage } from '../services/audit-log.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

export const AUDIT_LOG_READERS = ['admin', 'qa-lead'] as const;

const cursor = z
  .string()
  .regex(/^\d{1,15}$/, 'must be an entry id')
  .transform(Number);

const LogQuerySchema = AuditLogFilterSchema.extend({
  after: cursor.optional(),
  before: cursor.optional(),
  order: z.enum(['oldest', 'newest']).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .optional(),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
  message: 'the date range ends before it starts',
  path: ['to'],
});

export function registerAuditLogRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/audit-log', async (request): Promise<AuditLogPage> => {
    await requireSession(ctx.store, ctx.now(), request, AUDIT_LOG_READERS);
    const { after, before, order, limit, ...filter } = parseWith(LogQuerySchema, request.query, 'the query');
    const hasFilter = Object.keys(filter).length > 0;
    const newestFirst = order === 'newest' || before !== undefined || hasFilter;
    if (newestFirst && after !== undefined)
      throw new HttpProblem(400, 'bad-request', 'page newest first with ?before=, or oldest first with ?after= alone');
    return readLogPage(ctx.store.db, { filter, after, before, newestFirst, limit: limit ?? 200 });
  });

  app.get('/api/audit-log.csv', async (request, reply) => {
    await requireSession(ctx.store, ctx.now(), request, AUDIT_LOG_READERS);
    const filter = parseWith(
      AuditLogFilterSchema.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
        message: 'the date range ends before it starts',
        path: ['to'],
      }),
      request.query,
      'the query',
    );
    const day = ctx.now().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
      .send(logCsvStream(ctx.store.db, filter));
  });
}
