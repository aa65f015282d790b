// Setting a password from a one-time link (an invitation or a reset). The token is in the link's
// fragment, which browsers never send to a server, and is taken out of the address bar at once.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorSummary } from '#web/components/error-summary.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import { useServices } from '#web/services/services-context.tsx';
import { describePeopleApiFailure } from '#web/sync/people-api.ts';
import { capitalise, usePasswordForm } from './password-fields.tsx';

type LinkState =
  | { state: 'checking' }
  | { state: 'bad'; message: string }
  | { state: 'ready'; token: string; email: string }
  | { state: 'done'; email: string };

/** Kept once taken, so a second render (React's strict mode) still has it after the address is cleaned. */
let takenToken: string | null = null;

function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (token) {
    takenToken = token;
    window.history.replaceState(window.history.state, '', window.location.pathname);
  }
  return takenToken;
}

const NO_TOKEN = 'This page needs the link from your invitation or reset email.';

export function SetPasswordPage() {
  const [token] = useState(takeToken);
  const [link, setLink] = useState<LinkState>(token ? { state: 'checking' } : { state: 'bad', message: NO_TOKEN });
  const { people } = useServices();
  const form = usePasswordForm();
  usePageTitle(link.state === 'done' ? 'Your password is set' : 'Set your password', form.errors.length > 0);

  useEffect(() => {
    if (!token) return;
    people.checkPasswordLink(token).then(
      (owner) => setLink({ state: 'ready', token, email: owner.email }),
      (error: unknown) =>
        setLink({
          state: 'bad',
          message:
            error instanceof ApiFailure && error.kind === 'not-found'
              ? `${capitalise(error.message)}.`
              : describePeopleApiFailure(error),
        }),
    );
  }, [people, token]);

  if (link.state === 'checking')
    return (
      <p className="govuk-body" role="status">
        Checking your link…
      </p>
    );
  if (link.state === 'bad')
    return (
      <>
        <PageHeading>This link cannot be used</PageHeading>
        <p className="govuk-body" id="link-problem">
          {link.message}
        </p>
        <p className="govuk-body">Ask your administrator to send you a new link.</p>
      </>
    );
  if (link.state === 'done')
    return (
      <>
        <div className="govuk-panel govuk-panel--confirmation">
          <PageHeading className="govuk-panel__title">Your password is set</PageHeading>
          <div className="govuk-panel__body">You can now sign in as {link.email}</div>
        </div>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Sign in
          </Link>
        </p>
      </>
    );

  const submit = async (event: FormEvent) => {
    const isSaved = await form.submit(event, {
      save: (password) => people.usePasswordLink(link.token, password),
      failureErrors: (error) => {
        const issue = error instanceof ApiFailure ? error.issues?.[0] : undefined;
        return [
          { fieldId: 'new-password', message: issue ? capitalise(issue.message) : describePeopleApiFailure(error) },
        ];
      },
    });
    if (isSaved) setLink({ state: 'done', email: link.email });
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} />
        <PageHeading caption={link.email}>Set your password</PageHeading>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <input type="email" hidden readOnly autoComplete="username" value={link.email} aria-hidden="true" />
          {form.fields}
          <button type="submit" className="govuk-button" disabled={form.isSaving} aria-disabled={form.isSaving}>
            Set password
          </button>
        </form>
      </div>
    </div>
  );
}
