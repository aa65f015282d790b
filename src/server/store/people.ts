// People beyond the account row: when each last signed in, sessions ended by an administrator,
// one-time password links, single sign-on identities and the short-lived sign-on flows. Tokens are
// stored only as hashes.
import type { SqlRunner } from './sql-client.ts';

export type PersonExtras = { lastSignInAt: Date | null; identities: string[] };

/** Last sign-in and single sign-on issuers of every person, for the people list. */
export async function listPersonExtras(db: SqlRunner): Promise<Map<string, PersonExtras>> {
  const rows = await db.query<{ id: string; last_sign_in_at: Date | null; issuers: string[] | null }>(
    `SELECT u.id, u.last_sign_in_at,
            (SELECT array_agg(i.issuer_id ORDER BY i.issuer_id) FROM user_identities i WHERE i.user_id = u.id) AS issuers
     FROM users u`,
  );
  return new Map(rows.map((row) => [row.id, { lastSignInAt: row.last_sign_in_at, identities: row.issuers ?? [] }]));
}

export async function recordSignIn(db: SqlRunner, userId: string, at: Date): Promise<void> {
  await db.query('UPDATE users SET last_sign_in_at = $2 WHERE id = $1', [userId, at]);
}

/** Ends every session of a person at once, remembering why so their devices can be told. */
export async function endSessionsOfUser(db: SqlRunner, userId: string, reason: 'deactivated', at: Date): Promise<void> {
  await db.query(
    `INSERT INTO ended_sessions (token_hash, user_id, reason, ended_at, expires_at)
     SELECT token_hash, user_id, $2, $3, expires_at FROM sessions WHERE user_id = $1
     ON CONFLICT (token_hash) DO NOTHING`,
    [userId, reason, at],
  );
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function findEndedSession(
  db: SqlRunner,
  tokenHash: string,
  now: Date,
): Promise<{ reason: 'deactivated' } | undefined> {
  const rows = await db.query<{ reason: 'deactivated' }>(
    'SELECT reason FROM ended_sessions WHERE token_hash = $1 AND expires_at > $2',
    [tokenHash, now],
  );
  return rows[0];
}

/** On reactivation: old devices are then asked to sign in again, like any ended session. */
export async function forgetEndedSessions(db: SqlRunner, userId: string, now: Date): Promise<void> {
  await db.query('DELETE FROM ended_sessions WHERE user_id = $1 OR expires_at <= $2', [userId, now]);
}

export async function insertPasswordLink(
  db: SqlRunner,
  link: { tokenHash: string; userId: string; createdBy: string | null; createdAt: Date; expiresAt: Date },
): Promise<void> {
  // A new link replaces any earlier unused one: only the latest link sent works.
  await db.query('DELETE FROM password_links WHERE user_id = $1 AND used_at IS NULL', [link.userId]);
  await db.query(
    `INSERT INTO password_links (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [link.tokenHash, link.userId, link.createdBy, link.createdAt, link.expiresAt],
  );
}

export type StoredPasswordLink = { userId: string; expiresAt: Date; usedAt: Date | null };

export async function findPasswordLink(
  db: SqlRunner,
  tokenHash: string,
  forUpdate = false,
): Promise<StoredPasswordLink | undefined> {
  const rows = await db.query<{ user_id: string; expires_at: Date; used_at: Date | null }>(
    `SELECT user_id, expires_at, used_at FROM password_links WHERE token_hash = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [tokenHash],
  );
  const row = rows[0];
  return row && { userId: row.user_id, expiresAt: row.expires_at, usedAt: row.used_at };
}

export async function markPasswordLinkUsed(db: SqlRunner, tokenHash: string, at: Date): Promise<void> {
  await db.query('UPDATE password_links SET used_at = $2 WHERE token_hash = $1', [tokenHash, at]);
}

export async function deleteOtherSessions(db: SqlRunner, userId: string, keepTokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [userId, keepTokenHash]);
}

export async function findIdentity(db: SqlRunner, issuerId: string, subject: string): Promise<string | undefined> {
  const rows = await db.query<{ user_id: string }>(
    'SELECT user_id FROM user_identities WHERE issuer_id = $1 AND subject = $2',
    [issuerId, subject],
  );
  return rows[0]?.user_id;
}

export async function findSubjectOfUser(db: SqlRunner, issuerId: string, userId: string): Promise<string | undefined> {
  const rows = await db.query<{ subject: string }>(
    'SELECT subject FROM user_identities WHERE issuer_id = $1 AND user_id = $2',
    [issuerId, userId],
  );
  return rows[0]?.subject;
}

export async function linkIdentity(
  db: SqlRunner,
  identity: { issuerId: string; subject: string; userId: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO user_identities (issuer_id, subject, user_id, created_at, last_sign_in_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (issuer_id, subject) DO UPDATE SET last_sign_in_at = EXCLUDED.last_sign_in_at`,
    [identity.issuerId, identity.subject, identity.userId, identity.at],
  );
}

export type OidcFlow = { state: string; issuerId: string; codeVerifier: string; nonce: string; returnTo: string };

export async function insertOidcFlow(db: SqlRunner, flow: OidcFlow, now: Date, expiresAt: Date): Promise<void> {
  await db.query('DELETE FROM oidc_flows WHERE expires_at <= $1', [now]);
  await db.query(
    `INSERT INTO oidc_flows (state, issuer_id, code_verifier, nonce, return_to, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [flow.state, flow.issuerId, flow.codeVerifier, flow.nonce, flow.returnTo, now, expiresAt],
  );
}

/** Takes a flow once: a replayed answer from the issuer finds nothing. */
export async function takeOidcFlow(db: SqlRunner, state: string, now: Date): Promise<OidcFlow | undefined> {
  const rows = await db.query<{
    state: string;
    issuer_id: string;
    code_verifier: string;
    nonce: string;
    return_to: string;
  }>(
    `DELETE FROM oidc_flows WHERE state = $1 AND expires_at > $2
     RETURNING state, issuer_id, code_verifier, nonce, return_to`,
    [state, now],
  );
  const row = rows[0];
  return (
    row && {
      state: row.state,
      issuerId: row.issuer_id,
      codeVerifier: row.code_verifier,
      nonce: row.nonce,
      returnTo: row.return_to,
    }
  );
}
