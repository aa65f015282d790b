// What an audit screen shows while the audit loads, or when it is not on this device.
import { Link } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import type { AuditView } from './use-audit.ts';

export function AuditUnavailable({ view }: { view: Exclude<AuditView, { status: 'ready' }> }) {
  const title =
    view.status === 'loading'
      ? 'Loading the audit'
      : view.status === 'missing'
        ? 'Audit not found on this device'
        : 'The audit framework is not on this device';
  usePageTitle(title);
  if (view.status === 'loading') {
    return (
      <p className="govuk-body" role="status">
        Loading the audit…
      </p>
    );
  }
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="govuk-body">
        {view.status === 'missing'
          ? 'This audit is not stored on this device. It may belong to another user, or the device may have been cleared.'
          : 'The framework this audit is scored against has not been downloaded yet. Connect to the internet and sync, then try again.'}
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/">
          Go to my audits
        </Link>
      </p>
    </>
  );
}
