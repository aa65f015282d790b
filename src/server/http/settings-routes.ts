// The council's settings: everyone signed in reads them, admins change them.
import type { FastifyInstance } from 'fastify';
import { PutSettingsRequestSchema } from '#shared/protocol/settings-api.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import { getSettings, putSettings } from '../services/settings.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { parseWith } from './errors.ts';

export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/settings', async (request): Promise<CouncilSettings> => {
    await requireSession(ctx.store, ctx.now(), request);
    return getSettings(ctx.store.db);
  });

  app.put('/api/settings', async (request): Promise<CouncilSettings> => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const body = parseWith(PutSettingsRequestSchema, request.body, 'the settings');
    return putSettings(ctx.store.db, caller.session.user.id, body);
  });
}
