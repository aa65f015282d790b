// What happens on this device once the server has signed someone in, by password or single
// sign-on alike: a different person on a device holding unsynced work is turned away (their
// session ended at once); otherwise the device is wiped for a new person, the session kept, the
// browser asked to keep storage, and everything the person needs pulled so they can work offline.
import type { Session } from '#shared/schemas/user.ts';
import { logger } from '#web/services/logger.ts';
import type { Services } from '#web/services/services-context.tsx';
import { estimateStorage, requestPersistentStorage, wipeDevice } from '#web/storage/device.ts';
import { getSession, recordStoragePersisted, saveSession } from '#web/storage/meta.ts';
import { countUnsynced } from '#web/storage/outbox.ts';

export type SignInOutcome = { status: 'refused'; message: string } | { status: 'signed-in'; isWiped: boolean };

export async function completeSignIn(
  services: Pick<Services, 'api' | 'sync'>,
  session: Session,
): Promise<SignInOutcome> {
  const previous = await getSession();
  let isWiped = false;
  if (previous && previous.user.id !== session.user.id) {
    const unsynced = await countUnsynced();
    if (unsynced > 0) {
      await services.api.signOut(session.csrfToken).catch((error: unknown) => logger.warn('Sign-out failed', error));
      return {
        status: 'refused',
        message: `This device holds ${unsynced} unsynced change${unsynced === 1 ? '' : 's'} by ${previous.user.email}. They must sign in to send them, or export and sign out, before anyone else can use this device.`,
      };
    }
    // A shared device: nothing of the previous user may be shown to the next.
    await wipeDevice();
    isWiped = true;
  }
  await saveSession(session);
  const persisted = await requestPersistentStorage().catch(() => null);
  if (persisted !== null) await recordStoragePersisted(persisted);
  await estimateStorage().catch(() => null);
  await services.sync.syncNow('signed-in');
  return { status: 'signed-in', isWiped };
}

/** Only a path inside the app is followed after signing in. */
export const safeReturnPath = (path: string | null | undefined): string =>
  path && /^\/(?![/\\])/.test(path) && !path.startsWith('/sign-in') ? path : '/';
