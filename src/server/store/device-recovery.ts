// The server secret behind device recovery keys (http/device-key-routes.ts). It lives in the
// settings table under its own key, which the sync feed never carries (only the "council" row is
// a synced record), and is made on first use.
import { randomBytes } from 'node:crypto';
import type { SqlRunner } from './sql-client.ts';

const SECRET_KEY = 'device-recovery-secret';

/** The secret, made by the first call; a race between two servers keeps the first one written. */
export async function deviceRecoverySecret(db: SqlRunner): Promise<Buffer> {
  await db.query(`INSERT INTO settings (key, doc) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`, [
    SECRET_KEY,
    JSON.stringify({ secret: randomBytes(32).toString('base64') }),
  ]);
  const rows = await db.query<{ doc: { secret?: unknown } }>('SELECT doc FROM settings WHERE key = $1', [SECRET_KEY]);
  const secret = rows[0]?.doc.secret;
  if (typeof secret !== 'string') throw new Error('The device recovery secret is missing.');
  return Buffer.from(secret, 'base64');
}
