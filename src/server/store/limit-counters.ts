// Counters for request and sign-in limits, in the database (migration 0007) so that every server
// process on it counts against the same limit. A counter lives for one window from its first hit;
// a hit after the window starts a new one. Keys are hashed before they are stored.
import { createHash } from 'node:crypto';
import type { SqlRunner } from './sql-client.ts';

export type LimitCount = { count: number; resetAt: Date };

const hashKey = (key: string): string => createHash('sha256').update(key).digest('base64url');

type CountRow = { count: number; reset_at: Date | string };
const toCount = (row: CountRow): LimitCount => ({ count: Number(row.count), resetAt: new Date(row.reset_at) });

/**
 * Counts one hit and returns the count in the current window, atomically: two processes hitting
 * the same key at the same moment get 1 and 2, never 1 and 1.
 */
export async function countHit(
  db: SqlRunner,
  scope: string,
  key: string,
  windowMs: number,
  now: Date,
): Promise<LimitCount> {
  const rows = await db.query<CountRow>(
    `INSERT INTO limit_counters AS c (scope, key_hash, count, reset_at)
     VALUES ($1, $2, 1, $3::timestamptz + make_interval(secs => $4::double precision / 1000))
     ON CONFLICT (scope, key_hash) DO UPDATE SET
       count = CASE WHEN c.reset_at <= $3::timestamptz THEN 1 ELSE c.count + 1 END,
       reset_at = CASE WHEN c.reset_at <= $3::timestamptz THEN EXCLUDED.reset_at ELSE c.reset_at END
     RETURNING count, reset_at`,
    [scope, hashKey(key), now, windowMs],
  );
  const [row] = rows;
  if (!row) throw new Error('counting a limit hit returned no row');
  return toCount(row);
}

/** The count in the current window without counting a hit (0 when there is none). */
export async function readCount(db: SqlRunner, scope: string, key: string, now: Date): Promise<LimitCount> {
  const [row] = await db.query<CountRow>(
    'SELECT count, reset_at FROM limit_counters WHERE scope = $1 AND key_hash = $2 AND reset_at > $3',
    [scope, hashKey(key), now],
  );
  return row ? toCount(row) : { count: 0, resetAt: now };
}

export async function clearCount(db: SqlRunner, scope: string, key: string): Promise<void> {
  await db.query('DELETE FROM limit_counters WHERE scope = $1 AND key_hash = $2', [scope, hashKey(key)]);
}

/** Forgets every counter whose window has ended; returns how many. */
export async function purgeEndedCounters(db: SqlRunner, now: Date): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'WITH gone AS (DELETE FROM limit_counters WHERE reset_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
    [now],
  );
  return rows[0]?.n ?? 0;
}
