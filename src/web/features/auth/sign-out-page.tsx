// Sign out. On a shared device the next person must find nothing of this auditor's, so signing
// out wipes the device; when some work has not reached the server, it says so first and offers
// an export of it.
import { useState } from 'react';
import { Link } from 'react-router';
import { WarningText } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { plural } from '#web/components/format.ts';
import { useServices } from '#web/services/services-context.tsx';
import { logger } from '#web/services/logger.ts';
import { wipeDevice } from '#web/storage/device.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { countUnsynced } from '#web/storage/outbox.ts';
import { ExportUnsyncedButton } from '#web/components/export-unsynced-button.tsx';

export function SignOutPage() {
  const { api, sync } = useServices();
  const unsynced = useStoredQuery(() => countUnsynced(), []);
  const [isSigningOut, setIsSigningOut] = useState(false);
  usePageTitle('Sign out');

  const signOut = async () => {
    setIsSigningOut(true);
    sync.stop();
    const session = await getSession();
    if (session) {
      // Best effort: offline, the server session simply expires; the device is wiped either way.
      await api.signOut(session.csrfToken).catch((error: unknown) => logger.warn('Server sign-out failed', error));
    }
    await wipeDevice();
    window.location.assign('/sign-in');
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading>Sign out</PageHeading>
        {unsynced === undefined ? null : unsynced > 0 ? (
          <>
            <WarningText>
              This device holds {plural(unsynced, 'change')} the server does not have yet. Signing out deletes them from
              this device.
            </WarningText>
            <p className="govuk-body">
              Go online and wait until the sync status shows nothing waiting, or export your unsynced work and send the
              file to your QA lead.
            </p>
            <ExportUnsyncedButton />
          </>
        ) : (
          <p className="govuk-body">
            Everything you entered has reached the server. Signing out deletes your audits and assignments from this
            device, so the next person to use it cannot see them.
          </p>
        )}
        <div className="govuk-button-group">
          <button
            type="button"
            className={`govuk-button${unsynced ? ' govuk-button--warning' : ''}`}
            disabled={isSigningOut || unsynced === undefined}
            onClick={() => void signOut()}
          >
            {unsynced ? 'Delete unsynced work and sign out' : 'Sign out'}
          </button>
          <Link className="govuk-link" to="/">
            Cancel
          </Link>
        </div>
      </div>
    </div>
  );
}
