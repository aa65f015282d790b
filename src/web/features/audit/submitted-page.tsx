// Confirmation after submitting: says plainly whether the audit has reached the server yet.
import { Link, useParams } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { listOutbox } from '#web/storage/outbox.ts';
import { AuditUnavailable } from './audit-states.tsx';
import { auditPath, useAudit } from './use-audit.ts';

export function SubmittedPage() {
  const { auditId = '' } = useParams();
  const view = useAudit(auditId);
  const waiting = useStoredQuery(
    async () => (await listOutbox()).filter((e) => e.recordId === auditId).length,
    [auditId],
  );
  usePageTitle('Audit submitted');
  if (view.status !== 'ready') return <AuditUnavailable view={view} />;
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation">
        <PageHeading className="govuk-panel__title">Audit submitted</PageHeading>
        <div className="govuk-panel__body">Plan {view.audit.planRef}</div>
      </div>
      <h2 className="govuk-heading-m">What happens next</h2>
      <p className="govuk-body" id="submission-sync-state">
        {waiting === undefined
          ? ''
          : waiting === 0
            ? 'Your audit has reached the server. It goes to moderation with the other auditors’ scores.'
            : 'Your audit is saved on this device and will be sent to the server the next time you are online. Keep this device until the sync status shows nothing waiting.'}
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/">
          Go to my audits
        </Link>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={auditPath(view.audit.id)}>
          View this audit
        </Link>
      </p>
    </>
  );
}
