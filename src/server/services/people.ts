// People administration: the people list with last sign-in, adding a person (admins any role, QA
// leads parent-carer representatives only), one-time links to set a password (invitation or reset),
// and changing your own password. Every change is in the audit log with who made it.
import { createHash, randomBytes } from 'node:crypto';
import type { CreateUserRequest, ManagedUser } from '#shared/protocol/api.ts';
import { QA_LEAD_ADDABLE_ROLES, type PasswordLink } from '#shared/protocol/people-api.ts';
import type { User } from '#shared/schemas/user.ts';
import { appendLog } from '../store/audit-log.ts';
import {
  deleteOtherSessions,
  findPasswordLink,
  insertPasswordLink,
  listPersonExtras,
  markPasswordLinkUsed,
  type PersonExtras,
} from '../store/people.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { deleteSessionsOfUser, findUserById, listUsers, saveUser, type StoredUser } from '../store/users.ts';
import { AccountError, createUser } from './accounts.ts';
import type { Mailer } from './mailer.ts';
import { assertPasswordPolicy } from './password-policy.ts';
import { hashPassword, hasPassword, verifyPassword } from './passwords.ts';

export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function toPerson(stored: StoredUser, extras?: PersonExtras): ManagedUser {
  return {
    user: stored.user,
    disabled: stored.disabled,
    createdAt: stored.createdAt.toISOString(),
    lastSignInAt: extras?.lastSignInAt ? extras.lastSignInAt.toISOString() : null,
    hasPassword: hasPassword(stored.passwordHash),
    identities: extras?.identities ?? [],
  };
}

export async function listPeople(db: SqlClient): Promise<ManagedUser[]> {
  const [users, extras] = await Promise.all([listUsers(db), listPersonExtras(db)]);
  return users.map((stored) => toPerson(stored, extras.get(stored.user.id)));
}

export async function findPerson(db: SqlClient, id: string): Promise<ManagedUser | undefined> {
  const stored = await findUserById(db, id);
  if (!stored) return undefined;
  return toPerson(stored, (await listPersonExtras(db)).get(id));
}

export class PeopleError extends Error {
  constructor(
    readonly code: 'forbidden' | 'not-found' | 'expired' | 'wrong-password',
    message: string,
  ) {
    super(message);
  }
}

/** A QA lead may add parent-carer representatives; anything else needs an admin. */
export function assertMayAdd(caller: User, request: CreateUserRequest): void {
  if (caller.roles.includes('admin')) return;
  const allowed = new Set<string>(QA_LEAD_ADDABLE_ROLES);
  if (!caller.roles.includes('qa-lead') || !request.roles.every((role) => allowed.has(role)))
    throw new PeopleError('forbidden', 'a QA lead may add parent-carer representatives only');
}

export async function addPerson(db: SqlClient, caller: User, request: CreateUserRequest): Promise<StoredUser> {
  assertMayAdd(caller, request);
  const user = await createUser(db, caller.id, request);
  const stored = await findUserById(db, user.id);
  if (!stored) throw new AccountError('not-found', 'the account was not saved');
  return stored;
}

export type LinkOptions = {
  now: Date;
  hours: number;
  /** The app's address, for the link: PUBLIC_URL or the request's origin. */
  baseUrl: string;
  mailer: Mailer | undefined;
  /** Where the link goes when it is not mailed (the server log). */
  log: (message: string) => void;
  councilName?: string;
};

/**
 * Issues a one-time link to set a password, replacing any earlier unused one. Only its hash is
 * stored. Mailed when mail is set up; otherwise logged and handed back for the admin to pass on.
 */
