// Sync details: what is waiting, what the server refused and why (kept on the device until the
// auditor lets it go), fields changed both here and on the server for the auditor to settle,
// and an export of everything unsynced.
import { useState } from 'react';
import { ExportUnsyncedButton } from '#web/components/export-unsynced-button.tsx';
import { formatWhen, plural } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { TableHead } from '#web/components/table-head.tsx';
import { useServices, useSyncState } from '#web/services/services-context.tsx';
import { readField } from '#web/storage/audit-changes.ts';
import { listAudits, resolveConflict, type ConflictChoice } from '#web/storage/audit-repository.ts';
import { moderationFieldValue } from '#shared/records/moderation.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { listModerations, resolveModerationConflict } from '#web/storage/moderation-repository.ts';
import { discardRejected, listOutbox } from '#web/storage/outbox.ts';
import type { OutboxEntry } from '#web/storage/records.ts';
import {
  describeChange,
  describeField,
  describeModerationField,
  describeReason,
  describeValue,
} from './describe-change.ts';

type Conflict = {
  entity: 'audit' | 'moderation';
  recordId: string;
  field: string;
  planRef: string;
  mine: unknown;
  theirs: unknown;
};

async function loadSyncDetails() {
  const [entries, audits, moderations] = await Promise.all([listOutbox(), listAudits(), listModerations()]);
  const auditById = new Map(audits.map((audit) => [audit.id, audit]));
  const moderationById = new Map(moderations.map((moderation) => [moderation.id, moderation]));
  const planOf = (entry: OutboxEntry) =>
    (entry.entity === 'moderation' ? moderationById.get(entry.recordId) : auditById.get(entry.recordId))?.planRef ??
    'Unknown plan';
  const waiting = entries.filter((e) => e.status === 'pending' || e.status === 'sending');
  const rejected = entries.filter((e) => e.status === 'rejected');
  const conflicts = new Map<string, Conflict>();
  for (const entry of entries) {
    if (entry.status !== 'conflict' || !entry.conflict || !entry.field) continue;
    if (entry.entity === 'moderation') {
      const { serverModeration } = entry.conflict;
      if (!serverModeration) continue;
      const moderation = moderationById.get(entry.recordId);
      conflicts.set(`${entry.recordId}|${entry.field}`, {
        entity: 'moderation',
        recordId: entry.recordId,
        field: entry.field,
        planRef: planOf(entry),
        mine: moderation ? moderationFieldValue(moderation, entry.field) : null,
        theirs: moderationFieldValue(serverModeration, entry.field),
      });
      continue;
    }
    const audit = auditById.get(entry.recordId);
    const { serverRecord } = entry.conflict;
    if (!serverRecord) continue;
    conflicts.set(`${entry.recordId}|${entry.field}`, {
      entity: 'audit',
      recordId: entry.recordId,
      field: entry.field,
      planRef: planOf(entry),
      mine: audit ? readField(audit, entry.field) : null,
      theirs: readField(serverRecord, entry.field),
    });
  }
  const waitingByPlan = new Map<string, number>();
  for (const entry of waiting) waitingByPlan.set(planOf(entry), (waitingByPlan.get(planOf(entry)) ?? 0) + 1);
  return {
    waiting: waiting.length,
    waitingByPlan: [...waitingByPlan.entries()],
    rejected: rejected.map((entry) => ({ entry, planRef: planOf(entry) })),
    conflicts: [...conflicts.values()],
  };
}

