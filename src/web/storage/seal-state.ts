// Whether this thread holds the device's data key. "plain": no PIN set yet, nothing is sealed;
// "locked": a PIN is set but the key is not in memory (start-up, idle lock); "sealed": unlocked,
// the key held as a non-extractable CryptoKey in memory only, never stored.

export type SealState = { mode: 'plain' } | { mode: 'locked' } | { mode: 'sealed'; key: CryptoKey };

let state: SealState = { mode: 'plain' };
const listeners = new Set<() => void>();

export const readSealState = (): SealState => state;

export function adoptSealState(next: SealState): void {
  if (next.mode === state.mode && (next.mode !== 'sealed' || (state.mode === 'sealed' && state.key === next.key))) {
    return;
  }
  state = next;
  for (const listener of listeners) listener();
}

/** Calls back whenever the state changes (lock, unlock, wipe); returns the unsubscribe. */
export function onSealStateChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Thrown when sealed data is read or written while the device is locked. */
export class DeviceLockedError extends Error {
  constructor() {
    super('This device is locked: enter your PIN to continue.');
    this.name = 'DeviceLockedError';
  }
}