export async function issuePasswordLink(
  db: SqlClient,
  actorId: string | null,
  userId: string,
  options: LinkOptions,
): Promise<PasswordLink> {
  const stored = await findUserById(db, userId);
  if (!stored) throw new PeopleError('not-found', 'no such person');
  if (stored.disabled) throw new AccountError('conflict', 'reactivate this person before sending them a link');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(options.now.getTime() + options.hours * 60 * 60 * 1000);
  const url = `${options.baseUrl}/set-password#token=${token}`;
  await db.transaction(async (tx) => {
    await insertPasswordLink(tx, {
      tokenHash: hashLinkToken(token),
      userId,
      createdBy: actorId,
      createdAt: options.now,
      expiresAt,
    });
    await appendLog(tx, {
      actorId,
      action: 'user.password-link',
      entityKind: 'user',
      entityId: userId,
      after: { expiresAt: expiresAt.toISOString(), emailed: options.mailer !== undefined },
    });
  });
  if (options.mailer) {
    await options.mailer.send({
      to: stored.user.email,
      subject: 'Set your password for the EHCP quality audit',
      text: [
        `Hello ${stored.user.name},`,
        '',
        `Use this link to set your password${options.councilName ? ` for ${options.councilName}'s` : ' for the'} EHCP quality audit:`,
        url,
        '',
        `The link works once, until ${expiresAt.toUTCString()}. If you did not expect it, ignore this email.`,
      ].join('\n'),
    });
    return { expiresAt: expiresAt.toISOString(), emailedTo: stored.user.email };
  }
  options.log(`One-time password link for ${stored.user.email} (until ${expiresAt.toISOString()}): ${url}`);
  return { url, expiresAt: expiresAt.toISOString() };
}

async function liveLink(db: SqlRunner, token: string, now: Date, forUpdate = false) {
  const link = await findPasswordLink(db, hashLinkToken(token), forUpdate);
  if (!link) throw new PeopleError('not-found', 'this link is not one we sent, or a newer one replaced it');
  if (link.usedAt) throw new PeopleError('expired', 'this link has been used already: ask for a new one');
  if (link.expiresAt.getTime() <= now.getTime())
    throw new PeopleError('expired', 'this link has expired: ask for a new one');
  return link;
}

/** Who a link is for, so the page can say whose password is being set. */
export async function passwordLinkOwner(
  db: SqlClient,
  token: string,
  now: Date,
): Promise<{ email: string; name: string }> {
  const link = await liveLink(db, token, now);
  const stored = await findUserById(db, link.userId);
  if (!stored || stored.disabled) throw new PeopleError('not-found', 'this link is no longer valid');
  return { email: stored.user.email, name: stored.user.name };
}

/** Sets the password from a link, once: the link is spent and every session of the person ends. */
export async function usePasswordLink(db: SqlClient, token: string, password: string, now: Date): Promise<User> {
  const owner = await passwordLinkOwner(db, token, now);
  assertPasswordPolicy(password, owner);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const link = await liveLink(tx, token, now, true);
    const stored = await findUserById(tx, link.userId, true);
    if (!stored || stored.disabled) throw new PeopleError('not-found', 'this link is no longer valid');
    await markPasswordLinkUsed(tx, hashLinkToken(token), now);
    await saveUser(tx, { ...stored, passwordHash });
    await deleteSessionsOfUser(tx, stored.user.id);
    await appendLog(tx, {
      actorId: stored.user.id,
      action: 'user.password-set',
      entityKind: 'user',
      entityId: stored.user.id,
      after: { via: 'one-time link' },
    });
    return stored.user;
  });
}

/** Changes your own password: the current one is required; your other sessions end, this one stays. */
export async function changeOwnPassword(
  db: SqlClient,
  user: User,
  sessionTokenHash: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const stored = await findUserById(db, user.id);
  if (!stored) throw new PeopleError('not-found', 'no such person');
  if (!(await verifyPassword(currentPassword, stored.passwordHash)))
    throw new PeopleError('wrong-password', 'your current password is not correct');
  assertPasswordPolicy(newPassword, stored.user);
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    const locked = await findUserById(tx, user.id, true);
    if (!locked) throw new PeopleError('not-found', 'no such person');
    await saveUser(tx, { ...locked, passwordHash });
    await deleteOtherSessions(tx, user.id, sessionTokenHash);
    await appendLog(tx, { actorId: user.id, action: 'user.password-change', entityKind: 'user', entityId: user.id });
  });
}
