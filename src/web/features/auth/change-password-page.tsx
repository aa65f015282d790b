// Changing your own password: the current one first. Your other devices are signed out; this one
// stays signed in. Needs a connection.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { createPeopleApi, describePeopleApiFailure } from '#web/sync/people-api.ts';
import { capitalise, checkNewPassword, PASSWORD_HINT, PasswordField } from './password-fields.tsx';

export function ChangePasswordPage() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSaving, setSaving] = useState(false);
  const [isDone, setDone] = useState(false);
  usePageTitle('Change your password', errors.length > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = [
      ...(current === '' ? [{ fieldId: 'current-password', message: 'Enter your current password' }] : []),
      ...checkNewPassword(password, confirm, 'new-password', 'confirm-password'),
    ];
    setErrors(found);
    setDone(false);
    if (found.length > 0) return;
    setSaving(true);
    try {
      await createPeopleApi().changePassword(current, password);
      setDone(true);
      setCurrent('');
      setPassword('');
      setConfirm('');
    } catch (error) {
      const issues = error instanceof ApiFailure ? (error.issues ?? []) : [];
      setErrors(
        issues.length > 0
          ? issues.map((issue) => ({
              fieldId: issue.path === 'currentPassword' ? 'current-password' : 'new-password',
              message: capitalise(issue.message),
            }))
          : [{ fieldId: 'current-password', message: describePeopleApiFailure(error) }],
      );
    } finally {
      setSaving(false);
    }
  };
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
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
            error={errorFor('current-password')}
            autoComplete="current-password"
          />
          <PasswordField
            id="new-password"
            label="New password"
            hint={PASSWORD_HINT}
            value={password}
            onChange={setPassword}
            error={errorFor('new-password')}
            autoComplete="new-password"
          />
          <PasswordField
            id="confirm-password"
            label="Confirm your new password"
            value={confirm}
            onChange={setConfirm}
            error={errorFor('confirm-password')}
            autoComplete="new-password"
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={isSaving} aria-disabled={isSaving}>
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
