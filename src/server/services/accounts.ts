// Accounts and sessions: creating and changing users, signing in and out, and resolving a session
// cookie to a user. Every change to an account is logged and reaches the people who may see it.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CreateUserRequest, UpdateUserRequest } from '#shared/protocol/api.ts';
import { UserSchema, type Session, type User } from '#shared/schemas/user.ts';
import { appendLog } from '../store/audit-log.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { endSessionsOfUser, findEndedSession, forgetEndedSessions, recordSignIn } from '../store/people.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSession,
  findUserByEmail,
  findUserById,
  insertSession,
  insertUser,
  saveUser,
  type StoredUser,
} from '../store/users.ts';
import { grantVisible, restampRecord } from '../store/feed.ts';
import { assertPasswordPolicy } from './password-policy.ts';
import { decoyHash, hashPassword, NO_PASSWORD, verifyPassword } from './passwords.ts';

export class AccountError extends Error {
  constructor(
    readonly code: 'conflict' | 'not-found' | 'validation-failed',
    message: string,
  ) {
    super(message);
  }
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** After a user is created or changed: their record reaches those who see it, their feed matches their rights. */
async function publishUserChange(tx: SqlRunner, userId: string): Promise<void> {
  await restampRecord(tx, 'user', userId);
  await grantVisible(tx, userId);
}

export async function createUser(
  db: SqlClient,
  actorId: string | null,
  request: CreateUserRequest,
  id: string = randomUUID(),
): Promise<User> {
  const { password, ...details } = request;
  if (password !== undefined) assertPasswordPolicy(password, details);
  return createUserWithHash(
    db,
    actorId,
    details,
    password === undefined ? NO_PASSWORD : await hashPassword(password),
    id,
  );
}

/** For callers that hash many passwords at once (seeding), then store the accounts one by one. */
export async function createUserWithHash(
  db: SqlClient,
  actorId: string | null,
  request: Omit<CreateUserRequest, 'password'>,
  passwordHash: string,
  id: string = randomUUID(),
): Promise<User> {
  const user = UserSchema.parse({
    id,
    name: request.name,
    email: request.email.toLowerCase(),
    roles: [...new Set(request.roles)],
    ...(request.agency ? { agency: request.agency } : {}),
  });
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, user.email))
      throw new AccountError('conflict', `${user.email} already has an account`);
    await insertUser(tx, user, passwordHash);
    await appendLog(tx, { actorId, action: 'user.create', entityKind: 'user', entityId: user.id, after: user });
    await publishUserChange(tx, user.id);
    return user;
  });
}

export async function updateUser(
  db: SqlClient,
  actorId: string,
  userId: string,
  request: UpdateUserRequest,
  now: Date = new Date(),
): Promise<StoredUser> {
  if (request.password !== undefined) {
    const current = await findUserById(db, userId);
    assertPasswordPolicy(request.password, { email: current?.user.email, name: request.name ?? current?.user.name });
  }
  const passwordHash = request.password === undefined ? undefined : await hashPassword(request.password);
  return db.transaction(async (tx) => {
    const stored = await findUserById(tx, userId, true);
    if (!stored) throw new AccountError('not-found', 'no such user');
    const candidate: Record<string, unknown> = {
      ...stored.user,
      ...(request.name === undefined ? {} : { name: request.name }),
      ...(request.roles === undefined ? {} : { roles: [...new Set(request.roles)] }),
    };
    if (request.agency === null) delete candidate.agency;
    else if (request.agency !== undefined) candidate.agency = request.agency;
    const parsed = UserSchema.safeParse(candidate);
    if (!parsed.success) throw new AccountError('validation-failed', parsed.error.issues[0]?.message ?? 'invalid user');
    const next: StoredUser = {
      ...stored,
      user: parsed.data,
      passwordHash: passwordHash ?? stored.passwordHash,
      disabled: request.disabled ?? stored.disabled,
    };
    await saveUser(tx, next);
    // Deactivation ends every session at once, and the devices holding them are told why on their next sync.
    if (next.disabled) await endSessionsOfUser(tx, userId, 'deactivated', now);
    else if (passwordHash !== undefined) await deleteSessionsOfUser(tx, userId);
    if (stored.disabled && !next.disabled) await forgetEndedSessions(tx, userId, now);
    await appendLog(tx, {
      actorId,
      action: 'user.update',
      entityKind: 'user',
      entityId: userId,
      before: { ...stored.user, disabled: stored.disabled },
      after: { ...next.user, disabled: next.disabled, ...(passwordHash ? { passwordChanged: true } : {}) },
    });
    await publishUserChange(tx, userId);
    return next;
  });
}

export type SignedIn = { token: string; session: Session };

export async function signIn(
  db: SqlClient,
  email: string,
  password: string,
  now: Date,
  sessionDays: number,
): Promise<SignedIn | undefined> {
  const stored = await findUserByEmail(db, email);
  const isMatch = await verifyPassword(password, stored?.passwordHash ?? (await decoyHash()));
  if (!stored || !isMatch || stored.disabled) return undefined;
  return db.transaction((tx) => startSession(tx, stored.user, now, sessionDays));
}

/** A new session for someone already identified (by password or single sign-on), logged with how. */
export async function startSession(
  tx: SqlRunner,
  user: User,
  now: Date,
  sessionDays: number,
  via?: { issuerId: string },
): Promise<SignedIn> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionDays * 24 * 60 * 60 * 1000);
  await deleteExpiredSessions(tx, now);
  await insertSession(tx, { tokenHash: hashToken(token), userId: user.id, csrfToken, createdAt: now, expiresAt });
  await recordSignIn(tx, user.id, now);
  await appendLog(tx, {
    actorId: user.id,
    action: 'session.create',
    entityKind: 'user',
    entityId: user.id,
    ...(via ? { after: { via: `sso:${via.issuerId}` } } : {}),
  });
  return { token, session: { user, csrfToken, expiresAt: expiresAt.toISOString() } };
}

export type SessionLookup =
  | { status: 'ok'; session: Session; tokenHash: string }
  | { status: 'unauthenticated' | 'session-expired' | 'account-deactivated' };

export async function lookUpSession(db: SqlRunner, token: string | undefined, now: Date): Promise<SessionLookup> {
  if (!token || token.length > 200) return { status: 'unauthenticated' };
  const tokenHash = hashToken(token);
  const found = await findSession(db, tokenHash);
  if (!found) {
    const ended = await findEndedSession(db, tokenHash, now);
    return { status: ended ? 'account-deactivated' : 'unauthenticated' };
  }
  if (found.isDisabled) return { status: 'account-deactivated' };
  if (found.expiresAt.getTime() <= now.getTime()) return { status: 'session-expired' };
  return {
    status: 'ok',
    tokenHash,
    session: { user: found.user, csrfToken: found.csrfToken, expiresAt: found.expiresAt.toISOString() },
  };
}

export async function signOut(db: SqlClient, tokenHash: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, tokenHash);
    await appendLog(tx, { actorId: userId, action: 'session.delete', entityKind: 'user', entityId: userId });
  });
}

export function isCsrfTokenValid(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
