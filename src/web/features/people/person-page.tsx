// One person: their details, last sign-in and how they sign in; for admins, changing roles and
// agency, a one-time link to set a password, and deactivating or reactivating them. Links to
// what the audit log holds about them and what they did.
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { ManagedUser } from '#shared/protocol/api.ts';
import type { PasswordLink } from '#shared/protocol/people-api.ts';
import { formatWhen } from '#web/components/format.ts';
import { LoadFailure, LoadingStatus, useLoad } from '#web/components/load-state.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { describePeopleApiFailure } from '#web/sync/people-api.ts';
import { agencyText, lastSignInText, rolesText, signInMethodsText } from './labels.ts';
import { useServices } from '#web/services/services-context.tsx';

/** What the page says on arrival after a change: handed over in the navigation's state. */
export type PersonNotice =
  | { kind: 'added'; link?: PasswordLink | undefined }
  | { kind: 'changed' }
  | { kind: 'deactivated' }
  | { kind: 'reactivated' }
  | { kind: 'link'; link: PasswordLink };

function LinkNotice({ link, name }: { link: PasswordLink; name: string }) {
  if (link.emailedTo)
    return (
      <p className="govuk-body">
        We have emailed {link.emailedTo} a link to set a password. It works once, until {formatWhen(link.expiresAt)}.
      </p>
    );
  return (
    <>
      <p className="govuk-body">
        No email is set up on this server, so pass this one-time link to {name} yourself, privately. It works once,
        until {formatWhen(link.expiresAt)}.
      </p>
      <p className="govuk-body app-break-anywhere">
        <code id="password-link">{link.url}</code>
      </p>
    </>
  );
}

function Notice({ notice, person }: { notice: PersonNotice; person: ManagedUser }) {
  const name = person.user.name;
  switch (notice.kind) {
    case 'added':
      return (
        <NotificationBanner type="success" title="Person added" id="person-notice">
          <h3 className="govuk-notification-banner__heading">{name} has been added</h3>
          {notice.link ? <LinkNotice link={notice.link} name={name} /> : null}
        </NotificationBanner>
      );
    case 'link':
      return (
        <NotificationBanner type="success" title="Link made" id="person-notice">
          <LinkNotice link={notice.link} name={name} />
        </NotificationBanner>
      );
    case 'changed':
      return (
        <NotificationBanner type="success" id="person-notice">
          <h3 className="govuk-notification-banner__heading">Changes to {name} saved</h3>
          <p className="govuk-body">They take effect on their next request and their device&apos;s next sync.</p>
        </NotificationBanner>
      );
    case 'deactivated':
      return (
        <NotificationBanner type="success" id="person-notice">
          <h3 className="govuk-notification-banner__heading">{name} has been deactivated</h3>
          <p className="govuk-body">
            They are signed out everywhere and their devices can no longer sync. Their audits stay.
          </p>
        </NotificationBanner>
      );
    case 'reactivated':
      return (
        <NotificationBanner type="success" id="person-notice">
          <h3 className="govuk-notification-banner__heading">{name} has been reactivated</h3>
          <p className="govuk-body">They can sign in again.</p>
        </NotificationBanner>
      );
  }
}

export function PersonPage() {
  const { personId = '' } = useParams();
  const api = useServices().people;
  const navigate = useNavigate();
  const location = useLocation();
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const loaded = useLoad(() => api.getPerson(personId), describePeopleApiFailure, [api, personId]);
  const [actionError, setActionError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const notice = (location.state as { notice?: PersonNotice } | null)?.notice;
  usePageTitle(loaded.state === 'ready' ? loaded.data.user.name : 'Person');

  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') return <LoadFailure message={loaded.message} retry={loaded.retry} />;
  const person = loaded.data;
  const isAdmin = session?.user.roles.includes('admin') ?? false;
  const isSelf = session?.user.id === person.user.id;
  const at = `/people/${encodeURIComponent(person.user.id)}`;

  const act = async (action: () => Promise<PersonNotice>) => {
    setBusy(true);
    setActionError(null);
    try {
      const next = await action();
      void navigate(at, { replace: true, state: { notice: next } });
      loaded.reload();
    } catch (error) {
      setActionError(describePeopleApiFailure(error));
    } finally {
      setBusy(false);
    }
  };

  const rows: [string, string][] = [
    ['Email address', person.user.email],
    ['Roles', rolesText(person.user)],
    ['Agency', agencyText(person.user)],
    ['Status', person.disabled ? 'Deactivated' : 'Active'],
    ['Last signed in', lastSignInText(person)],
    ['Signs in with', signInMethodsText(person)],
    ['Added', formatWhen(person.createdAt)],
  ];

  return (
    <>
      <Link to="/people" className="govuk-back-link">
        Back to people
      </Link>
      {notice ? <Notice notice={notice} person={person} /> : null}
      {actionError ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{actionError}</p>
          </div>
        </div>
      ) : null}
      <PageHeading caption="Person">
        {person.user.name} {person.disabled ? <Tag colour="grey">Deactivated</Tag> : null}
      </PageHeading>
      <dl className="govuk-summary-list" id="person-details">
        {rows.map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value app-break-anywhere">{value}</dd>
          </div>
        ))}
      </dl>
      {isAdmin ? (
        <div className="govuk-button-group">
          <Link to={`${at}/change`} className="govuk-button govuk-button--secondary" role="button" draggable={false}>
            Change name, roles or agency
          </Link>
          {!person.disabled ? (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={isBusy}
              onClick={() => void act(async () => ({ kind: 'link', link: await api.sendPasswordLink(person.user.id) }))}
            >
              Send a link to set a password
            </button>
          ) : null}
          {person.disabled ? (
            <button
              type="button"
              className="govuk-button"
              disabled={isBusy}
              onClick={() =>
                void act(async () => {
                  await api.updatePerson(person.user.id, { disabled: false });
                  return { kind: 'reactivated' };
                })
              }
            >
              Reactivate {person.user.name}
            </button>
          ) : !isSelf ? (
            <Link
              to={`${at}/deactivate`}
              className="govuk-button govuk-button--warning"
              role="button"
              draggable={false}
            >
              Deactivate
            </Link>
          ) : null}
        </div>
      ) : null}
      <h2 className="govuk-heading-m">In the audit log</h2>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to={`/audit-log?entityId=${encodeURIComponent(person.user.id)}`}>
            Changes to {person.user.name}&apos;s account
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to={`/audit-log?actor=${encodeURIComponent(person.user.id)}`}>
            Everything {person.user.name} has done
          </Link>
        </li>
      </ul>
    </>
  );
}
