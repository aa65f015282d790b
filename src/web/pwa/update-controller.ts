// Registers the service worker and tracks whether a new version is waiting. The app only ever
// swaps to a new version when the user asks (applyUpdate); nothing here reloads on its own.
import { Workbox } from 'workbox-window';

export type UpdateState = {
  /** A new version is installed and waiting for the user's go-ahead. */
  isUpdateWaiting: boolean;
  isUpdating: boolean;
};

export type UpdateController = {
  getState: () => UpdateState;
  subscribe: (listener: () => void) => () => void;
  /** The user asked to update: activate the waiting version and reload this tab once it controls it. */
  applyUpdate: () => void;
  checkForUpdate: () => Promise<void>;
};

const UPDATE_CHECK_MS = 60 * 60_000;

function createStateHolder() {
  let state: UpdateState = { isUpdateWaiting: false, isUpdating: false };
  const listeners = new Set<() => void>();
  return {
    get: (): UpdateState => state,
    set: (patch: Partial<UpdateState>): void => {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** For tests and dev, where there is no service worker. */
export function createInertUpdateController(): UpdateController {
  const holder = createStateHolder();
  return {
    getState: holder.get,
    subscribe: holder.subscribe,
    applyUpdate: () => undefined,
    checkForUpdate: () => Promise.resolve(),
  };
}

export function registerServiceWorker(onError: (error: unknown) => void): UpdateController {
  if (import.meta.env.DEV || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
    return createInertUpdateController();
  }
  const holder = createStateHolder();
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => holder.set({ isUpdateWaiting: true }));

  const checkForUpdate = async (): Promise<void> => {
    try {
      await wb.update();
    } catch (error) {
      // Offline or the server is down: the next check will try again.
      onError(error);
    }
  };

  wb.register()
    .then((registration) => {
      // A version installed earlier may already be waiting (another tab saw it first).
      if (registration?.waiting && navigator.serviceWorker.controller) holder.set({ isUpdateWaiting: true });
    })
    .catch(onError);

  setInterval(() => void checkForUpdate(), UPDATE_CHECK_MS);
  window.addEventListener('online', () => void checkForUpdate());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void checkForUpdate();
  });

  return {
    getState: holder.get,
    subscribe: holder.subscribe,
    applyUpdate() {
      holder.set({ isUpdating: true });
      // Reload only this tab, and only because the user asked: other tabs keep running until their user chooses.
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
    checkForUpdate,
  };
}
