// Routes behind sign-in. The stored session is enough: an expired session must not stop offline
// work, so this never asks the server.
import { Navigate, Outlet, useLocation } from 'react-router';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';

export function RequireSession() {
  const location = useLocation();
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  if (session === undefined) return null;
  if (session === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}
