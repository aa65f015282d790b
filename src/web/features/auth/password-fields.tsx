// The new-password form the set-password and change-password pages share: a labelled password
// field in GOV.UK markup, the new and confirm fields, and the checking and saving around them. The
// rules are the server's: 12 characters or more, not a common password.
import { useState, type FormEvent } from 'react';
import { ErrorMessage, type FieldError } from '#web/components/error-summary.tsx';

export const PASSWORD_HINT =
  'Use 12 characters or more. Three random words work well. Common and breached passwords are refused.';

export function PasswordField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  autoComplete,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint?: string;
  autoComplete: 'new-password' | 'current-password';
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className={`govuk-input govuk-!-width-two-thirds${error ? ' govuk-input--error' : ''}`}
        id={id}
        type="password"
        autoComplete={autoComplete}
        spellCheck={false}
        aria-describedby={describedBy || undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

export function checkNewPassword(password: string, confirm: string, fieldId: string, confirmId: string) {
  const errors: { fieldId: string; message: string }[] = [];
  if (password === '') errors.push({ fieldId, message: 'Enter a new password' });
  else if (password.length < 12) errors.push({ fieldId, message: 'Your password must be 12 characters or more' });
  else if (password.length > 200) errors.push({ fieldId, message: 'Your password must be 200 characters or fewer' });
  else if (confirm !== password) errors.push({ fieldId: confirmId, message: 'The passwords do not match' });
  return errors;
}

export const capitalise = (message: string): string => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * A new password and its confirmation: what was typed, the errors found, whether it is saving.
 * `submit` checks the fields (with the page's own `extraErrors` first), then runs `save`; when that
 * fails, `failureErrors` says which fields to mark and why.
 */
export function usePasswordForm() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isSaving, setSaving] = useState(false);
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  const submit = async (
    event: FormEvent,
    options: {
      extraErrors?: FieldError[];
      save: (password: string) => Promise<void>;
      failureErrors: (error: unknown) => FieldError[];
    },
  ): Promise<boolean> => {
    event.preventDefault();
    const found = [
      ...(options.extraErrors ?? []),
      ...checkNewPassword(password, confirm, 'new-password', 'confirm-password'),
    ];
    setErrors(found);
    if (found.length > 0) return false;
    setSaving(true);
    try {
      await options.save(password);
      setPassword('');
      setConfirm('');
      return true;
    } catch (error) {
      setErrors(options.failureErrors(error));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const fields = (
    <>
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
    </>
  );
  return { errors, errorFor, isSaving, submit, fields };
}
