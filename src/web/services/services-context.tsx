// The app's long-lived services (API client, sync client, update controller), made once in
// main.tsx and handed to every route and feature through React context.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { UpdateController, UpdateState } from '#web/pwa/update-controller.ts';
import type { ApiClient } from '#web/sync/api-client.ts';
import type { SyncEngine, SyncState } from '#web/sync/sync-engine.ts';

export type Services = {
  api: ApiClient;
  sync: SyncEngine;
  updates: UpdateController;
};

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a ServicesProvider above it.');
  return services;
}

export function useSyncState(): SyncState {
  const { sync } = useServices();
  return useSyncExternalStore(sync.subscribe, sync.getState);
}

export function useUpdateState(): UpdateState {
  const { updates } = useServices();
  return useSyncExternalStore(updates.subscribe, updates.getState);
}
