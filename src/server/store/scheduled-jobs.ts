// When each scheduled job last ran (migration 0007), and the advisory lock that lets one server
// process at a time run it. The lock is transaction-scoped: it is let go however the transaction
// ends, a killed process included, so a crash never leaves a job locked.
import { createHash } from 'node:crypto';
import type { SqlRunner } from './sql-client.ts';

/** The first key of every job lock; the second is the job's own (migrations use a one-key lock). */
const JOB_LOCK_SPACE = 727_002;

/** A stable 32-bit key per job name, the same in every process. */
export function jobLockKey(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}

/** Takes the job's lock for the rest of this transaction, or answers false at once if another holds it. */
export async function tryLockJob(tx: SqlRunner, name: string): Promise<boolean> {
  const [row] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS locked', [
    JOB_LOCK_SPACE,
    jobLockKey(name),
  ]);
  return row?.locked === true;
}

export async function lastJobRun(tx: SqlRunner, name: string): Promise<Date | undefined> {
  const [row] = await tx.query<{ last_run_at: Date | null }>('SELECT last_run_at FROM scheduled_jobs WHERE name = $1', [
    name,
  ]);
  return row?.last_run_at ? new Date(row.last_run_at) : undefined;
}

export async function recordJobRun(tx: SqlRunner, name: string, at: Date, result: string): Promise<void> {
  await tx.query(
    `INSERT INTO scheduled_jobs (name, last_run_at, last_result, runs) VALUES ($1, $2, $3, 1)
     ON CONFLICT (name) DO UPDATE SET last_run_at = $2, last_result = $3, runs = scheduled_jobs.runs + 1`,
    [name, at, result],
  );
}

export async function recordJobFailure(db: SqlRunner, name: string, at: Date, error: string): Promise<void> {
  await db.query(
    `INSERT INTO scheduled_jobs (name, last_failed_at, last_error) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET last_failed_at = $2, last_error = $3`,
    [name, at, error.slice(0, 2000)],
  );
}

export type JobRecord = { name: string; lastRunAt: Date | null; lastResult: string | null; runs: number };

export async function listJobRuns(db: SqlRunner): Promise<JobRecord[]> {
  const rows = await db.query<{ name: string; last_run_at: Date | null; last_result: string | null; runs: number }>(
    'SELECT name, last_run_at, last_result, runs FROM scheduled_jobs ORDER BY name',
  );
  return rows.map((row) => ({
    name: row.name,
    lastRunAt: row.last_run_at ? new Date(row.last_run_at) : null,
    lastResult: row.last_result,
    runs: Number(row.runs),
  }));
}
