// Shown when the device could not save a change: the one failure an auditor must never miss.
import { useCallback, useState } from 'react';
import { logger } from '#web/services/logger.ts';

export function useSaveProblem() {
  const [problem, setProblem] = useState<string | null>(null);
  const report = useCallback((error: unknown) => {
    logger.error('A change could not be saved on this device', error);
    const name = error instanceof Error ? error.name : '';
    setProblem(
      name === 'QuotaExceededError'
        ? 'This device is out of storage space, so your last change was not saved. Free some space, then make the change again.'
        : error instanceof Error && error.name === 'AuditSubmittedError'
          ? error.message
          : 'Your last change could not be saved on this device. Try again; if it keeps failing, export your unsynced work from the sync page.',
    );
  }, []);
  const clear = useCallback(() => setProblem(null), []);
  return { problem, report, clear };
}

export function SaveProblem({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="govuk-error-summary" role="alert">
      <h2 className="govuk-error-summary__title">Your change was not saved</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{problem}</p>
      </div>
    </div>
  );
}
