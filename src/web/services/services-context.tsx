// The app's long-lived services (every API client, the sync client, the update controller), made
// once in main.tsx and handed to every route and feature through this one context. A component test
// hands in its own (tests/web-support/device-fixtures.tsx): the only seam for faking the server.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { UpdateController, UpdateState } from '#web/pwa/update-controller.ts';
import type { ApiClient } from '#web/sync/api-client.ts';
import type { CycleApi } from '#web/sync/cycle-api.ts';
import type { DataProtectionApi } from '#web/sync/data-protection-api.ts';
import type { FrameworkApi } from '#web/sync/framework-api.ts';
import type { PeopleApi } from '#web/sync/people-api.ts';
import type { SettingsApi } from '#web/sync/settings-api.ts';
import type { SyncEngine, SyncState } from '#web/sync/sync-engine.ts';

export type Services = {
  /** Session and sync: what works offline-first. */
  api: ApiClient;
  /** The online-only screens' calls. */
  cycles: CycleApi;
  people: PeopleApi;
  frameworks: FrameworkApi;
  settings: SettingsApi;
  dataProtection: DataProtectionApi;
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
