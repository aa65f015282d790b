-- State that several server processes on one database must share: request and sign-in limits
-- (a limit kept in one process's memory is a limit per process behind a load balancer), and
-- when each scheduled job last ran (so a job runs once across processes, not once per process).

-- One row per limited thing in its current window. The key is a hash, so the table never holds
-- an address or an email address in the clear.
CREATE TABLE limit_counters (
  scope text NOT NULL,
  key_hash text NOT NULL,
  count integer NOT NULL CHECK (count >= 0),
  reset_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key_hash)
);
CREATE INDEX limit_counters_reset ON limit_counters (reset_at);

-- A job's last successful run; the advisory lock taken around a run keeps two processes from
-- running it at once, and this row keeps the second from running it again straight after.
CREATE TABLE scheduled_jobs (
  name text PRIMARY KEY,
  last_run_at timestamptz,
  last_result text,
  runs integer NOT NULL DEFAULT 0,
  last_failed_at timestamptz,
  last_error text
);
