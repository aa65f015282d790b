// Adding a person: admins give any roles; QA leads add parent-carer representatives. The person
// is invited: they set their own password through a one-time link (mailed, or shown here to pass
// on), or sign in through single sign-on with the email address given.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { QA_LEAD_ADDABLE_ROLES } from '#shared/protocol/people-api.ts';
import { ROLES } from '#shared/schemas/user.ts';
import type { FieldError } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { ApiFailure } from '#web/sync/api-client.ts';
import { describePeopleApiFailure } from '#web/sync/people-api.ts';
import { useServices } from '#web/services/services-context.tsx';
import { PersonForm, serverFieldErrors, type PersonDraft } from './person-form.tsx';
import type { PersonNotice } from './person-page.tsx';

export function AddPersonPage() {
  const api = useServices().people;
  const navigate = useNavigate();
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [isSaving, setSaving] = useState(false);
  const isAdmin = session?.user.roles.includes('admin') ?? false;
  const title = isAdmin ? 'Add a person' : 'Add a parent-carer representative';
  usePageTitle(title, serverErrors.length > 0);
  if (session === undefined) return null;

  const save = async (draft: PersonDraft) => {
    setSaving(true);
    setServerErrors([]);
    try {
      const created = await api.addPerson({
        name: draft.name,
        email: draft.email,
        roles: draft.roles,
        ...(draft.agency ? { agency: draft.agency } : {}),
      });
      const notice: PersonNotice = { kind: 'added', link: created.passwordLink };
      void navigate(`/people/${encodeURIComponent(created.user.id)}`, { state: { notice } });
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiFailure && error.kind === 'conflict')
        setServerErrors([{ fieldId: 'email', message: 'Someone already has this email address' }]);
      else if (error instanceof ApiFailure && error.issues?.length) setServerErrors(serverFieldErrors(error.issues));
      else setServerErrors([{ fieldId: 'name', message: describePeopleApiFailure(error) }]);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/people" className="govuk-back-link">
          Back to people
        </Link>
        <PersonForm
          initial={{ name: '', email: '', roles: isAdmin ? [] : ['parent-rep'], agency: '' }}
          hasEmail
          allowedRoles={isAdmin ? ROLES : QA_LEAD_ADDABLE_ROLES}
          submitLabel={title}
          serverErrors={serverErrors}
          isSaving={isSaving}
          onSubmit={(draft) => void save(draft)}
        >
          <PageHeading>{title}</PageHeading>
          <p className="govuk-body">
            They will get a one-time link to set their own password. If your council signs in through single sign-on,
            they sign in with their work account and this email address.
          </p>
        </PersonForm>
      </div>
    </div>
  );
}
