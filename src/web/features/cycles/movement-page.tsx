// The movement report: for each re-audited plan, the earlier signed-off result against this
// cycle's, overall and per section.
import { Link, useParams } from 'react-router';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { LoadFailure, LoadingStatus } from '#web/components/load-state.tsx';
import { useLoaded } from './use-cycle-api.ts';
import { MOVEMENT } from './labels.ts';
import { TableHead } from '#web/components/table-head.tsx';

const AFTER_STATUS = {
  'signed-off': 'Signed off',
  agreed: 'Agreed, not signed off',
  'not-moderated': 'Not moderated yet',
};

export function MovementPage() {
  const { cycleId = '' } = useParams();
  const loaded = useLoaded(
    async (api) => {
      const [detail, movement] = await Promise.all([api.getCycle(cycleId), api.getMovement(cycleId)]);
      return { detail, movement };
    },
    [cycleId],
  );
  usePageTitle('Movement report');
  const caption = loaded.state === 'ready' ? loaded.data.detail.cycle.name : 'Audit cycle';
  const heading = <PageHeading caption={caption}>Movement report</PageHeading>;
  if (loaded.state === 'loading') return <LoadingStatus />;
  if (loaded.state === 'failed') {
    return (
      <>
        {heading}
        <LoadFailure message={loaded.message} retry={loaded.retry} />
      </>
    );
  }
  const { movement, detail } = loaded.data;
  return (
    <>
      {heading}
      {movement.plans.length === 0 ? (
        <p className="govuk-body">This cycle has no re-audited plans.</p>
      ) : (
        <>
          <p className="govuk-body" id="movement-summary">
            Of {movement.plans.length} re-audited plans: {movement.summary.improved} improved, {movement.summary.same}{' '}
            stayed the same, {movement.summary.declined} declined, {movement.summary['not-comparable']} not comparable
            yet.
          </p>
          <table className="govuk-table" id="movement">
            <caption className="govuk-table__caption govuk-table__caption--m">Overall judgement</caption>
            <TableHead columns={['Plan', 'Before', 'After', 'Movement']} />
            <tbody className="govuk-table__body">
              {movement.plans.map((plan) => (
                <tr className="govuk-table__row" key={plan.planRef}>
                  <th scope="row" className="govuk-table__header">
                    {plan.planRef}
                  </th>
                  <td className="govuk-table__cell">
                    {plan.overall.before.label ?? 'No grade'}
                    <span className="govuk-body-s govuk-!-display-block">{plan.fromCycleName}</span>
                  </td>
                  <td className="govuk-table__cell">
                    {plan.overall.after.label ?? 'No grade yet'}
                    <span className="govuk-body-s govuk-!-display-block">{AFTER_STATUS[plan.afterStatus]}</span>
                  </td>
                  <td className="govuk-table__cell">
                    <Tag colour={MOVEMENT[plan.overall.movement].colour}>{MOVEMENT[plan.overall.movement].label}</Tag>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {movement.plans.map((plan) => (
            <details className="govuk-details" key={plan.planRef}>
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">{plan.planRef}: section by section</span>
              </summary>
              <div className="govuk-details__text">
                <table className="govuk-table">
                  <caption className="govuk-table__caption govuk-table__caption--s">{plan.planRef} by section</caption>
                  <TableHead columns={['Section', 'Before', 'After', 'Movement']} />
                  <tbody className="govuk-table__body">
                    {plan.sections.map((s) => (
                      <tr className="govuk-table__row" key={s.sectionId}>
                        <th scope="row" className="govuk-table__header">
                          {s.title}
                        </th>
                        <td className="govuk-table__cell">{s.before.label ?? 'No grade'}</td>
                        <td className="govuk-table__cell">{s.after.label ?? 'No grade'}</td>
                        <td className="govuk-table__cell">
                          <Tag colour={MOVEMENT[s.movement].colour}>{MOVEMENT[s.movement].label}</Tag>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ))}
        </>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cycles/${encodeURIComponent(detail.cycle.id)}`}>
          Back to the cycle
        </Link>
      </p>
    </>
  );
}
