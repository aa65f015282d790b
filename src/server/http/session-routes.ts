// Sign in, who am I, sign out. Sign-in is rate-limited twice: every attempt per address (a flood),
// and failures per address and email (password guessing). A wrong email and a wrong password get
// the same answer, in about the same time.
import type { FastifyInstance } from 'fastify';
import { SignInRequestSchema } from '#shared/schemas/user.ts';
import { signIn, signOut } from '../services/accounts.ts';
import { clearSessionCookie, requireSession, setSessionCookie } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';
import { createSignInLimiter } from './sign-in-limiter.ts';

const ATTEMPTS_PER_MINUTE = 60;

export function registerSessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const failures = createSignInLimiter(ctx.config.signInLimit, ctx.config.signInWindowMs);
  app.post(
    '/api/session',
    {
      config: { rateLimit: { max: ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } },
      // Password sign-in turned off (PASSWORD_SIGN_IN=false): refused before the body is read.
      onRequest: (_request, _reply, done) => {
        done(
          ctx.config.signIn.isPasswordSignInOn
            ? undefined
            : new HttpProblem(403, 'forbidden', 'password sign-in is turned off: sign in through single sign-on'),
        );
      },
    },
    async (request, reply) => {
      const body = parseWith(SignInRequestSchema, request.body);
      const key = `${request.ip}|${body.email.toLowerCase()}`;
      const at = ctx.now().getTime();
      if (failures.isBlocked(key, at)) {
        reply.header('retry-after', String(Math.ceil(ctx.config.signInWindowMs / 1000)));
        throw new HttpProblem(429, 'rate-limited', 'too many failed attempts: wait a few minutes and try again');
      }
      const signedIn = await signIn(ctx.store.db, body.email, body.password, ctx.now(), ctx.config.sessionDays);
      if (!signedIn) {
        failures.recordFailure(key, at);
        throw new HttpProblem(401, 'unauthenticated', 'that email and password do not match an account');
      }
      failures.recordSuccess(key);
      setSessionCookie(request, reply, signedIn.token, new Date(signedIn.session.expiresAt));
      return signedIn.session;
    },
  );

  app.get('/api/session', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    return caller.session;
  });

  app.delete('/api/session', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request).catch((error: unknown) => {
      // An ended session still leaves its cookie behind: clear it while saying why.
      if (error instanceof HttpProblem && error.statusCode === 401) clearSessionCookie(request, reply);
      throw error;
    });
    await signOut(ctx.store.db, caller.tokenHash, caller.session.user.id);
    clearSessionCookie(request, reply);
    return reply.code(204).send();
  });
}
