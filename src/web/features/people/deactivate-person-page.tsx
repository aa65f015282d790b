// Deactivating a person (admins), after saying what it does: their sessions end at once, their
// devices are refused on the next sync (keeping any unsent work on the device), their audits stay.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { WarningText } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { describePeopleApiFailure } from '#web/sync/people-api.ts';
import { useServices } from '#web/services/services-context.tsx';
import type { PersonNotice } from './person-page.tsx';

export function DeactivatePersonPage() {
  const { personId = '' } = useParams();
  const api = useServices().people;
  const navigate = useNavigate();
  const loaded = useLoad(() => api.getPerson(personId), describePeopleApiFailure, [api, personId]);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  usePageTitle(
    loaded.state === 'ready' ? `Deactivate ${loaded.data.user.name}` : 'Deactivate a person',
    error !== null,
  );
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') return <LoadFailure message={loaded.message} retry={loaded.retry} />;
  const { user } = loaded.data;
  const at = `/people/${encodeURIComponent(user.id)}`;

  const deactivate = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.updatePerson(user.id, { disabled: true });
      const notice: PersonNotice = { kind: 'deactivated' };
      void navigate(at, { replace: true, state: { notice } });
    } catch (failure) {
      setSaving(false);
      setError(describePeopleApiFailure(failure));
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={at} className="govuk-back-link">
          Back to {user.name}
        </Link>
        {error ? (
          <div className="govuk-error-summary" role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{error}</p>
            </div>
          </div>
        ) : null}
        <PageHeading caption={user.email}>Deactivate {user.name}?</PageHeading>
        <ul className="govuk-list govuk-list--bullet">
          <li>They are signed out on every device at once, and cannot sign in again.</li>
          <li>
            Their devices can no longer sync. Anything they have not sent stays on the device, and they are told why.
          </li>
          <li>Their audits, moderations and everything in the audit log stay.</li>
          <li>You can reactivate them later.</li>
        </ul>
        <WarningText>Deactivate someone who has left, or whose device is lost.</WarningText>
        <div className="govuk-button-group">
          <button
            type="button"
            className="govuk-button govuk-button--warning"
            disabled={isSaving}
            onClick={() => void deactivate()}
          >
            Deactivate {user.name}
          </button>
          <Link to={at} className="govuk-link">
            Cancel
          </Link>
        </div>
      </div>
    </div>
  );
}
