// A store for @fastify/rate-limit that counts in the database (limit_counters) instead of in this
// process's memory, so a route's limit per address holds across every server process behind a
// load balancer. Each limited route counts apart, as with the plugin's own in-memory store.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { countHit, readCount } from '../store/limit-counters.ts';
import type { SqlRunner } from '../store/sql-client.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The route a child store limits: the plugin passes its merged options with the route as `routeInfo`. */
function routeScope(options: unknown): string {
  const route =
    typeof options === 'object' && options !== null && 'routeInfo' in options ? options.routeInfo : undefined;
  const part = (name: 'method' | 'url'): string =>
    typeof route === 'object' && route !== null && name in route
      ? String((route as Record<string, unknown>)[name])
      : '';
  return `rate:${part('method')} ${part('url')}`.trim();
}

export function databaseRateLimitStore(db: SqlRunner, now: () => Date): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly scope: string;
    constructor(options: unknown) {
      this.scope = routeScope(options);
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const at = now();
      countHit(db, this.scope, key, timeWindow, at).then(
        (hit) => callback(null, { current: hit.count, ttl: Math.max(0, hit.resetAt.getTime() - at.getTime()) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    /** The plugin's `{ increment: false }` peek. */
    read(key: string, callback: Callback): void {
      const at = now();
      readCount(db, this.scope, key, at).then(
        (hit) => callback(null, { current: hit.count, ttl: Math.max(0, hit.resetAt.getTime() - at.getTime()) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      return new DatabaseRateLimitStore(routeOptions);
    }
  }
  return DatabaseRateLimitStore;
}
