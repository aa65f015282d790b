// /moderation: for a QA lead, every sampled plan of every cycle and where its moderation stands
// (waiting for audits, ready, open, agreed, signed off); for a parent-carer representative, the
// moderations they are invited to.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Cycle } from '#shared/schemas/cycle.ts';
import { latestRevisions } from '#shared/domain/report-sources.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { CycleStatusTag } from '#web/components/cycle-status-tag.tsx';
import { logger } from '#web/services/logger.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { loadModerationBoard, openModeration } from '#web/storage/moderation-repository.ts';
import type { StoredSession } from '#web/storage/records.ts';
import {
  moderationPath,
  planStates,
  STATUS_COLOURS,
  STATUS_LABELS,
  type BoardRow,
  type PlanModerationState,
} from './moderation-model.ts';
import { TableHead } from '#web/components/table-head.tsx';

async function loadPage() {
  const session = await getSession();
  if (!session) return null;
  const board = await loadModerationBoard();
  return { session, board };
}

export function ModerationListPage() {
  usePageTitle('Moderation');
  const data = useStoredQuery(loadPage, []);
  if (data === undefined) {
    return (
      <p className="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  if (data === null) return <PageHeading>Moderation</PageHeading>;
  const roles = new Set(data.session.user.roles);
  if (roles.has('qa-lead')) return <QaLeadBoard session={data.session} board={data.board} />;
  return <Invitations moderations={data.board.moderations} cycles={data.board.cycles} />;
}

function StateTag({ state }: { state: PlanModerationState }) {
  switch (state.kind) {
    case 'no-auditors':
      return <Tag colour="grey">No auditors assigned</Tag>;
    case 'waiting':
      return (
        <Tag colour="grey">
          Waiting for audits ({state.submitted} of {state.assigned} submitted)
        </Tag>
      );
    case 'ready':
      return <Tag colour="blue">Ready to moderate</Tag>;
    case 'moderation':
      return (
        <Tag colour={STATUS_COLOURS[state.moderation.status]}>
          {STATUS_LABELS[state.moderation.status]}
          {state.moderation.revision > 1 ? ` (revision ${state.moderation.revision})` : ''}
        </Tag>
      );
  }
}

function QaLeadBoard({
  session,
  board,
}: {
  session: StoredSession;
  board: Awaited<ReturnType<typeof loadModerationBoard>>;
}) {
  const navigate = useNavigate();
  const [busyPlan, setBusyPlan] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const latest = latestRevisions(board.moderations);
  const cycles = [...board.cycles].sort((a, b) => b.periodStart.localeCompare(a.periodStart));

  const open = (row: BoardRow) => {
    if (row.state.kind !== 'ready') return;
    setBusyPlan(`${row.cycle.id}|${row.planRef}`);
    openModeration({ cycle: row.cycle, planRef: row.planRef, audits: row.state.audits, chair: session.user })
      .then((id) => navigate(moderationPath(id)))
      .catch((error: unknown) => {
        logger.error('Could not open the moderation on this device', error);
        setProblem('The moderation could not be opened on this device. Try again.');
      })
      .finally(() => setBusyPlan(null));
  };

  return (
    <>
      <PageHeading>Moderation</PageHeading>
      <p className="govuk-body">
        A plan is ready to moderate when every assigned auditor has submitted their audit. The panel then compares the
        audits side by side, agrees a grade for each section and overall, and signs the result off.
      </p>
      {problem ? (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{problem}</p>
          </div>
        </div>
      ) : null}
      {cycles.length === 0 ? <p className="govuk-body">There are no audit cycles on this device yet.</p> : null}
      {cycles.map((cycle) => (
        <CycleTable
          key={cycle.id}
          cycle={cycle}
          rows={planStates(cycle, board.assignments, board.audits, latest)}
          busyPlan={busyPlan}
          onOpen={open}
        />
      ))}
    </>
  );
}

function CycleTable({
  cycle,
  rows,
  busyPlan,
  onOpen,
}: {
  cycle: Cycle;
  rows: BoardRow[];
  busyPlan: string | null;
  onOpen: (row: BoardRow) => void;
}) {
  const headingId = `cycle-${cycle.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 className="govuk-heading-m" id={headingId}>
        {cycle.name}
        {cycle.status === 'closed' ? (
          <>
            {' '}
            <CycleStatusTag status="closed" />
          </>
        ) : null}
      </h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Plans in {cycle.name}</caption>
        <TableHead columns={['Plan', 'Status']} hiddenLast="Action" />
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr className="govuk-table__row" key={row.planRef} id={`moderation-row-${cycle.id}-${row.planRef}`}>
              <th scope="row" className="govuk-table__header">
                {row.planRef}
              </th>
              <td className="govuk-table__cell">
                <StateTag state={row.state} />
              </td>
              <td className="govuk-table__cell">
                {row.state.kind === 'ready' ? (
                  <button
                    type="button"
                    className="govuk-button govuk-!-margin-bottom-0"
                    disabled={busyPlan === `${cycle.id}|${row.planRef}`}
                    onClick={() => onOpen(row)}
                  >
                    Open moderation<span className="govuk-visually-hidden"> of {row.planRef}</span>
                  </button>
                ) : row.state.kind === 'moderation' ? (
                  <Link className="govuk-link" to={moderationPath(row.state.moderation.id)}>
                    {row.state.moderation.status === 'signed-off' ? 'View' : 'Continue'}
                    <span className="govuk-visually-hidden"> moderation of {row.planRef}</span>
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Invitations({ moderations, cycles }: { moderations: Moderation[]; cycles: Cycle[] }) {
  const cycleName = new Map(cycles.map((cycle) => [cycle.id, cycle.name]));
  const latest = [...latestRevisions(moderations).values()].sort((a, b) => a.planRef.localeCompare(b.planRef));
  return (
    <>
      <PageHeading>Moderation</PageHeading>
      <h2 className="govuk-heading-m">Moderations you are invited to</h2>
      {latest.length === 0 ? (
        <p className="govuk-body">
          You have not been invited to a moderation yet. When a QA lead invites you, it appears here after your next
          sync.
        </p>
      ) : (
        <>
          <p className="govuk-body">
            You see each plan by its reference only. Auditors are not named, and text that may identify the child is
            withheld. You can add the family’s perspective to each section.
          </p>
          <table className="govuk-table" id="invitations">
            <caption className="govuk-table__caption govuk-visually-hidden">Moderations you are invited to</caption>
            <TableHead columns={['Plan', 'Cycle', 'Opened', 'Status']} />
            <tbody className="govuk-table__body">
              {latest.map((moderation) => (
                <tr className="govuk-table__row" key={moderation.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={moderationPath(moderation.id)}>
                      {moderation.planRef}
                    </Link>
                  </th>
                  <td className="govuk-table__cell">{cycleName.get(moderation.cycleId) ?? 'Audit cycle'}</td>
                  <td className="govuk-table__cell">{formatDate(moderation.openedAt)}</td>
                  <td className="govuk-table__cell">
                    <Tag colour={STATUS_COLOURS[moderation.status]}>{STATUS_LABELS[moderation.status]}</Tag>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
