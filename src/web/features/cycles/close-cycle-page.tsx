// The GOV.UK confirmation step before a cycle is closed (QA leads, admins) or reopened (admins), at
// /cycles/:id/close and /cycles/:id/reopen. The server decides whether it may (and says why not);
// this page shows that answer first, so nobody confirms something that will be refused.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorSummary, type FieldError } from '#web/components/error-summary.tsx';
import { LoadFailure, LoadingStatus } from '#web/components/load-state.tsx';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { WarningText } from '#web/components/notification-banner.tsx';
import { describeCycleApiFailure } from '#web/sync/cycle-api.ts';
import { useCycleApi, useLoaded } from './use-cycle-api.ts';

export type CycleStatusChange = 'close' | 'reopen';

/** What the cycle page says after a change, carried in the navigation state. */
export type CycleChangeNotice = { changed: CycleStatusChange };

const CONFIRM_ID = 'confirm-change';

export function ChangeCycleStatusPage({ change }: { change: CycleStatusChange }) {
  const { cycleId = '' } = useParams();
  const api = useCycleApi();
  const navigate = useNavigate();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [isWorking, setIsWorking] = useState(false);
  const loaded = useLoaded(
    async (cycles) => {
      const [detail, closing] = await Promise.all([cycles.getCycle(cycleId), cycles.getClosing(cycleId)]);
      return { cycle: detail.cycle, closing };
    },
    [cycleId],
  );
  const title = change === 'close' ? 'Close this cycle' : 'Reopen this cycle';
  usePageTitle(title, errors.length > 0);
  const back = `/cycles/${encodeURIComponent(cycleId)}`;
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') {
    return (
      <>
        <PageHeading caption="Audit cycle">{title}</PageHeading>
        <LoadFailure message={loaded.message} retry={loaded.retry} />
      </>
    );
  }
  const { cycle, closing } = loaded.data;
  const refusal = change === 'close' ? closing.closeRefusal : closing.reopenRefusal;

  const confirm = async () => {
    setIsWorking(true);
    try {
      await (change === 'close' ? api.close(cycleId) : api.reopen(cycleId));
      const notice: CycleChangeNotice = { changed: change };
      await navigate(back, { state: notice });
    } catch (error) {
      setErrors([{ fieldId: CONFIRM_ID, message: describeCycleApiFailure(error) }]);
      setIsWorking(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {refusal ? (
          <>
            <PageHeading caption={cycle.name}>
              {change === 'close' ? 'You cannot close this cycle yet' : 'You cannot reopen this cycle'}
            </PageHeading>
            <p className="govuk-body" id="change-refusal">
              {refusal.charAt(0).toUpperCase()}
              {refusal.slice(1)}.
            </p>
            {change === 'close' ? <p className="govuk-body">{closing.rule}</p> : null}
          </>
        ) : change === 'close' ? (
          <>
            <PageHeading caption={cycle.name}>Are you sure you want to close this cycle?</PageHeading>
            <p className="govuk-body">{closing.rule}</p>
            <p className="govuk-body">Once it is closed:</p>
            <ul className="govuk-list govuk-list--bullet">
              <li>auditors cannot start new audits in it, and nobody can be assigned to it</li>
              <li>its results stay in reports</li>
              <li>
                its audits and moderations are deleted once the retention period after the end of its period has passed
              </li>
            </ul>
            <WarningText>This cannot be undone by you; an admin can reopen it.</WarningText>
          </>
        ) : (
          <>
            <PageHeading caption={cycle.name}>Are you sure you want to reopen this cycle?</PageHeading>
            <p className="govuk-body">
              Auditors can start audits in it again, and retention will not delete anything from it until it is closed
              again. The audit log records that you reopened it.
            </p>
          </>
        )}
        <div className="govuk-button-group">
          {refusal ? null : (
            <button
              type="button"
              id={CONFIRM_ID}
              className={`govuk-button${change === 'close' ? ' govuk-button--warning' : ''}`}
              disabled={isWorking}
              onClick={() => void confirm()}
            >
              {change === 'close' ? 'Yes, close this cycle' : 'Yes, reopen this cycle'}
            </button>
          )}
          <Link className="govuk-link" to={back}>
            {refusal ? 'Back to the cycle' : 'Cancel'}
          </Link>
        </div>
      </div>
    </div>
  );
}
