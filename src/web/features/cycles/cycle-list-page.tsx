// The cycles a QA lead runs, each with its progress and overdue work.
import { Link } from 'react-router';
import { PROGRESS_STATUSES } from '#shared/protocol/api.ts';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { CycleStatusTag } from '#web/components/cycle-status-tag.tsx';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { LoadFailure, LoadingStatus } from '#web/components/load-state.tsx';
import { useLoaded } from './use-cycle-api.ts';
import { STATUS } from './labels.ts';

export function CycleListPage() {
  usePageTitle('Audit cycles');
  const loaded = useLoaded((api) => api.listCycleSummaries(), []);
  const session = useStoredQuery(async () => (await getSession()) ?? null, []);
  return (
    <>
      <PageHeading>Audit cycles</PageHeading>
      {session?.user.roles.includes('qa-lead') ? (
        <div className="govuk-button-group">
          <Link className="govuk-button" to="/cycles/new">
            Create a cycle
          </Link>
          <Link className="govuk-button govuk-button--secondary" to="/cycles/import">
            Import plan list
          </Link>
        </div>
      ) : null}
      {loaded.state === 'loading' ? <LoadingStatus /> : null}
      {loaded.state === 'failed' ? <LoadFailure message={loaded.message} retry={loaded.retry} /> : null}
      {loaded.state === 'ready' && loaded.data.cycles.length === 0 ? (
        <p className="govuk-body">There are no cycles yet.</p>
      ) : null}
      {loaded.state === 'ready' && loaded.data.cycles.length > 0 ? (
        <table className="govuk-table" id="cycles">
          <caption className="govuk-table__caption govuk-table__caption--m">Cycles and their progress by plan</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Cycle
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Period
              </th>
              <th scope="col" className="govuk-table__header">
                Progress
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Overdue assignments
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {[...loaded.data.cycles].reverse().map(({ cycle, planCounts, assignmentCounts }) => (
              <tr className="govuk-table__row" key={cycle.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/cycles/${encodeURIComponent(cycle.id)}`}>
                    {cycle.name}
                  </Link>
                  <span className="govuk-body-s govuk-!-display-block">
                    {cycle.frameworkId} version {cycle.frameworkVersion}, {planCounts.total} plans
                  </span>
                </th>
                <td className="govuk-table__cell">
                  <CycleStatusTag status={cycle.status} />
                </td>
                <td className="govuk-table__cell">
                  {formatDate(cycle.periodStart)} to {formatDate(cycle.periodEnd)}
                </td>
                <td className="govuk-table__cell">
                  <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                    {PROGRESS_STATUSES.filter((s) => planCounts.byStatus[s] > 0).map((s) => (
                      <li key={s}>
                        {STATUS[s].label}: {planCounts.byStatus[s]}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {assignmentCounts.overdue > 0 ? <Tag colour="red">{assignmentCounts.overdue} overdue</Tag> : '0'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
