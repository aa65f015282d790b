// The status line on every page: how many changes are waiting, when the device last synced, and
// any problem in plain words, with the one action that fixes it.
import { Link, useLocation } from 'react-router';
import { formatWhen, plural } from '#web/components/format.ts';
import { useSyncState } from '#web/services/services-context.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { summariseOutbox } from '#web/storage/outbox.ts';

export function SyncStatusLine() {
  const state = useSyncState();
  const location = useLocation();
  const summary = useStoredQuery(() => summariseOutbox(), []);
  if (state.phase === 'signed-out') return null;
  const waiting = summary?.waiting ?? 0;
  const problems = (summary?.rejected ?? 0) + (summary?.conflicts ?? 0);
  const waitingText = waiting === 0 ? 'Nothing waiting to sync' : `${plural(waiting, 'change')} waiting to sync`;
  const last = state.lastSyncedAt ? `Last synced ${formatWhen(state.lastSyncedAt)}.` : 'Not synced yet.';
  let statusText: string;
  switch (state.phase) {
    case 'syncing':
      statusText = 'Syncing…';
      break;
    case 'offline':
      statusText = 'Offline: your work is saved on this device.';
      break;
    case 'idle':
      statusText = '';
      break;
    default:
      statusText = state.message ?? '';
  }
  return (
    <div className={`app-sync-status app-sync-status--${state.phase}`} id="sync-status">
      <div className="govuk-width-container">
        <p className="govuk-body-s app-sync-status__text" role="status" aria-live="polite">
          <strong id="sync-waiting" data-waiting={waiting}>
            {waitingText}.
          </strong>{' '}
          <span id="sync-last">{last}</span> {statusText ? <span id="sync-message">{statusText}</span> : null}{' '}
          {state.phase === 'needs-sign-in' ? (
            <Link className="govuk-link" to="/sign-in" state={{ from: location.pathname }}>
              Sign in again
            </Link>
          ) : null}
          {problems > 0 ? (
            <Link className="govuk-link" to="/sync">
              {plural(problems, 'change')} need your attention
            </Link>
          ) : (
            <Link className="govuk-link" to="/sync">
              Sync details
            </Link>
          )}
        </p>
      </div>
    </div>
  );
}
