// "My audits": the auditor's assignments grouped by cycle, each with its status (not started,
// in progress, submitted, synced), and what this device holds.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Assignment, Cycle } from '#shared/schemas/cycle.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { describeKeyStage, describeYearGroup } from '#web/components/plan-labels.ts';
import { TableHead } from '#web/components/table-head.tsx';
import { CycleStatusTag } from '#web/components/cycle-status-tag.tsx';
import { Tag } from '#web/components/tag.tsx';
import { useSyncState } from '#web/services/services-context.tsx';
import { logger } from '#web/services/logger.ts';
import { listAudits, startAudit } from '#web/storage/audit-repository.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import { listModerations } from '#web/storage/moderation-repository.ts';
import { listOutbox } from '#web/storage/outbox.ts';
import { getPlan, listAssignments, listCycles } from '#web/storage/reference-data.ts';
import { DeviceSummary } from './device-summary.tsx';

export type AuditStatus = 'not-started' | 'in-progress' | 'submitted' | 'synced';

const STATUS_TAG: Record<AuditStatus, { text: string; colour: 'blue' | 'light-blue' | 'yellow' | 'green' }> = {
  'not-started': { text: 'Not started', colour: 'blue' },
  'in-progress': { text: 'In progress', colour: 'light-blue' },
  submitted: { text: 'Submitted, waiting to sync', colour: 'yellow' },
  synced: { text: 'Submitted and synced', colour: 'green' },
};

type Row = {
  assignment: Assignment;
  plan: Plan | undefined;
  audit: Audit | undefined;
  status: AuditStatus;
  /** The plan's signed-off moderation, once the panel has signed it off. */
  resultId: string | undefined;
};

async function loadMyAudits(): Promise<{
  cycles: { cycle: Cycle | undefined; cycleId: string; rows: Row[] }[];
  userId: string;
} | null> {
  const session = await getSession();
  if (!session) return null;
  const [assignments, cycles, allAudits, outbox, moderations] = await Promise.all([
    listAssignments(session.user.id),
    listCycles(),
    listAudits(),
    listOutbox(),
    listModerations(),
  ]);
  // Colleagues' audits of the same plan reach this device once everyone has submitted: only ours
  // count here, newest revision first.
  const audits = allAudits
    .filter((audit) => audit.auditorId === session.user.id)
    .sort((a, b) => b.revision - a.revision);
  const results = new Map<string, Moderation>();
  for (const moderation of moderations) {
    if (moderation.status !== 'signed-off') continue;
    const key = `${moderation.cycleId}|${moderation.planRef}`;
    const current = results.get(key);
    if (!current || current.revision < moderation.revision) results.set(key, moderation);
  }
  const waitingAudits = new Set(outbox.map((entry) => entry.recordId));
  const rows = await Promise.all(
    assignments.map(async (assignment): Promise<Row> => {
      const audit = audits.find((a) => a.cycleId === assignment.cycleId && a.planRef === assignment.planRef);
      const status: AuditStatus = !audit
        ? 'not-started'
        : audit.status === 'draft'
          ? 'in-progress'
          : waitingAudits.has(audit.id)
            ? 'submitted'
            : 'synced';
      const resultId = results.get(`${assignment.cycleId}|${assignment.planRef}`)?.id;
      return { assignment, plan: await getPlan(assignment.planRef), audit, status, resultId };
    }),
  );
  const byCycle = new Map<string, Row[]>();
  for (const row of rows) byCycle.set(row.assignment.cycleId, [...(byCycle.get(row.assignment.cycleId) ?? []), row]);
  return {
    userId: session.user.id,
    cycles: [...byCycle.entries()]
      .map(([cycleId, cycleRows]) => ({
        cycleId,
        cycle: cycles.find((c) => c.id === cycleId),
        rows: cycleRows.sort((a, b) => a.assignment.planRef.localeCompare(b.assignment.planRef)),
      }))
      .sort((a, b) => (b.cycle?.periodStart ?? '').localeCompare(a.cycle?.periodStart ?? '')),
  };
}

