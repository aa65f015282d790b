// Builds the HTTP server: the API and the built web app from one Fastify instance, with no port,
// so tests drive it with inject(). main.ts listens; nothing here reads the environment.
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { HealthResponseSchema, type HealthResponse } from '#shared/protocol/api.ts';
import { SYNC_PROTOCOL_VERSION } from '#shared/protocol/sync.ts';
import type { ServerConfig } from './config.ts';
import { registerAdminRoutes } from './http/admin-routes.ts';
import { registerAuditLogRoutes } from './http/audit-log-routes.ts';
import type { AppContext } from './http/context.ts';
import { registerCycleRoutes } from './http/cycle-routes.ts';
import { registerDataProtectionRoutes } from './http/data-protection-routes.ts';
import { registerDeviceKeyRoutes } from './http/device-key-routes.ts';
import { errorHandler, HttpProblem, sendProblem } from './http/errors.ts';
import { registerFrameworkRoutes } from './http/framework-routes.ts';
import { registerOidcRoutes } from './http/oidc-routes.ts';
import { registerPasswordRoutes } from './http/password-routes.ts';
import { checkJsonValue, hasNulInUrl, hasUnstorableText } from './http/input-guard.ts';
import { registerPlanRoutes } from './http/plan-routes.ts';
import { databaseRateLimitStore } from './http/rate-limit-store.ts';
import { registerPublicRoutes } from './http/public-routes.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerSessionRoutes } from './http/session-routes.ts';
import { registerSettingsRoutes } from './http/settings-routes.ts';
import { registerStaticRoutes } from './http/static-routes.ts';
import { registerSyncRoutes } from './http/sync-routes.ts';
import type { Store } from './store/store.ts';

export const BODY_LIMIT = 1024 * 1024;

export function readVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export type BuildOptions = {
  /** The clock; tests freeze or advance it. */
  now?: () => Date;
};

export async function buildServer(
  config: ServerConfig,
  store: Store,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // One line per request only when debugging: at info the log stays readable on a long day.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    // Behind a reverse proxy, the client's address (for rate limits) comes from X-Forwarded-For.
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    // Addresses the router cannot read (broken percent-encoding) get the API's error shape too.
    frameworkErrors: (_error, _request, reply) => {
      void sendProblem(reply, new HttpProblem(400, 'bad-request', 'the address cannot be read'));
    },
  });
  const ctx: AppContext = { config, store, now: options.now ?? (() => new Date()), version: readVersion() };

  // An empty JSON body (DELETE /api/session from fetch with a JSON content type) is no body, not an error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, (error, value: unknown) => {
      const problem = error ? undefined : checkJsonValue(value, text);
      if (problem) done(new HttpProblem(400, 'bad-request', problem), undefined);
      else done(error, value);
    });
  });
  // The API reads JSON, and CSV where it imports a plan list; anything else is 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (hasUnstorableText(text))
      done(new HttpProblem(400, 'bad-request', 'the file must not contain NUL characters'), undefined);
    else done(null, text);
  });
  app.addHook('onRequest', (request, _reply, done) => {
    done(
      hasNulInUrl(request.url)
        ? new HttpProblem(400, 'bad-request', 'the address must not contain NUL characters')
        : undefined,
    );
  });

  app.setErrorHandler(errorHandler);
  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  // Counted in the database, so a limit holds across every server process sharing it.
  await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(store.db, ctx.now) });

  // For a container's or load balancer's health check: up only while the database answers.
  app.get('/api/health', async (request, reply) => {
    try {
      await store.db.query('SELECT 1');
    } catch (error) {
      request.log.error({ err: error }, 'health check: the database does not answer');
      // Like the 500 answer, outside the closed list of 4xx codes: the caller is a probe, not the app.
      return reply
        .code(503)
        .type('application/json; charset=utf-8')
        .send({ error: 'database-unavailable', message: 'the database does not answer' });
    }
    const health: HealthResponse = {
      version: ctx.version,
      database: store.engine,
      protocolVersion: SYNC_PROTOCOL_VERSION,
    };
    return reply.send(HealthResponseSchema.parse(health));
  });
  registerSessionRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerAuditLogRoutes(app, ctx);
  registerPasswordRoutes(app, ctx);
  registerOidcRoutes(app, ctx);
  registerFrameworkRoutes(app, ctx);
  registerPlanRoutes(app, ctx);
  registerCycleRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerDataProtectionRoutes(app, ctx);
  registerDeviceKeyRoutes(app, ctx);
  registerPublicRoutes(app, ctx);
  await registerStaticRoutes(app, ctx);
  return app;
}
