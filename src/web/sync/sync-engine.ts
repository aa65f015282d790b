// The sync client: pushes the outbox and pulls what changed, on change (debounced), on reconnect,
// on focus and periodically, backing off exponentially with jitter after a failure. It owns no
// data: the device database is the truth, so a sync can stop at any point and simply run again.
import { MAX_MUTATIONS_PER_PUSH, SYNC_PROTOCOL_VERSION } from '#shared/protocol/sync.ts';
import { onOutboxChanged } from '#web/storage/events.ts';
import { getSession, getSyncMeta } from '#web/storage/meta.ts';
import { applyPushResults, releaseSending, takeBatch } from '#web/storage/outbox.ts';
import { applyPull, getPullCursor } from '#web/storage/pull.ts';
import { readSealState } from '#web/storage/seal-state.ts';
import { ApiFailure, type ApiClient } from './api-client.ts';
import { pullPages } from './pull-pages.ts';

export type SyncPhase =
  | 'idle'
  | 'syncing'
  /** No connection: work carries on and syncs on reconnect. */
  | 'offline'
  /** The server failed or refused the whole request; retrying with backoff. */
  | 'error'
  /** The session ended: work carries on, and sync waits until the user signs in again. */
  | 'needs-sign-in'
  /** An administrator deactivated the account: nothing syncs, and the queued work stays on the device. */
  | 'account-deactivated'
  /** HTTP 426: the server no longer accepts this version of the app. */
  | 'app-too-old'
  /** HTTP 409 server-too-old: this app is newer than the server. */
  | 'server-too-old'
  | 'signed-out';

export type SyncState = {
  phase: SyncPhase;
  lastSyncedAt: string | null;
  /** A plain-language account of the latest problem, for the status line. */
  message: string | null;
  /** When the next automatic attempt is due (epoch ms), if one is scheduled. */
  nextAttemptAt: number | null;
};

export type SyncReason = 'change' | 'start' | 'online' | 'focus' | 'periodic' | 'retry' | 'manual' | 'signed-in';

export type SyncEngine = {
  start: () => void;
  stop: () => void;
  /** Asks for a sync soon; changes are debounced so a burst of ratings goes as one push. */
  requestSync: (reason: SyncReason) => void;
  /** Syncs now; resolves when this and any sync already running have finished. */
  syncNow: (reason: SyncReason) => Promise<void>;
  getState: () => SyncState;
  subscribe: (listener: () => void) => () => void;
};

export type SyncEngineOptions = {
  api: ApiClient;
  debounceMs?: number;
  periodMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  now?: () => number;
  isOnline?: () => boolean;
  /** Scope for online/offline/focus/visibility events; none in tests that drive the engine by hand. */
  eventTarget?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
};

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so devices spread out. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const SIGN_IN_AGAIN = 'Your session has ended. Sign in again to sync: your work is saved on this device.';