export function MyAuditsPage() {
  const data = useStoredQuery(loadMyAudits, []);
  const sync = useSyncState();
  usePageTitle('My audits');
  return (
    <>
      <PageHeading>My audits</PageHeading>
      {data === undefined ? (
        <p className="govuk-body" role="status">
          Loading your audits…
        </p>
      ) : data === null || data.cycles.length === 0 ? (
        <p className="govuk-body" id="no-audits">
          {sync.phase === 'syncing'
            ? 'Downloading your audits…'
            : sync.lastSyncedAt
              ? 'You have no audits assigned to you.'
              : 'Your audits have not been downloaded yet. Connect to the internet to download them.'}
        </p>
      ) : (
        data.cycles.map((group) => <CycleAudits key={group.cycleId} group={group} userId={data.userId} />)
      )}
      <DeviceSummary />
    </>
  );
}

function CycleAudits({
  group,
  userId,
}: {
  group: { cycle: Cycle | undefined; cycleId: string; rows: Row[] };
  userId: string;
}) {
  const counts = group.rows.reduce<Record<AuditStatus, number>>(
    (acc, row) => ({ ...acc, [row.status]: acc[row.status] + 1 }),
    { 'not-started': 0, 'in-progress': 0, submitted: 0, synced: 0 },
  );
  const headingId = `cycle-${group.cycleId}`;
  return (
    <section aria-labelledby={headingId} className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id={headingId}>
        {group.cycle?.name ?? 'Audit cycle'}
        {group.cycle?.status === 'closed' ? (
          <>
            {' '}
            <CycleStatusTag status="closed" />
          </>
        ) : null}
      </h2>
      {group.cycle ? (
        <p className="govuk-body">
          {formatDate(group.cycle.periodStart)} to {formatDate(group.cycle.periodEnd)}.{' '}
          {counts.synced + counts.submitted} of {group.rows.length} submitted.
          {group.cycle.status === 'closed' ? ' The cycle is closed: no new audits can be started in it.' : ''}
        </p>
      ) : null}
      <table className="govuk-table app-audits-table">
        <caption className="govuk-table__caption govuk-visually-hidden">
          Audits in {group.cycle?.name ?? 'this cycle'}
        </caption>
        <TableHead columns={['Plan', 'Year group', 'Due', 'Status']} hiddenLast="Action" />
        <tbody className="govuk-table__body">
          {group.rows.map((row) => (
            <AuditRow key={row.assignment.id} row={row} cycle={group.cycle} userId={userId} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AuditRow({ row, cycle, userId }: { row: Row; cycle: Cycle | undefined; userId: string }) {
  const navigate = useNavigate();
  const [isStarting, setIsStarting] = useState(false);
  const tag = STATUS_TAG[row.status];
  const ref = row.assignment.planRef;
  const start = async () => {
    if (!cycle) return;
    setIsStarting(true);
    try {
      const auditId = await startAudit({ assignment: row.assignment, cycle, auditorId: userId });
      await navigate(`/audits/${auditId}`);
    } catch (error) {
      logger.error('Could not start the audit', error);
      setIsStarting(false);
    }
  };
  return (
    <tr className="govuk-table__row" id={`assignment-${ref}`}>
      <th scope="row" className="govuk-table__header">
        {ref}
      </th>
      <td className="govuk-table__cell">
        {row.plan
          ? `${describeYearGroup(row.plan.attributes.yearGroup)} (${describeKeyStage(row.plan.attributes.keyStage)})`
          : 'Not known'}
      </td>
      <td className="govuk-table__cell">{row.assignment.dueDate ? formatDate(row.assignment.dueDate) : 'No date'}</td>
      <td className="govuk-table__cell">
        <Tag colour={tag.colour}>{tag.text}</Tag>
      </td>
      <td className="govuk-table__cell">
        {row.audit ? (
          <Link className="govuk-link" to={`/audits/${row.audit.id}`}>
            {row.status === 'in-progress' ? 'Continue' : 'View'}
            <span className="govuk-visually-hidden"> audit of {ref}</span>
          </Link>
        ) : null}
        {row.audit && row.resultId ? (
          <>
            <br />
            <Link className="govuk-link" to={`/results/${row.resultId}`}>
              Moderated result<span className="govuk-visually-hidden"> for {ref}</span>
            </Link>
          </>
        ) : null}
        {row.audit || cycle?.status === 'closed' ? null : (
          <button
            type="button"
            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            disabled={isStarting || !cycle}
            onClick={() => void start()}
          >
            Start<span className="govuk-visually-hidden"> audit of {ref}</span>
          </button>
        )}
      </td>
    </tr>
  );
}
