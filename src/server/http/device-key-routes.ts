// The recovery key for a device's data key: what lets a user who forgot their device PIN reset it
// without losing unsynced work. It is answered only within minutes of an online sign-in, so a
// locked device with a long-lived session cookie cannot fetch it; the device never stores it, it
// only stores its data key wrapped by it. Derived per user from a server secret kept in the
// settings table (never in the sync feed: only the "council" row is visible there).
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SqlRunner } from '../store/sql-client.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem } from './errors.ts';

const SECRET_KEY = 'device-recovery-secret';
/** How long after signing in the recovery key is given: long enough to set a new PIN. */
export const RECOVERY_WINDOW_MS = 15 * 60_000;

async function recoverySecret(db: SqlRunner): Promise<Buffer> {
  // The first call makes the secret; a race between two servers keeps the first one written.
  await db.query(`INSERT INTO settings (key, doc) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`, [
    SECRET_KEY,
    JSON.stringify({ secret: randomBytes(32).toString('base64') }),
  ]);
  const rows = await db.query<{ doc: { secret?: unknown } }>('SELECT doc FROM settings WHERE key = $1', [SECRET_KEY]);
  const secret = rows[0]?.doc.secret;
  if (typeof secret !== 'string') throw new Error('The device recovery secret is missing.');
  return Buffer.from(secret, 'base64');
}

export function registerDeviceKeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/device/recovery-key', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    const rows = await ctx.store.db.query<{ created_at: Date | string }>(
      'SELECT created_at FROM sessions WHERE token_hash = $1',
      [caller.tokenHash],
    );
    const createdAt = rows[0] ? new Date(rows[0].created_at).getTime() : 0;
    if (ctx.now().getTime() - createdAt > RECOVERY_WINDOW_MS) {
      throw new HttpProblem(403, 'forbidden', 'sign in again to reset the PIN of this device');
    }
    const secret = await recoverySecret(ctx.store.db);
    const key = createHmac('sha256', secret).update(`device-recovery:${caller.session.user.id}`).digest('base64');
    return { key };
  });
}
