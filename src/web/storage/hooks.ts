// React's window onto the device database: a query re-runs whenever a table it read changes,
// in this tab or another. The only React code in storage, so features never touch Dexie.
import { useLiveQuery } from 'dexie-react-hooks';

/** undefined while the first answer is loading. */
export function useStoredQuery<T>(query: () => Promise<T>, deps: unknown[]): T | undefined {
  return useLiveQuery(query, deps);
}
