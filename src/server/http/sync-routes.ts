// The sync endpoints. The protocol version is checked before the body's shape, so a device on a
// newer protocol hears "server too old" rather than a list of fields this server does not know.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  MAX_CHANGES_PER_PULL,
  PULL_CURSOR_HEADER,
  PULL_HAS_MORE_HEADER,
  MAX_PUSH_BYTES,
  MIN_CLIENT_PROTOCOL_VERSION,
  PushRequestSchema,
  SYNC_PROTOCOL_VERSION,
} from '#shared/protocol/sync.ts';
import { computePull, parseCursor } from '../sync/pull.ts';
import { applyPush } from '../sync/push.ts';
import { isPlainAuditPush } from '../sync/push-request-check.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

export const PROTOCOL_HEADER = 'x-sync-protocol';

export function checkProtocol(version: number): void {
  if (version < MIN_CLIENT_PROTOCOL_VERSION) {
    throw new HttpProblem(
      426,
      'client-too-old',
      `this app speaks sync protocol ${version}; the server needs ${MIN_CLIENT_PROTOCOL_VERSION} or later: update the app`,
    );
  }
  if (version > SYNC_PROTOCOL_VERSION) {
    throw new HttpProblem(
      409,
      'server-too-old',
      `this app speaks sync protocol ${version}; the server speaks up to ${SYNC_PROTOCOL_VERSION}`,
    );
  }
}

function headerProtocol(request: FastifyRequest): number | undefined {
  const value = request.headers[PROTOCOL_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) {
    throw new HttpProblem(400, 'bad-request', `${PROTOCOL_HEADER} must be a whole number`);
  }
  return Number(value);
}

const PullQuerySchema = z.strictObject({ cursor: z.string().max(40).optional() });

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/sync/push', { bodyLimit: MAX_PUSH_BYTES }, async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    const fromHeader = headerProtocol(request);
    if (fromHeader !== undefined) checkProtocol(fromHeader);
    const body = request.body as { protocolVersion?: unknown } | null | undefined;
    if (typeof body === 'object' && body !== null && Number.isInteger(body.protocolVersion)) {
      checkProtocol(body.protocolVersion as number);
    }
    // The common push (audit start, patch, submit) checked by hand; anything else, or a refusal, by the schema.
    const push = isPlainAuditPush(request.body) ? request.body : parseWith(PushRequestSchema, request.body, 'the push');
    const exitAfter = ctx.config.exitAfterMutations;
    const response = await applyPush(
      {
        db: ctx.store.db,
        frameworks: ctx.store.frameworks,
        user: caller.session.user,
        now: ctx.now,
        // Test-only: die inside the batch's transaction once a mutation is settled in it (see applyPush).
        ...(exitAfter === undefined
          ? {}
          : { afterMutation: (index: number) => index + 1 === exitAfter && process.kill(process.pid, 'SIGKILL') }),
      },
      push,
    );
    // Test-only: die after committing and before answering, as a crash or a lost connection would.
    if (ctx.config.exitAfterPushCommit) process.kill(process.pid, 'SIGKILL');
    return response;
  });

  app.get('/api/sync/pull', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    const version = headerProtocol(request);
    if (version === undefined) throw new HttpProblem(400, 'bad-request', `send the ${PROTOCOL_HEADER} header`);
    checkProtocol(version);
    const query = parseWith(PullQuerySchema, request.query, 'the query');
    const cursor = parseCursor(query.cursor);
    if (!cursor) throw new HttpProblem(400, 'bad-request', 'the cursor is not one this server handed out');
    const page = await computePull(ctx.store.db, caller.session.user, cursor, MAX_CHANGES_PER_PULL, ctx.now());
    // Already JSON: the records went from the database's text to this page without being parsed.
    return reply
      .header(PULL_CURSOR_HEADER, page.cursor)
      .header(PULL_HAS_MORE_HEADER, String(page.hasMore))
      .type('application/json; charset=utf-8')
      .send(page.json);
  });
}
