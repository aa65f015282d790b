// Downloads the device's unsynced work as a JSON file, for when it cannot reach the server in time.
import { exportUnsyncedWork } from '#web/storage/device.ts';

export async function downloadUnsyncedWork(): Promise<void> {
  const data = await exportUnsyncedWork();
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `unsynced-audit-work-${data.exportedAt.slice(0, 19).replace(/[:T]/g, '-')}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportUnsyncedButton() {
  return (
    <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void downloadUnsyncedWork()}>
      Export unsynced work
    </button>
  );
}
