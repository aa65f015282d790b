// Passwords, for councils without single sign-on: set one from a one-time link (no session: the
// link is the proof), and change your own (the current one is the proof). Both are rate-limited
// per address, and refused when password sign-in is turned off. Also the public sign-in options.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ChangePasswordRequestSchema,
  UsePasswordLinkRequestSchema,
  type SignInOptions,
} from '#shared/protocol/people-api.ts';
import { changeOwnPassword, passwordLinkOwner, usePasswordLink } from '../services/people.ts';
import { peopleProblem } from './admin-routes.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

const ATTEMPTS_PER_MINUTE = 30;
const limited = { config: { rateLimit: { max: ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } } };

export function registerPasswordRoutes(app: FastifyInstance, ctx: AppContext): void {
  const refuseWhenOff = (): void => {
    if (!ctx.config.signIn.isPasswordSignInOn)
      throw new HttpProblem(403, 'forbidden', 'password sign-in is turned off: sign in through single sign-on');
  };

  app.get('/api/sign-in-options', (): SignInOptions => ({
    isPasswordSignInOn: ctx.config.signIn.isPasswordSignInOn,
    issuers: ctx.config.signIn.oidcIssuers.map((issuer) => ({ id: issuer.id, label: issuer.label })),
  }));

  app.post('/api/password-links/check', limited, async (request) => {
    refuseWhenOff();
    const { token } = parseWith(z.strictObject({ token: z.string().min(20).max(200) }), request.body);
    return passwordLinkOwner(ctx.store.db, token, ctx.now()).catch((error: unknown) => peopleProblem(error));
  });

  app.post('/api/password-links/use', limited, async (request, reply) => {
    refuseWhenOff();
    const body = parseWith(UsePasswordLinkRequestSchema, request.body);
    await usePasswordLink(ctx.store.db, body.token, body.password, ctx.now()).catch((error: unknown) =>
      peopleProblem(error),
    );
    return reply.code(204).send();
  });

  app.put('/api/session/password', limited, async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    refuseWhenOff();
    const body = parseWith(ChangePasswordRequestSchema, request.body);
    await changeOwnPassword(
      ctx.store.db,
      caller.session.user,
      caller.tokenHash,
      body.currentPassword,
      body.newPassword,
    ).catch((error: unknown) => peopleProblem(error, 'newPassword'));
    return reply.code(204).send();
  });
}
