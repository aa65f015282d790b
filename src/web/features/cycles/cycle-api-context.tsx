// The cycle screens' API, through context so component tests can hand in one that answers from memory.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { createCycleApi, describeCycleApiFailure, type CycleApi } from '#web/sync/cycle-api.ts';

let defaultApi: CycleApi | null = null;
const CycleApiContext = createContext<CycleApi | null>(null);

export function CycleApiProvider({ api, children }: { api: CycleApi; children: ReactNode }) {
  return <CycleApiContext.Provider value={api}>{children}</CycleApiContext.Provider>;
}

export function useCycleApi(): CycleApi {
  const api = useContext(CycleApiContext);
  if (api) return api;
  defaultApi ??= createCycleApi();
  return defaultApi;
}

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'failed'; message: string; retry: () => void }
  | { state: 'ready'; data: T; reload: () => void };

/** Loads what a screen shows from the server; a failure says why and offers to try again. */
export function useLoaded<T>(load: (api: CycleApi) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const api = useCycleApi();
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ ok: true; data: T } | { ok: false; message: string } | null>(null);
  const again = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    let isCurrent = true;
    load(api).then(
      (data) => {
        if (isCurrent) setResult({ ok: true, data });
      },
      (error: unknown) => {
        if (isCurrent) setResult({ ok: false, message: describeCycleApiFailure(error) });
      },
    );
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` is a fresh closure each render; deps say when to reload.
  }, [api, attempt, ...deps]);
  if (result === null) return { state: 'loading' };
  if (!result.ok) return { state: 'failed', message: result.message, retry: again };
  return { state: 'ready', data: result.data, reload: again };
}

// The page states every screen shares, under the names the cycle pages use.
export { LoadFailure as LoadFailed, LoadingStatus as Loading } from '#web/components/load-state.tsx';
