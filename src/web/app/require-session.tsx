// Routes behind sign-in. The stored session is enough: an expired session must not stop offline
// work, so this never asks the server. A device without a PIN asks for one first (its data is then
// encrypted); a locked device asks for the PIN before anything behind sign-in shows, except the
// reset of a forgotten PIN, which follows an online sign-in.
import { Navigate, Outlet, useLocation } from 'react-router';
import {
  ResetPinPage,
  SetPinPage,
  UnlockPage,
  useDeviceLockSettings,
  useIdleLock,
  useIsUnlocked,
} from '#web/features/auth/device-lock-pages.tsx';
import { readLock } from '#web/storage/device-key.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';

export function RequireSession() {
  const location = useLocation();
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const isUnlocked = useIsUnlocked();
  // Read again on lock and unlock, so the count of wrong PINs shown is the stored one.
  const lock = useStoredQuery(async () => (await readLock()) ?? null, [isUnlocked]);
  const { idleMinutes } = useDeviceLockSettings();
  useIdleLock(isUnlocked ? idleMinutes : undefined);
  if (session === undefined || lock === undefined) return null;
  if (session === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (location.pathname === '/reset-pin') return <ResetPinPage />;
  if (lock === null) return <SetPinPage />;
  if (!isUnlocked) return <UnlockPage lock={lock} />;
  return <Outlet />;
}
