// The server's own scheduled job: forgets what has expired (sessions, limit counters, the record of
// sessions ended by deactivation, unfinished single sign-on attempts), so those tables stay small.
// Nothing here is a record anyone audits: the audit log and password links are kept.
import { purgeEndedCounters } from '../store/limit-counters.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import type { ScheduledJob } from './job-runner.ts';

const HOUR = 60 * 60 * 1000;

async function deleteExpired(tx: SqlRunner, table: string, before: Date): Promise<number> {
  const rows = await tx.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${table} WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [before],
  );
  return rows[0]?.n ?? 0;
}

export const housekeepingJob: ScheduledJob = {
  name: 'housekeeping',
  everyMs: HOUR,
  async run(tx, now) {
    // Sign-ins clear expired sessions too; this covers the weeks nobody signs in (school holidays).
    const sessions = await deleteExpired(tx, 'sessions', now);
    const ended = await deleteExpired(tx, 'ended_sessions', now);
    const flows = await deleteExpired(tx, 'oidc_flows', now);
    const counters = await purgeEndedCounters(tx, now);
    return `expired: ${sessions} sessions, ${ended} ended-session notices, ${flows} sign-on attempts, ${counters} limit counters`;
  },
};

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [housekeepingJob];
