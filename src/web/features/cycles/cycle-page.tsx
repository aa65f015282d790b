// One cycle: what it samples and, per plan and auditor, where the work has got to and what is overdue.
import { AGENCY_LABELS } from '#shared/schemas/framework.ts';
import { Link, useLocation, useParams } from 'react-router';
import { PROGRESS_STATUSES, type PlanProgress } from '#shared/protocol/api.ts';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { LoadFailure, LoadingStatus } from '#web/components/load-state.tsx';
import { useLoaded } from './use-cycle-api.ts';
import { STATUS, STRATUM_LABEL } from './labels.ts';
import { TableHead } from '#web/components/table-head.tsx';
import { CycleStatusTag } from '#web/components/cycle-status-tag.tsx';
import { NotificationBanner } from '#web/components/notification-banner.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import type { CycleChangeNotice } from './close-cycle-page.tsx';

function PlanRows({ plan }: { plan: PlanProgress }) {
  const rows = plan.assignments.length > 0 ? plan.assignments : [null];
  return (
    <>
      {rows.map((assignment, i) => (
        <tr className="govuk-table__row" key={assignment?.assignmentId ?? plan.planRef}>
          {i === 0 ? (
            <th scope="row" rowSpan={rows.length} className="govuk-table__header">
              {plan.planRef}
              {plan.reAuditOf ? (
                <span className="govuk-body-s govuk-!-display-block">
                  Re-audit: {plan.reAuditOf.gradeLabel} in {plan.reAuditOf.fromCycleName}
                </span>
              ) : null}
            </th>
          ) : null}
          <td className="govuk-table__cell">{assignment?.auditorName ?? 'No auditor yet'}</td>
          <td className="govuk-table__cell">{assignment ? AGENCY_LABELS[assignment.agency] : ''}</td>
          <td className="govuk-table__cell">
            <Tag colour={STATUS[assignment?.status ?? plan.status].colour}>
              {STATUS[assignment?.status ?? plan.status].label}
            </Tag>
          </td>
          <td className="govuk-table__cell">
            {assignment?.dueDate ? formatDate(assignment.dueDate) : ''}
            {assignment?.overdue ? (
              <>
                {' '}
                <Tag colour="red">Overdue</Tag>
              </>
            ) : null}
          </td>
        </tr>
      ))}
    </>
  );
}

export function CyclePage() {
  const { cycleId = '' } = useParams();
  const loaded = useLoaded(
    async (api) => {
      const [detail, progress] = await Promise.all([api.getCycle(cycleId), api.getProgress(cycleId)]);
      return { detail, progress };
    },
    [cycleId],
  );
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  const roles = new Set(session?.user.roles ?? []);
  const notice = (useLocation().state as CycleChangeNotice | null)?.changed;
  const name = loaded.state === 'ready' ? loaded.data.detail.cycle.name : 'Audit cycle';
  usePageTitle(name);
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') {
    return (
      <>
        <PageHeading caption="Audit cycles">Audit cycle</PageHeading>
        <LoadFailure message={loaded.message} retry={loaded.retry} />
      </>
    );
  }
  const { cycle } = loaded.data.detail;
  const { progress } = loaded.data;
  const base = `/cycles/${encodeURIComponent(cycle.id)}`;
  const isClosed = cycle.status === 'closed';
  const isQaLead = roles.has('qa-lead');
  return (
    <>
      {notice ? (
        <NotificationBanner type="success" id="cycle-status-changed">
          <p className="govuk-notification-banner__heading">
            {notice === 'close' ? 'The cycle was closed.' : 'The cycle was reopened.'}
          </p>
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Audit cycle">{cycle.name}</PageHeading>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value" id="cycle-status">
            <CycleStatusTag status={cycle.status} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Period</dt>
          <dd className="govuk-summary-list__value">
            {formatDate(cycle.periodStart)} to {formatDate(cycle.periodEnd)}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Framework</dt>
          <dd className="govuk-summary-list__value">
            {cycle.frameworkId} version {cycle.frameworkVersion}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Sample</dt>
          <dd className="govuk-summary-list__value" id="cycle-sample">
            {cycle.sampledPlans.length} plans
            {cycle.samplingFrame ? ` from ${cycle.samplingFrame.length} in the list` : ''}
            {cycle.sample
              ? `, ${cycle.sample.method}${
                  cycle.sample.strata?.length
                    ? ` by ${cycle.sample.strata.map((s) => STRATUM_LABEL[s].toLowerCase()).join(', ')}`
                    : ''
                }, seed ${cycle.sample.seed}`
              : ''}
          </dd>
        </div>
      </dl>
      <div className="govuk-button-group">
        {isQaLead && !isClosed ? (
          <>
            <Link className="govuk-button" to={`${base}/assign`}>
              Assign auditors
            </Link>
            <Link className="govuk-button govuk-button--secondary" to={`${base}/re-audits`}>
              Schedule re-audits
            </Link>
          </>
        ) : null}
        {isQaLead ? (
          <Link className="govuk-button govuk-button--secondary" to={`${base}/movement`}>
            Movement report
          </Link>
        ) : null}
        {!isClosed && (isQaLead || roles.has('admin')) ? (
          <Link className="govuk-button govuk-button--warning" to={`${base}/close`}>
            Close this cycle
          </Link>
        ) : null}
        {isClosed && roles.has('admin') ? (
          <Link className="govuk-button govuk-button--secondary" to={`${base}/reopen`}>
            Reopen this cycle
          </Link>
        ) : null}
      </div>
      {isClosed ? (
        <p className="govuk-inset-text" id="closed-note">
          This cycle is closed: auditors cannot start new audits in it and nobody can be assigned to it.
          {roles.has('admin') ? '' : ' Only an admin can reopen it.'}
        </p>
      ) : null}
      <table className="govuk-table" id="progress-counts">
        <caption className="govuk-table__caption govuk-table__caption--m">Progress</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Status
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Plans
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Assignments
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {PROGRESS_STATUSES.map((status) => (
            <tr className="govuk-table__row" key={status}>
              <th scope="row" className="govuk-table__header">
                {STATUS[status].label}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{progress.planCounts.byStatus[status]}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {status === 'unassigned' ? '' : progress.assignmentCounts.byStatus[status]}
              </td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              Overdue
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{progress.planCounts.overdue}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{progress.assignmentCounts.overdue}</td>
          </tr>
        </tbody>
      </table>
      <table className="govuk-table" id="progress">
        <caption className="govuk-table__caption govuk-table__caption--m">
          Plans and auditors (as of {formatDate(progress.today)})
        </caption>
        <TableHead columns={['Plan', 'Auditor', 'Agency', 'Status', 'Due']} />
        <tbody className="govuk-table__body">
          {progress.plans.map((plan) => (
            <PlanRows plan={plan} key={plan.planRef} />
          ))}
        </tbody>
      </table>
    </>
  );
}
