// Failed sign-ins per address and email: after `limit` failures in `windowMs`, that pair is refused
// until the window ends, so guessing a password is slow while someone signing in again after a
// crash or on a second device is never locked out. Kept in memory: a restart forgets it.
const MAX_TRACKED = 10_000;

export type SignInLimiter = {
  isBlocked: (key: string, now: number) => boolean;
  recordFailure: (key: string, now: number) => void;
  recordSuccess: (key: string) => void;
};

export function createSignInLimiter(limit: number, windowMs: number): SignInLimiter {
  const failures = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string, now: number) => {
    const entry = failures.get(key);
    if (entry && entry.resetAt <= now) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    isBlocked: (key, now) => (current(key, now)?.count ?? 0) >= limit,
    recordFailure(key, now) {
      const entry = current(key, now);
      if (entry) entry.count += 1;
      else {
        // Bounded: the oldest pair is forgotten first (a Map keeps insertion order).
        if (failures.size >= MAX_TRACKED) failures.delete(failures.keys().next().value ?? '');
        failures.set(key, { count: 1, resetAt: now + windowMs });
      }
    },
    recordSuccess: (key) => {
      failures.delete(key);
    },
  };
}
