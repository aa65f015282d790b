// People administration: the people list (admins and QA leads), adding a person (admins; QA leads
// parent-carer representatives only), changing roles, agency and name, deactivating and
// reactivating (admins), and one-time links to set a password (admins).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CreateUserRequestSchema, UpdateUserRequestSchema, type ManagedUser } from '#shared/protocol/api.ts';
import type { CreatePersonResponse, PasswordLink } from '#shared/protocol/people-api.ts';
import { UserIdSchema } from '#shared/schemas/user.ts';
import { AccountError, updateUser } from '../services/accounts.ts';
import { createMailer } from '../services/mailer.ts';
import { PasswordPolicyError } from '../services/password-policy.ts';
import { addPerson, findPerson, issuePasswordLink, listPeople, PeopleError, toPerson } from '../services/people.ts';
import { getSettings } from '../services/settings.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem, parseWith } from './errors.ts';

const UserParamsSchema = z.strictObject({ id: UserIdSchema });

/** The services' refusals as API answers. */
export function peopleProblem(error: unknown, passwordField = 'password'): never {
  if (error instanceof AccountError) {
    const status = error.code === 'conflict' ? 409 : error.code === 'not-found' ? 404 : 400;
    throw new HttpProblem(status, error.code, error.message);
  }
  if (error instanceof PasswordPolicyError) {
    throw new HttpProblem(400, 'validation-failed', 'the password is not allowed', [
      { path: passwordField, message: error.message },
    ]);
  }
  if (error instanceof PeopleError) {
    if (error.code === 'forbidden') throw new HttpProblem(403, 'forbidden', error.message);
    if (error.code === 'wrong-password')
      throw new HttpProblem(400, 'validation-failed', error.message, [
        { path: 'currentPassword', message: error.message },
      ]);
    throw new HttpProblem(error.code === 'expired' ? 410 : 404, 'not-found', error.message);
  }
  throw error;
}

/** The address a link in a message points at: PUBLIC_URL, or the origin the admin is using. */
export function appBaseUrl(ctx: AppContext, request: FastifyRequest): string {
  return ctx.config.signIn.publicUrl ?? `${request.protocol}://${request.host}`;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const mailer = createMailer(ctx.config.signIn.mail);

  const sendLink = async (request: FastifyRequest, actorId: string, userId: string): Promise<PasswordLink> => {
    const settings = await getSettings(ctx.store.db);
    return issuePasswordLink(ctx.store.db, actorId, userId, {
      now: ctx.now(),
      hours: ctx.config.signIn.passwordLinkHours,
      baseUrl: appBaseUrl(ctx, request),
      mailer,
      log: (message) => request.log.warn(message),
      councilName: settings.councilName,
    }).catch((error: unknown) => peopleProblem(error));
  };

  app.get('/api/users', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['admin', 'qa-lead']);
    return { users: await listPeople(ctx.store.db) };
  });

  app.get('/api/users/:id', async (request): Promise<ManagedUser> => {
    await requireSession(ctx.store, ctx.now(), request, ['admin', 'qa-lead']);
    const { id } = parseWith(UserParamsSchema, request.params, 'the address');
    const person = await findPerson(ctx.store.db, id);
    if (!person) throw new HttpProblem(404, 'not-found', 'no such person');
    return person;
  });

  app.post('/api/users', async (request, reply) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin', 'qa-lead']);
    const body = parseWith(CreateUserRequestSchema, request.body);
    const stored = await addPerson(ctx.store.db, caller.session.user, body).catch((error: unknown) =>
      peopleProblem(error),
    );
    // An invitation: with password sign-in on and no password given, the person sets their own.
    const passwordLink =
      body.password === undefined && ctx.config.signIn.isPasswordSignInOn
        ? await sendLink(request, caller.session.user.id, stored.user.id)
        : undefined;
    const response: CreatePersonResponse = { ...toPerson(stored), ...(passwordLink ? { passwordLink } : {}) };
    return reply.code(201).send(response);
  });

  app.patch('/api/users/:id', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const { id } = parseWith(UserParamsSchema, request.params, 'the address');
    const body = parseWith(UpdateUserRequestSchema, request.body);
    const isSelf = id === caller.session.user.id;
    if (isSelf && (body.disabled === true || (body.roles && !body.roles.includes('admin')))) {
      throw new HttpProblem(409, 'conflict', 'you cannot disable your own account or remove your own admin role');
    }
    await updateUser(ctx.store.db, caller.session.user.id, id, body, ctx.now()).catch((error: unknown) =>
      peopleProblem(error),
    );
    const person = await findPerson(ctx.store.db, id);
    if (!person) throw new HttpProblem(404, 'not-found', 'no such person');
    return person;
  });

  app.post('/api/users/:id/password-link', async (request, reply): Promise<PasswordLink> => {
    const caller = await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const { id } = parseWith(UserParamsSchema, request.params, 'the address');
    if (!ctx.config.signIn.isPasswordSignInOn)
      throw new HttpProblem(409, 'conflict', 'password sign-in is turned off: people sign in through single sign-on');
    const link = await sendLink(request, caller.session.user.id, id);
    return reply.code(201).send(link);
  });
}
