// What this device holds: changes waiting to sync, storage used, and whether the browser agreed
// to keep the data safe from automatic clearing.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { formatBytes, plural } from '#web/components/format.ts';
import { WarningText } from '#web/components/notification-banner.tsx';
import { estimateStorage } from '#web/storage/device.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { readDevice } from '#web/storage/meta.ts';
import { getDatabase } from '#web/storage/db.ts';
import { summariseOutbox } from '#web/storage/outbox.ts';

function useStorageEstimate(waiting: number | undefined) {
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    let isCurrent = true;
    estimateStorage()
      .then((result) => {
        if (isCurrent) setEstimate(result);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [waiting]);
  return estimate;
}

export function DeviceSummary() {
  const stored = useStoredQuery(async () => {
    const [summary, device] = await Promise.all([summariseOutbox(), readDevice(getDatabase())]);
    return { summary, isPersisted: device?.isStoragePersisted ?? null };
  }, []);
  const storage = useStorageEstimate(stored?.summary.waiting);
  if (!stored) return null;
  const info = { ...stored, storage };
  return (
    <section aria-labelledby="device-heading" className="app-device-summary" id="device-summary">
      <h2 className="govuk-heading-m" id="device-heading">
        On this device
      </h2>
      <ul className="govuk-list govuk-list--bullet">
        <li id="device-waiting">
          {info.summary.waiting === 0
            ? 'No changes waiting to sync'
            : `${plural(info.summary.waiting, 'change')} waiting to sync`}
        </li>
        {info.summary.rejected + info.summary.conflicts > 0 ? (
          <li>
            <Link className="govuk-link" to="/sync">
              {plural(info.summary.rejected + info.summary.conflicts, 'change')} need your attention
            </Link>
          </li>
        ) : null}
        {info.storage ? (
          <li id="device-storage">
            {formatBytes(info.storage.usage)} stored
            {info.storage.quota ? ` (of ${formatBytes(info.storage.quota)} available)` : ''}
          </li>
        ) : null}
      </ul>
      {info.isPersisted === false ? (
        <WarningText>
          This browser has not agreed to keep the app's data safe from automatic clearing. Install the app (add it to
          your home screen or desktop) and sync whenever you are online, so no work is lost if storage runs low.
        </WarningText>
      ) : info.isPersisted === true ? (
        <p className="govuk-body">Storage on this device is persistent: the browser will not clear it automatically.</p>
      ) : null}
    </section>
  );
}
