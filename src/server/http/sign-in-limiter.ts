// Failed sign-ins per address and email: after `limit` failures in `windowMs`, that pair is refused
// until the window ends, so guessing a password is slow while someone signing in again after a
// crash or on a second device is never locked out. Counted in the database (limit_counters), so
// the limit holds across every server process on it and survives a restart.
import { clearCount, countHit } from '../store/limit-counters.ts';
import type { SqlRunner } from '../store/sql-client.ts';

const SCOPE = 'sign-in-failures';

export type SignInAttempt = {
  /** Refused without checking the password: the pair has used up its failures for this window. */
  isBlocked: boolean;
  /** When a refused pair may try again. */
  retryAt: Date;
};

export type SignInLimiter = {
  /**
   * Counts the attempt as a failure before the password is checked, so attempts racing on several
   * processes cannot all slip in under the limit; a success then clears the count.
   */
  begin: (key: string, now: Date) => Promise<SignInAttempt>;
  recordSuccess: (key: string) => Promise<void>;
};

export function createSignInLimiter(db: SqlRunner, limit: number, windowMs: number): SignInLimiter {
  return {
    async begin(key, now) {
      const counted = await countHit(db, SCOPE, key, windowMs, now);
      return { isBlocked: counted.count > limit, retryAt: counted.resetAt };
    },
    recordSuccess: (key) => clearCount(db, SCOPE, key),
  };
}
