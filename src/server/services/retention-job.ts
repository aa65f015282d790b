// The daily retention run as a scheduled job: { name, everyMs, run(tx, now) }, the shape a
// database-backed job runner takes. Until that runner is in this branch, startRetentionSchedule is
// the minimal stand-in: a timer per process, with a transaction-scoped advisory lock so two
// processes checking at once do not both run it. Swap it for the runner by registering retentionJob.
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { applyRetention, summariseRetention } from './retention.ts';

export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;
const RETENTION_LOCK = 727_014;

export const retentionJob = {
  name: 'retention',
  everyMs: RETENTION_EVERY_MS,
  run: async (tx: SqlRunner, now: Date): Promise<string> =>
    summariseRetention(await applyRetention(tx, now, { trigger: 'schedule' })),
};

export type RetentionSchedule = { runNow: () => Promise<string | undefined>; stop: () => Promise<void> };

export function startRetentionSchedule(
  db: SqlClient,
  options: {
    now?: () => Date;
    everyMs?: number;
    /** The first run, after start: not at once, so a restart loop does not hammer the database. */
    firstAfterMs?: number;
    onResult?: (result: string) => void;
    onError?: (error: unknown) => void;
  } = {},
): RetentionSchedule {
  const now = options.now ?? (() => new Date());
  let running: Promise<string | undefined> | undefined;
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;

  const runNow = (): Promise<string | undefined> => {
    running ??= db
      .transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [RETENTION_LOCK]);
        return lock?.ok ? retentionJob.run(tx, now()) : undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = (delay: number): void => {
    if (isStopped) return;
    timer = setTimeout(() => {
      void runNow()
        .then(
          (result) => {
            if (result !== undefined) options.onResult?.(result);
          },
          (error: unknown) => options.onError?.(error),
        )
        .finally(() => schedule(options.everyMs ?? RETENTION_EVERY_MS));
    }, delay);
    timer.unref();
  };
  schedule(options.firstAfterMs ?? 5 * 60 * 1000);
  return {
    runNow,
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