export function SyncPage() {
  const { sync } = useServices();
  const state = useSyncState();
  const details = useStoredQuery(loadSyncDetails, []);
  const [isSyncing, setIsSyncing] = useState(false);
  usePageTitle('Sync');

  return (
    <>
      <PageHeading>Sync</PageHeading>
      <p className="govuk-body">
        Everything you enter is saved on this device straight away. Syncing sends it to the server and brings down any
        changes to your assignments. It happens by itself whenever you are online.
      </p>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Waiting to sync</dt>
          <dd className="govuk-summary-list__value" id="sync-page-waiting">
            {details ? plural(details.waiting, 'change') : '…'}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Last synced</dt>
          <dd className="govuk-summary-list__value">
            {state.lastSyncedAt ? formatWhen(state.lastSyncedAt) : 'Not yet'}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {state.phase === 'syncing' ? 'Syncing…' : (state.message ?? 'Up to date')}
          </dd>
        </div>
      </dl>
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        disabled={isSyncing}
        onClick={() => {
          setIsSyncing(true);
          void sync.syncNow('manual').finally(() => setIsSyncing(false));
        }}
      >
        Sync now
      </button>

      {details && details.conflicts.length > 0 ? (
        <section aria-labelledby="conflicts-heading">
          <h2 className="govuk-heading-m" id="conflicts-heading">
            Answers changed in two places
          </h2>
          <p className="govuk-body">
            These answers were changed on this device and, since you last synced, somewhere else. Choose which to keep.
          </p>
          {details.conflicts.map((conflict) => (
            <ConflictChoiceCard key={`${conflict.recordId}|${conflict.field}`} conflict={conflict} />
          ))}
        </section>
      ) : null}

      {details && details.rejected.length > 0 ? (
        <section aria-labelledby="rejected-heading">
          <h2 className="govuk-heading-m" id="rejected-heading">
            Changes the server did not accept
          </h2>
          <p className="govuk-body">
            These stay on this device until you remove them. Export them first if you need a record.
          </p>
          <table className="govuk-table" id="rejected-changes">
            <caption className="govuk-table__caption govuk-visually-hidden">Changes the server did not accept</caption>
            <TableHead columns={['Plan', 'Change', 'Reason']} hiddenLast="Action" />
            <tbody className="govuk-table__body">
              {details.rejected.map(({ entry, planRef }) => (
                <tr className="govuk-table__row" key={entry.clientSeq}>
                  <td className="govuk-table__cell">{planRef}</td>
                  <td className="govuk-table__cell">
                    {describeChange(entry)}
                    <br />
                    <span className="govuk-body-s">{formatWhen(entry.createdAt)}</span>
                  </td>
                  <td className="govuk-table__cell">{describeReason(entry)}</td>
                  <td className="govuk-table__cell">
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      onClick={() => void discardRejected(entry.clientSeq)}
                    >
                      Remove<span className="govuk-visually-hidden"> this change to {planRef}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {details && details.waitingByPlan.length > 0 ? (
        <section aria-labelledby="waiting-heading">
          <h2 className="govuk-heading-m" id="waiting-heading">
            Waiting to sync
          </h2>
          <ul className="govuk-list govuk-list--bullet">
            {details.waitingByPlan.map(([planRef, count]) => (
              <li key={planRef}>
                Plan {planRef}: {plural(count, 'change')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2 className="govuk-heading-m">Keep a copy</h2>
      <p className="govuk-body">
        If you cannot get online before you must hand this device back, export your unsynced work and send the file to
        your QA lead. It may contain personal data: store it as your council requires.
      </p>
      <ExportUnsyncedButton />
    </>
  );
}

function ConflictChoiceCard({ conflict }: { conflict: Conflict }) {
  const [isBusy, setIsBusy] = useState(false);
  const choose = (choice: ConflictChoice) => {
    setIsBusy(true);
    const settle =
      conflict.entity === 'moderation'
        ? resolveModerationConflict(conflict.recordId, conflict.field, choice)
        : resolveConflict(conflict.recordId, conflict.field, choice);
    void settle.finally(() => setIsBusy(false));
  };
  const label =
    conflict.entity === 'moderation'
      ? `${describeModerationField(conflict.field)}, moderation of plan ${conflict.planRef}`
      : `${describeField(conflict.field)}, plan ${conflict.planRef}`;
  return (
    <div className="app-conflict govuk-!-margin-bottom-6">
      <h3 className="govuk-heading-s">{label}</h3>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">On this device</dt>
          <dd className="govuk-summary-list__value">{describeValue(conflict.mine)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">On the server</dt>
          <dd className="govuk-summary-list__value">{describeValue(conflict.theirs)}</dd>
        </div>
      </dl>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" disabled={isBusy} onClick={() => choose('mine')}>
          Keep this device’s answer<span className="govuk-visually-hidden"> for {label}</span>
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          disabled={isBusy}
          onClick={() => choose('theirs')}
        >
          Use the server’s answer<span className="govuk-visually-hidden"> for {label}</span>
        </button>
      </div>
    </div>
  );
}
