// Data protection: retention periods and their dry-run preview, the privacy notice (read by anyone,
// completed by admins) and the subject access export of one plan reference (admins, logged).
import type { FastifyInstance } from 'fastify';
import {
  PrivacyNoticeResponseSchema,
  PutPrivacyNoticeRequestSchema,
  RetentionSettingsBodySchema,
  type PrivacyNoticeResponse,
  type RetentionReport,
} from '#shared/protocol/data-protection-api.ts';
import type { RetentionSettings } from '#shared/schemas/data-protection.ts';
import { PlanRefSchema } from '#shared/schemas/plan.ts';
import {
  getPrivacyNotice,
  getRetentionSettings,
  putPrivacyNotice,
  putRetentionSettings,
} from '../services/data-protection-settings.ts';
import { planRetention } from '../services/retention.ts';
import { exportSubjectAccess, UnknownPlanError } from '../services/subject-access.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

export function registerDataProtectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  // No sign-in: a privacy notice must be readable before anyone hands over their details.
  app.get('/api/privacy-notice', async (): Promise<PrivacyNoticeResponse> =>
    PrivacyNoticeResponseSchema.parse(await getPrivacyNotice(ctx.store.db)),
  );

  app.put('/api/settings/privacy-notice', async (request): Promise<PrivacyNoticeResponse> => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const body = parseWith(PutPrivacyNoticeRequestSchema, request.body, 'the privacy notice');
    return putPrivacyNotice(ctx.store.db, caller.session.user.id, body);
  });

  app.get('/api/settings/retention', async (request): Promise<RetentionSettings> => {
    await requireSession(ctx.store, ctx.now(), request, ['admin']);
    return getRetentionSettings(ctx.store.db);
  });

  app.put('/api/settings/retention', async (request): Promise<RetentionSettings> => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const body = parseWith(RetentionSettingsBodySchema, request.body, 'the retention periods');
    return putRetentionSettings(ctx.store.db, caller.session.user.id, body);
  });

  /** What the next run would remove under the stored periods; changes nothing. */
  app.get('/api/retention/preview', async (request): Promise<RetentionReport> => {
    await requireSession(ctx.store, ctx.now(), request, ['admin']);
    return planRetention(ctx.store.db, await getRetentionSettings(ctx.store.db), ctx.now());
  });

  app.get<{ Params: { planRef: string } }>('/api/subject-access/:planRef', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const planRef = parseWith(PlanRefSchema, request.params.planRef.trim().toUpperCase(), 'the plan reference');
    try {
      const exported = await exportSubjectAccess(ctx.store.db, caller.session.user.id, planRef, ctx.now());
      return await reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${exported.fileName}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(exported.zip));
    } catch (error) {
      if (error instanceof UnknownPlanError) {
        throw new HttpProblem(404, 'not-found', `no plan with the reference ${planRef} is held: check the reference`);
      }
      throw error;
    }
  });
}
