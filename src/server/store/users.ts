// Accounts and sessions as stored. Emails are kept lower-case; only a hash of a session token is stored.
import type { ManagedUser } from '#shared/protocol/api.ts';
import type { Agency } from '#shared/schemas/framework.ts';
import type { Role, User } from '#shared/schemas/user.ts';
import type { SqlRunner } from './sql-client.ts';

type UserRow = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  agency: Agency | null;
  password_hash: string;
  disabled: boolean;
  created_at: Date;
};

export type StoredUser = { user: User; passwordHash: string; disabled: boolean; createdAt: Date };

const USER_COLUMNS = 'id, email, name, roles, agency, password_hash, disabled, created_at';

/** The columns a User is made of, for queries that need no more (the sync pull). */
export const PUBLIC_USER_COLUMNS = 'id, email, name, roles, agency';
export type PublicUserRow = Pick<UserRow, 'id' | 'email' | 'name' | 'roles' | 'agency'>;

export function toUser(row: PublicUserRow): User {
  const user: User = { id: row.id, name: row.name, email: row.email, roles: row.roles };
  if (row.agency !== null) user.agency = row.agency;
  return user;
}

function fromRow(row: UserRow): StoredUser {
  return { user: toUser(row), passwordHash: row.password_hash, disabled: row.disabled, createdAt: row.created_at };
}

export function toManagedUser(stored: StoredUser): ManagedUser {
  return { user: stored.user, disabled: stored.disabled, createdAt: stored.createdAt.toISOString() };
}

export async function findUserByEmail(db: SqlRunner, email: string): Promise<StoredUser | undefined> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [email.toLowerCase()]);
  return rows[0] && fromRow(rows[0]);
}

export async function findUserById(db: SqlRunner, id: string, forUpdate = false): Promise<StoredUser | undefined> {
  const rows = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] && fromRow(rows[0]);
}

export async function listUsers(db: SqlRunner): Promise<StoredUser[]> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`);
  return rows.map(fromRow);
}

export async function countUsers(db: SqlRunner): Promise<number> {
  const rows = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users');
  return rows[0]?.count ?? 0;
}

export async function insertUser(db: SqlRunner, user: User, passwordHash: string): Promise<void> {
  await db.query(
    `INSERT INTO users (id, email, name, roles, agency, password_hash) VALUES ($1, $2, $3, $4::text[], $5, $6)`,
    [user.id, user.email.toLowerCase(), user.name, user.roles, user.agency ?? null, passwordHash],
  );
}

export async function saveUser(db: SqlRunner, stored: StoredUser): Promise<void> {
  await db.query(
    `UPDATE users SET name = $2, roles = $3::text[], agency = $4, password_hash = $5, disabled = $6, updated_at = now()
     WHERE id = $1`,
    [
      stored.user.id,
      stored.user.name,
      stored.user.roles,
      stored.user.agency ?? null,
      stored.passwordHash,
      stored.disabled,
    ],
  );
}

export type StoredSession = {
  user: User;
  isDisabled: boolean;
  csrfToken: string;
  expiresAt: Date;
};

export async function insertSession(
  db: SqlRunner,
  session: { tokenHash: string; userId: string; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [session.tokenHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt],
  );
}

export async function findSession(db: SqlRunner, tokenHash: string): Promise<StoredSession | undefined> {
  const rows = await db.query<UserRow & { csrf_token: string; expires_at: Date }>(
    `SELECT u.id, u.email, u.name, u.roles, u.agency, u.password_hash, u.disabled, u.created_at,
            s.csrf_token, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return undefined;
  const stored = fromRow(row);
  return { user: stored.user, isDisabled: stored.disabled, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

/** When the session with this token began, or undefined when there is none. */
export async function sessionCreatedAt(db: SqlRunner, tokenHash: string): Promise<Date | undefined> {
  const rows = await db.query<{ created_at: Date | string }>('SELECT created_at FROM sessions WHERE token_hash = $1', [
    tokenHash,
  ]);
  return rows[0] ? new Date(rows[0].created_at) : undefined;
}

export async function deleteSession(db: SqlRunner, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteSessionsOfUser(db: SqlRunner, userId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function deleteExpiredSessions(db: SqlRunner, now: Date): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at < $1', [now]);
}

/** The roles and state of these accounts (those that exist). */
export async function rolesOfUsers(
  db: SqlRunner,
  ids: readonly string[],
): Promise<{ id: string; roles: Role[]; disabled: boolean }[]> {
  return db.query<{ id: string; roles: Role[]; disabled: boolean }>(
    'SELECT id, roles, disabled FROM users WHERE id = ANY ($1::text[])',
    [ids],
  );
}
