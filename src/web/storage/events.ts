// Tells the sync client, in this page, that the outbox has new work. Called after a commit, never inside one.
type Listener = () => void;
const listeners = new Set<Listener>();

export function onOutboxChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyOutboxChanged(): void {
  for (const listener of listeners) listener();
}
