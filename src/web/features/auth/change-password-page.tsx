// Changing your own password: the current one first. Your other devices are signed out; this one
// stays signed in. Needs a connection.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorSummary } from '#web/components/error-summary.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { useServices } from '#web/services/services-context.tsx';
import { describePeopleApiFailure } from '#web/sync/people-api.ts';
import { capitalise, PasswordField, usePasswordForm } from './password-fields.tsx';

export function ChangePasswordPage() {
  const { people } = useServices();
  const [current, setCurrent] = useState('');
  const [isDone, setDone] = useState(false);
  const form = usePasswordForm();
  usePageTitle('Change your password', form.errors.length > 0);

  const submit = async (event: FormEvent) => {
    setDone(false);
    const isSaved = await form.submit(event, {
      extraErrors: current === '' ? [{ fieldId: 'current-password', message: 'Enter your current password' }] : [],
      save: (password) => people.changePassword(current, password),
      failureErrors: (error) => {
        const issues = error instanceof ApiFailure ? (error.issues ?? []) : [];
        return issues.length > 0
          ? issues.map((issue) => ({
              fieldId: issue.path === 'currentPassword' ? 'current-password' : 'new-password',
              message: capitalise(issue.message),
            }))
          : [{ fieldId: 'current-password', message: describePeopleApiFailure(error) }];
      },
    });
    if (isSaved) {
      setDone(true);
      setCurrent('');
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} />
        {isDone ? (
          <NotificationBanner type="success" id="password-changed">
            <h3 className="govuk-notification-banner__heading">Your password has been changed</h3>
            <p className="govuk-body">Your other devices have been signed out. This one stays signed in.</p>
          </NotificationBanner>
        ) : null}
        <PageHeading>Change your password</PageHeading>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <PasswordField
            id="current-password"
            label="Current password"
            value={current}
            onChange={setCurrent}
            error={form.errorFor('current-password')}
            autoComplete="current-password"
          />
          {form.fields}
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={form.isSaving} aria-disabled={form.isSaving}>
              Change password
            </button>
            <Link className="govuk-link" to="/">
              Cancel
            </Link>
          </div>
        </form>
      </div>
    </div>
  );
}
