// Single sign-on: /api/oidc/:issuer/start sends the browser to the issuer, and the issuer sends it
// back to /api/oidc/:issuer/callback (the redirect URI registered with it). A short-lived cookie,
// sent on that top-level return (SameSite=Lax), ties the answer to the browser that asked. Then
// the same session cookie as a password sign-in, and on to the app, which sets up the device.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SsoRefusal } from '#shared/protocol/people-api.ts';
import { createOidcClients, finishSsoSignIn, SsoRefused, startSsoSignIn } from '../services/oidc.ts';
import { setSessionCookie } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';
import { isLocalRequest } from './security-headers.ts';

const FLOW_COOKIE = 'ehcp_oidc_state';
const FLOW_COOKIE_PATH = '/api/oidc';

const IssuerParamsSchema = z.strictObject({ issuer: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/) });
const StartQuerySchema = z.strictObject({
  // Only a path inside the app: never another site.
  returnTo: z
    .string()
    .max(300)
    .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path in this app')
    .optional(),
});

const refused = (reply: FastifyReply, reason: SsoRefusal, issuer: string): FastifyReply =>
  reply.redirect(`/sign-in/refused?reason=${reason}&issuer=${encodeURIComponent(issuer)}`, 303);

export function registerOidcRoutes(app: FastifyInstance, ctx: AppContext): void {
  const clients = createOidcClients(ctx.config.signIn.oidcIssuers);
  const issuerOf = (request: FastifyRequest) => {
    const { issuer: id } = parseWith(IssuerParamsSchema, request.params, 'the address');
    const issuer = clients.issuer(id);
    if (!issuer) throw new HttpProblem(404, 'not-found', `no single sign-on issuer "${id}"`);
    return issuer;
  };

  app.get(
    '/api/oidc/:issuer/start',
    { config: { rateLimit: { max: 30, timeWindow: 60_000 } } },
    async (request, reply) => {
      const issuer = issuerOf(request);
      const { returnTo } = parseWith(StartQuerySchema, request.query, 'the query');
      let started;
      try {
        started = await startSsoSignIn(ctx.store.db, clients, issuer, returnTo ?? '/', ctx.now());
      } catch (error) {
        request.log.warn({ err: error }, `single sign-on with ${issuer.id} could not start`);
        return refused(reply, 'failed', issuer.id);
      }
      reply.setCookie(FLOW_COOKIE, started.state, {
        path: FLOW_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: !isLocalRequest(request),
        maxAge: 10 * 60,
      });
      return reply.redirect(started.url, 303);
    },
  );

  app.get('/api/oidc/:issuer/callback', async (request, reply) => {
    const issuer = issuerOf(request);
    const state = new URL(request.url, 'http://callback').searchParams.get('state');
    const cookieState = request.cookies[FLOW_COOKIE];
    reply.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
    if (!state || !cookieState || state !== cookieState) return refused(reply, 'expired', issuer.id);
    const callbackUrl = new URL(issuer.redirectUri);
    callbackUrl.search = new URL(request.url, 'http://callback').search;
    try {
      const { signedIn, returnTo } = await finishSsoSignIn(
        ctx.store.db,
        clients,
        issuer,
        callbackUrl,
        ctx.now(),
        ctx.config.sessionDays,
      );
      setSessionCookie(request, reply, signedIn.token, new Date(signedIn.session.expiresAt));
      return reply.redirect(`/sign-in/complete?returnTo=${encodeURIComponent(returnTo)}`, 303);
    } catch (error) {
      if (error instanceof SsoRefused) {
        request.log.warn(`single sign-on with ${issuer.id} refused (${error.reason}): ${error.message}`);
        return refused(reply, error.reason, issuer.id);
      }
      throw error;
    }
  });
}
