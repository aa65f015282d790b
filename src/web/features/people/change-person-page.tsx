// Changing a person's name, roles and agency (admins). The change reaches the person's next
// request and their device's next sync; an admin cannot take away their own admin role.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ROLES } from '#shared/schemas/user.ts';
import type { FieldError } from '#web/components/error-summary.tsx';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { ApiFailure } from '#web/sync/api-client.ts';
import { describePeopleApiFailure } from '#web/sync/people-api.ts';
import { useServices } from '#web/services/services-context.tsx';
import { PersonForm, serverFieldErrors, type PersonDraft } from './person-form.tsx';
import type { PersonNotice } from './person-page.tsx';

export function ChangePersonPage() {
  const { personId = '' } = useParams();
  const api = useServices().people;
  const navigate = useNavigate();
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const loaded = useLoad(() => api.getPerson(personId), describePeopleApiFailure, [api, personId]);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [isSaving, setSaving] = useState(false);
  usePageTitle(
    loaded.state === 'ready' ? `Change ${loaded.data.user.name}` : 'Change a person',
    serverErrors.length > 0,
  );
  if (loaded.state === 'loading' || session === undefined) return <LoadingStatus />;
  if (loaded.state === 'failed') return <LoadFailure message={loaded.message} retry={loaded.retry} />;
  const { user } = loaded.data;
  const at = `/people/${encodeURIComponent(user.id)}`;

  const save = async (draft: PersonDraft) => {
    if (session?.user.id === user.id && !draft.roles.includes('admin')) {
      setServerErrors([{ fieldId: 'role-admin', message: 'You cannot remove your own admin role' }]);
      return;
    }
    setSaving(true);
    setServerErrors([]);
    try {
      await api.updatePerson(user.id, { name: draft.name, roles: draft.roles, agency: draft.agency || null });
      const notice: PersonNotice = { kind: 'changed' };
      void navigate(at, { state: { notice } });
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiFailure && error.issues?.length) setServerErrors(serverFieldErrors(error.issues));
      else setServerErrors([{ fieldId: 'name', message: describePeopleApiFailure(error) }]);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={at} className="govuk-back-link">
          Back to {user.name}
        </Link>
        <PersonForm
          initial={{ name: user.name, email: user.email, roles: [...user.roles], agency: user.agency ?? '' }}
          hasEmail={false}
          allowedRoles={ROLES}
          submitLabel="Save changes"
          serverErrors={serverErrors}
          isSaving={isSaving}
          onSubmit={(draft) => void save(draft)}
        >
          <PageHeading caption={user.email}>Change {user.name}</PageHeading>
        </PersonForm>
      </div>
    </div>
  );
}
