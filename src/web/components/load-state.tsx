// Loading what an online-only screen shows from the server: a "Loading…" status while it comes, and
// when it fails, why, with a button to try again.
import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'failed'; message: string; retry: () => void }
  | { state: 'ready'; data: T; reload: () => void };

/** Runs `load` when `deps` change (or on reload); `describe` turns a failure into plain words. */
export function useLoad<T>(
  load: () => Promise<T>,
  describe: (error: unknown) => string,
  deps: readonly unknown[],
): Loaded<T> {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ ok: true; data: T } | { ok: false; message: string } | null>(null);
  const again = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    let isCurrent = true;
    load().then(
      (data) => {
        if (isCurrent) setResult({ ok: true, data });
      },
      (error: unknown) => {
        if (isCurrent) setResult({ ok: false, message: describe(error) });
      },
    );
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` is a fresh closure each render; deps say when to reload.
  }, [attempt, ...deps]);
  if (result === null) return { state: 'loading' };
  if (!result.ok) return { state: 'failed', message: result.message, retry: again };
  return { state: 'ready', data: result.data, reload: again };
}

export function LoadingStatus() {
  return (
    <p className="govuk-body" role="status">
      Loading…
    </p>
  );
}

export function LoadFailure({ message, retry }: { message: string; retry: () => void }) {
  return (
    <div className="govuk-error-summary" role="alert">
      <h2 className="govuk-error-summary__title">This page could not be loaded</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{message}</p>
        <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={retry}>
          Try again
        </button>
      </div>
    </div>
  );
}