function describeFailure(error: unknown): { phase: SyncPhase; message: string } {
  if (!(error instanceof ApiFailure)) {
    return { phase: 'error', message: error instanceof Error ? error.message : 'Sync failed for an unknown reason.' };
  }
  switch (error.kind) {
    case 'network':
      return { phase: 'offline', message: 'The server cannot be reached. Your work is saved on this device.' };
    case 'unauthenticated':
    case 'session-expired':
    case 'csrf-failed':
      return { phase: 'needs-sign-in', message: SIGN_IN_AGAIN };
    case 'account-deactivated':
      return {
        phase: 'account-deactivated',
        message:
          'Your account has been deactivated, so this device cannot sync. Your unsent work is kept on this device: export it from the Sync page and ask an administrator.',
      };
    case 'client-too-old':
      return {
        phase: 'app-too-old',
        message:
          'This version of the app is too old for the server. Update the app when asked; your work stays on this device until then.',
      };
    case 'server-too-old':
      return {
        phase: 'server-too-old',
        message:
          'The server has not been updated for this version of the app yet. Your work stays on this device and will sync once it has.',
      };
    case 'rate-limited':
      return { phase: 'error', message: 'The server is busy. Sync will try again shortly.' };
    default:
      return { phase: 'error', message: `Sync failed: ${error.message}` };
  }
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const debounceMs = options.debounceMs ?? 1500;
  const periodMs = options.periodMs ?? 5 * 60_000;
  const baseBackoffMs = options.baseBackoffMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const isOnline = options.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  const target =
    options.eventTarget === undefined ? (typeof window === 'undefined' ? null : window) : options.eventTarget;

  let state: SyncState = { phase: 'idle', lastSyncedAt: null, message: null, nextAttemptAt: null };
  const listeners = new Set<() => void>();
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let againReason: SyncReason | null = null;
  let isStarted = false;
  const cleanups: (() => void)[] = [];

  function setState(patch: Partial<SyncState>): void {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  }

  function schedule(delayMs: number): void {
    if (!isStarted) return;
    if (timer !== undefined) clearTimeout(timer);
    setState({ nextAttemptAt: now() + delayMs });
    timer = setTimeout(() => {
      timer = undefined;
      void syncNow(failures > 0 ? 'retry' : 'periodic');
    }, delayMs);
  }

  async function withDeviceLock(task: () => Promise<void>): Promise<void> {
    // Two tabs share one outbox: only one may push at a time, or both would send the same batch.
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (locks) await locks.request('ehcp-audit-sync', task);
    else await task();
  }

  async function runOnce(reason: SyncReason): Promise<void> {
    const session = await getSession();
    if (!session) {
      setState({ phase: 'signed-out', message: null, nextAttemptAt: null });
      return;
    }
    // A pile of 401s helps nobody: while signed out of the server, only a real trigger tries again.
    if (
      (state.phase === 'needs-sign-in' || state.phase === 'account-deactivated') &&
      (reason === 'change' || reason === 'periodic' || reason === 'retry')
    )
      return;
    // A locked device can read none of its queue: the unlock asks for a sync.
    if (readSealState().mode === 'locked') return;
    if (!isOnline()) {
      setState({
        phase: 'offline',
        message: 'You are offline. Your work is saved on this device.',
        nextAttemptAt: null,
      });
      return;
    }
    setState({ phase: 'syncing' });
    try {
      await withDeviceLock(async () => {
        await releaseSending();
        for (;;) {
          const batch = await takeBatch(MAX_MUTATIONS_PER_PUSH);
          if (!batch) break;
          try {
            const response = await options.api.push(
              { protocolVersion: SYNC_PROTOCOL_VERSION, clientId: batch.clientId, mutations: batch.mutations },
              session.csrfToken,
            );
            await applyPushResults(response.results);
          } catch (error) {
            await releaseSending();
            throw error;
          }
        }
        // The next page is on its way while this one is stored (pull-pages.ts).
        for await (const pulled of pullPages(options.api, await getPullCursor())) {
          await applyPull(pulled.changes, pulled.cursor);
        }
      });
      failures = 0;
      const { lastSyncedAt } = await getSyncMeta();
      setState({ phase: 'idle', lastSyncedAt, message: null });
      schedule(periodMs);
    } catch (error) {
      const failure = describeFailure(error);
      failures += 1;
      setState({ phase: failure.phase, message: failure.message });
      if (failure.phase === 'needs-sign-in' || failure.phase === 'account-deactivated')
        setState({ nextAttemptAt: null });
      else if (failure.phase === 'offline' && !isOnline()) setState({ nextAttemptAt: null });
      else schedule(backoffDelay(failures, baseBackoffMs, maxBackoffMs, random));
    }
  }

  function syncNow(reason: SyncReason): Promise<void> {
    if (running) {
      // The later trigger wins: a sign-in arriving mid-sync must not be skipped as a mere "change".
      againReason = reason;
      return running;
    }
    running = (async () => {
      try {
        let next: SyncReason | null = reason;
        while (next) {
          againReason = null;
          await runOnce(next);
          next = againReason;
        }
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function requestSync(reason: SyncReason): void {
    if (debounceTimer !== undefined) clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      debounceTimer = undefined;
      void syncNow(reason);
    }, debounceMs);
  }

  function listen(type: string, handler: () => void): void {
    if (!target) return;
    target.addEventListener(type, handler);
    cleanups.push(() => target.removeEventListener(type, handler));
  }

  return {
    start() {
      if (isStarted) return;
      isStarted = true;
      void getSyncMeta().then(({ lastSyncedAt }) => setState({ lastSyncedAt }));
      cleanups.push(onOutboxChanged(() => requestSync('change')));
      listen('online', () => {
        failures = 0;
        void syncNow('online');
      });
      listen('offline', () =>
        setState({ phase: 'offline', message: 'You are offline. Your work is saved on this device.' }),
      );
      listen('focus', () => void syncNow('focus'));
      listen('visibilitychange', () => {
        if (typeof document !== 'undefined' && document.visibilityState === 'visible') void syncNow('focus');
      });
      void syncNow('start');
    },
    stop() {
      isStarted = false;
      if (timer !== undefined) clearTimeout(timer);
      if (debounceTimer !== undefined) clearTimeout(debounceTimer);
      timer = undefined;
      debounceTimer = undefined;
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
    requestSync,
    syncNow,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
