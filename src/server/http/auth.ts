// Who is calling, and may they: the session cookie resolved to a user, the CSRF header checked on
// every state-changing request, and the route's roles checked. Each route calls requireSession first.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, Session } from '#shared/schemas/user.ts';
import { isCsrfTokenValid, lookUpSession } from '../services/accounts.ts';
import type { Store } from '../store/store.ts';
import { HttpProblem } from './errors.ts';
import { isLocalRequest } from './security-headers.ts';

export const SESSION_COOKIE = 'ehcp_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Caller = { session: Session; tokenHash: string };

export async function requireSession(
  store: Store,
  now: Date,
  request: FastifyRequest,
  roles?: readonly Role[],
): Promise<Caller> {
  const found = await lookUpSession(store.db, request.cookies[SESSION_COOKIE], now);
  if (found.status === 'account-deactivated') {
    throw new HttpProblem(
      403,
      'account-deactivated',
      'your account has been deactivated: ask an administrator (work on your device stays there)',
    );
  }
  if (found.status !== 'ok') {
    throw found.status === 'session-expired'
      ? new HttpProblem(401, 'session-expired', 'your session has ended: sign in again')
      : new HttpProblem(401, 'unauthenticated', 'sign in first');
  }
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    if (!isCsrfTokenValid(found.session.csrfToken, typeof header === 'string' ? header : undefined)) {
      throw new HttpProblem(403, 'csrf-failed', `send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
  }
  if (roles && !roles.some((role) => found.session.user.roles.includes(role))) {
    throw new HttpProblem(403, 'forbidden', 'your role does not allow this');
  }
  return { session: found.session, tokenHash: found.tokenHash };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLocalRequest(request),
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: !isLocalRequest(request),
  });
}
