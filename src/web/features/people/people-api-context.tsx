// The people screens' API, through context so a component test can hand in one of its own.
import { createContext, useContext, type ReactNode } from 'react';
import { createPeopleApi, type PeopleApi } from '#web/sync/people-api.ts';

let defaultApi: PeopleApi | null = null;
const PeopleApiContext = createContext<PeopleApi | null>(null);

export function PeopleApiProvider({ api, children }: { api: PeopleApi; children: ReactNode }) {
  return <PeopleApiContext.Provider value={api}>{children}</PeopleApiContext.Provider>;
}

export function usePeopleApi(): PeopleApi {
  const api = useContext(PeopleApiContext);
  if (api) return api;
  defaultApi ??= createPeopleApi();
  return defaultApi;
}
