// Runs scheduled jobs (housekeeping now, a retention job later) once per interval across every
// server process on the database: each process checks on a timer, and a job runs only in the
// process that takes its advisory lock and finds its last run at least an interval ago. A job
// runs inside that transaction, so it is all or nothing and the lock lasts exactly as long.
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { lastJobRun, recordJobFailure, recordJobRun, tryLockJob } from '../store/scheduled-jobs.ts';

export type ScheduledJob = {
  /** Unique and stable: it names the lock and the job's row. */
  name: string;
  everyMs: number;
  /** Does the work in the given transaction; returns a short summary for scheduled_jobs.last_result. */
  run: (tx: SqlRunner, now: Date) => Promise<string>;
};

export type JobOutcome =
  | { name: string; status: 'ran'; result: string }
  | { name: string; status: 'not-due' | 'locked-elsewhere' }
  | { name: string; status: 'failed'; error: string };

export type JobRunner = {
  /** Runs every due job now (also what the timer calls). */
  runDue: () => Promise<JobOutcome[]>;
  /** Stops the timer and waits for a run in progress. */
  stop: () => Promise<void>;
};

export type JobRunnerOptions = {
  now?: () => Date;
  /** How often this process checks for due jobs; leave out for no timer (tests call runDue). */
  checkEveryMs?: number;
  onOutcome?: (outcome: JobOutcome) => void;
};

async function runOne(db: SqlClient, job: ScheduledJob, now: Date): Promise<JobOutcome> {
  try {
    return await db.transaction(async (tx): Promise<JobOutcome> => {
      if (!(await tryLockJob(tx, job.name))) return { name: job.name, status: 'locked-elsewhere' };
      const last = await lastJobRun(tx, job.name);
      if (last && now.getTime() - last.getTime() < job.everyMs) return { name: job.name, status: 'not-due' };
      const result = await job.run(tx, now);
      await recordJobRun(tx, job.name, now, result);
      return { name: job.name, status: 'ran', result };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The run rolled back, so its last run is unchanged and the next check tries again.
    await recordJobFailure(db, job.name, now, message).catch(() => undefined);
    return { name: job.name, status: 'failed', error: message };
  }
}

export function startJobRunner(
  db: SqlClient,
  jobs: readonly ScheduledJob[],
  options: JobRunnerOptions = {},
): JobRunner {
  const now = options.now ?? (() => new Date());
  let running: Promise<JobOutcome[]> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;

  const runDue = (): Promise<JobOutcome[]> => {
    // One pass at a time in this process; a check that comes during a pass shares it.
    running ??= (async () => {
      const outcomes: JobOutcome[] = [];
      for (const job of jobs) {
        const outcome = await runOne(db, job, now());
        options.onOutcome?.(outcome);
        outcomes.push(outcome);
      }
      return outcomes;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = (): void => {
    if (isStopped || options.checkEveryMs === undefined) return;
    // Jitter, so processes started together do not all reach for the lock in the same instant.
    const delay = options.checkEveryMs * (0.75 + Math.random() * 0.5);
    timer = setTimeout(() => {
      runDue()
        .catch(() => undefined)
        .finally(schedule);
    }, delay);
    timer.unref();
  };
  schedule();

  return {
    runDue,
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
