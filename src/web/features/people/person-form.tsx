// The fields of a person, for adding one and for changing one: name, email (when adding), roles
// and agency. Checked with the same rules as the server (an auditor needs an agency); the server's
// own refusals come back as field errors too.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ROLE_LABELS } from '#shared/protocol/people-api.ts';
import { AGENCIES, AGENCY_LABELS, type Agency } from '#shared/schemas/framework.ts';
import { ROLES, type Role } from '#shared/schemas/user.ts';
import { ErrorMessage, ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';

export type PersonDraft = { name: string; email: string; roles: Role[]; agency: Agency | '' };

const FIELD_IDS = { name: 'name', email: 'email', roles: 'role-admin', agency: 'agency' } as const;

export function checkPersonDraft(draft: PersonDraft, hasEmail: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (draft.name.trim() === '') errors.push({ fieldId: FIELD_IDS.name, message: 'Enter their full name' });
  else if (draft.name.trim().length > 120)
    errors.push({ fieldId: FIELD_IDS.name, message: 'Their name must be 120 characters or fewer' });
  if (hasEmail) {
    if (draft.email.trim() === '') errors.push({ fieldId: FIELD_IDS.email, message: 'Enter their email address' });
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim()))
      errors.push({
        fieldId: FIELD_IDS.email,
        message: 'Enter an email address in the correct format, like name@example.com',
      });
  }
  if (draft.roles.length === 0) errors.push({ fieldId: FIELD_IDS.roles, message: 'Select at least one role' });
  if (draft.roles.includes('auditor') && draft.agency === '')
    errors.push({ fieldId: FIELD_IDS.agency, message: 'Select the agency an auditor audits for' });
  return errors;
}

/** A server refusal's issues, placed at the fields they name. */
export function serverFieldErrors(issues: { path: string; message: string }[] | undefined): FieldError[] {
  return (issues ?? []).map((issue) => {
    const field = issue.path.split('.')[0] ?? '';
    const fieldId = field in FIELD_IDS ? FIELD_IDS[field as keyof typeof FIELD_IDS] : FIELD_IDS.name;
    return { fieldId, message: issue.message.charAt(0).toUpperCase() + issue.message.slice(1) };
  });
}

export function PersonForm({
  initial,
  hasEmail,
  allowedRoles,
  submitLabel,
  serverErrors,
  isSaving,
  onSubmit,
  children,
}: {
  initial: PersonDraft;
  hasEmail: boolean;
  allowedRoles: readonly Role[];
  submitLabel: string;
  serverErrors: FieldError[];
  isSaving: boolean;
  onSubmit: (draft: PersonDraft) => void;
  children?: ReactNode;
}) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const shown = [...errors, ...serverErrors];
  const errorFor = (fieldId: string) => shown.find((e) => e.fieldId === fieldId)?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkPersonDraft(draft, hasEmail);
    setErrors(found);
    if (found.length === 0) onSubmit({ ...draft, name: draft.name.trim(), email: draft.email.trim().toLowerCase() });
  };

  const toggleRole = (role: Role, isOn: boolean) =>
    setDraft({ ...draft, roles: isOn ? [...draft.roles, role] : draft.roles.filter((r) => r !== role) });

  const textField = (field: 'name' | 'email', label: string, autoComplete: string) => {
    const error = errorFor(FIELD_IDS[field]);
    return (
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={FIELD_IDS[field]}>
          {label}
        </label>
        {error ? <ErrorMessage id={`${field}-error`}>{error}</ErrorMessage> : null}
        <input
          className={`govuk-input govuk-!-width-two-thirds${error ? ' govuk-input--error' : ''}`}
          id={FIELD_IDS[field]}
          type={field === 'email' ? 'email' : 'text'}
          autoComplete={autoComplete}
          spellCheck={false}
          aria-describedby={error ? `${field}-error` : undefined}
          value={draft[field]}
          onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
        />
      </div>
    );
  };

  const rolesError = errorFor(FIELD_IDS.roles);
  const agencyError = errorFor(FIELD_IDS.agency);
  return (
    <>
      <ErrorSummary errors={shown} />
      {children}
      <form noValidate onSubmit={submit}>
        {textField('name', 'Full name', 'off')}
        {hasEmail ? textField('email', 'Email address', 'off') : null}
        {allowedRoles.length > 1 ? (
          <div className={`govuk-form-group${rolesError ? ' govuk-form-group--error' : ''}`}>
            <fieldset className="govuk-fieldset" aria-describedby={`roles-hint${rolesError ? ' roles-error' : ''}`}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Roles</legend>
              <div className="govuk-hint" id="roles-hint">
                Select all that apply.
              </div>
              {rolesError ? <ErrorMessage id="roles-error">{rolesError}</ErrorMessage> : null}
              <div className="govuk-checkboxes govuk-checkboxes--small">
                {ROLES.filter((role) => allowedRoles.includes(role)).map((role) => (
                  <div className="govuk-checkboxes__item" key={role}>
                    <input
                      className="govuk-checkboxes__input"
                      id={`role-${role}`}
                      type="checkbox"
                      checked={draft.roles.includes(role)}
                      onChange={(event) => toggleRole(role, event.target.checked)}
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`role-${role}`}>
                      {ROLE_LABELS[role]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
        ) : (
          <p className="govuk-body">
            Role: <strong>{allowedRoles.map((role) => ROLE_LABELS[role]).join(', ')}</strong>
          </p>
        )}
        {allowedRoles.includes('auditor') ? (
          <div className={`govuk-form-group${agencyError ? ' govuk-form-group--error' : ''}`}>
            <fieldset className="govuk-fieldset" aria-describedby={`agency-hint${agencyError ? ' agency-error' : ''}`}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Agency</legend>
              <div className="govuk-hint" id="agency-hint">
                An auditor audits for one agency.
              </div>
              {agencyError ? <ErrorMessage id="agency-error">{agencyError}</ErrorMessage> : null}
              <div className="govuk-radios govuk-radios--small">
                {[...AGENCIES, ''].map((agency, index) => (
                  <div className="govuk-radios__item" key={agency || 'none'}>
                    <input
                      className="govuk-radios__input"
                      id={index === 0 ? FIELD_IDS.agency : `agency-${agency || 'none'}`}
                      name="agency"
                      type="radio"
                      checked={draft.agency === agency}
                      onChange={() => setDraft({ ...draft, agency: agency as Agency | '' })}
                    />
                    <label
                      className="govuk-label govuk-radios__label"
                      htmlFor={index === 0 ? FIELD_IDS.agency : `agency-${agency || 'none'}`}
                    >
                      {agency === '' ? 'None' : AGENCY_LABELS[agency as Agency]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
        ) : null}
        <button type="submit" className="govuk-button" disabled={isSaving} aria-disabled={isSaving}>
          {isSaving ? 'Saving…' : submitLabel}
        </button>
      </form>
    </>
  );
}
