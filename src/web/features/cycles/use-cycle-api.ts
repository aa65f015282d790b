// The cycle screens' API (from the app's services) and their loading of what a screen shows, on the
// shared load states with the cycle API's words for a failure.
import { useLoad, type Loaded } from '#web/components/load-state.tsx';
import { useServices } from '#web/services/services-context.tsx';
import { describeCycleApiFailure, type CycleApi } from '#web/sync/cycle-api.ts';

export function useCycleApi(): CycleApi {
  return useServices().cycles;
}

/** Loads what a screen shows from the server; a failure says why and offers to try again. */
export function useLoaded<T>(load: (api: CycleApi) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const api = useCycleApi();
  return useLoad(() => load(api), describeCycleApiFailure, [api, ...deps]);
}
