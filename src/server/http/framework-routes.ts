// Frameworks: anyone signed in reads published versions; QA leads and admins also see drafts,
// import a framework file (problems reported by path inside it) and publish a version.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  FrameworkError,
  getFramework,
  importFramework,
  listFrameworks,
  publishFramework,
} from '../services/frameworks.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

const EDITORS = ['admin', 'qa-lead'] as const;

const VersionParamsSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'not a framework id'),
  version: z
    .string()
    .regex(/^\d{1,6}$/, 'not a version number')
    .transform(Number),
});

function frameworkProblem(error: unknown): never {
  if (error instanceof FrameworkError) {
    if (error.code === 'validation-failed') {
      throw new HttpProblem(
        400,
        'validation-failed',
        error.message,
        error.problems.map((p) => ({ path: p.path, message: p.message })),
      );
    }
    throw new HttpProblem(error.code === 'conflict' ? 409 : 404, error.code, error.message);
  }
  throw error;
}

export function registerFrameworkRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/frameworks', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    const isEditor = EDITORS.some((role) => caller.session.user.roles.includes(role));
    return { frameworks: await listFrameworks(ctx.store.db, isEditor) };
  });

  app.get('/api/frameworks/:id/:version', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    const { id, version } = parseWith(VersionParamsSchema, request.params, 'the address');
    const isEditor = EDITORS.some((role) => caller.session.user.roles.includes(role));
    const framework = await getFramework(ctx.store.db, id, version, isEditor);
    if (!framework) throw new HttpProblem(404, 'not-found', `no framework ${id} version ${version}`);
    return { framework };
  });

  app.post('/api/frameworks', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, EDITORS);
    const framework = await importFramework(ctx.store.db, caller.session.user.id, request.body).catch(frameworkProblem);
    return reply.code(201).send({ framework });
  });

  app.post('/api/frameworks/:id/:version/publish', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, EDITORS);
    const { id, version } = parseWith(VersionParamsSchema, request.params, 'the address');
    const framework = await publishFramework(ctx.store.db, caller.session.user.id, id, version).catch(frameworkProblem);
    return { framework };
  });
}
