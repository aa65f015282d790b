// The recovery key for a device's data key: what lets a user who forgot their device PIN reset it
// without losing unsynced work. It is answered only within minutes of an online sign-in, so a
// locked device with a long-lived session cookie cannot fetch it; the device never stores it, it
// only stores its data key wrapped by it. Derived per user from a server secret kept in the
// settings table (never in the sync feed: only the "council" row is visible there).
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { deviceRecoverySecret } from '../store/device-recovery.ts';
import { sessionCreatedAt } from '../store/users.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { HttpProblem } from './errors.ts';

/** How long after signing in the recovery key is given: long enough to set a new PIN. */
export const RECOVERY_WINDOW_MS = 15 * 60_000;

export function registerDeviceKeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/device/recovery-key', async (request) => {
    const caller = await requireSession(ctx.store, ctx.now(), request);
    const createdAt = (await sessionCreatedAt(ctx.store.db, caller.tokenHash))?.getTime() ?? 0;
    if (ctx.now().getTime() - createdAt > RECOVERY_WINDOW_MS) {
      throw new HttpProblem(403, 'forbidden', 'sign in again to reset the PIN of this device');
    }
    const secret = await deviceRecoverySecret(ctx.store.db);
    const key = createHmac('sha256', secret).update(`device-recovery:${caller.session.user.id}`).digest('base64');
    return { key };
  });
}
