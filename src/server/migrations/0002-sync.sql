-- The sync protocol's tables: per-mutation idempotency and a per-user feed of what each person may
-- see, ordered so a pull cursor never skips a change committed late by a concurrent transaction.

-- The unique key, not a check in code, is what makes a retried or concurrent push apply once.
CREATE TABLE applied_mutations (
  client_id text NOT NULL,
  mutation_id text NOT NULL,
  user_id text NOT NULL REFERENCES users (id),
  name text NOT NULL,
  client_seq bigint NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, mutation_id)
);

-- Who may see what: the single definition of record visibility, one view per kind of record and
-- their union. Pushes re-stamp a record's feed rows for everyone these views name; pulls re-check
-- every record against them before sending it. A view may name a (person, record) pair twice.
CREATE VIEW visible_users AS
SELECT viewer.id AS user_id, target.id AS record_id
  FROM users viewer
  JOIN users target ON target.id = viewer.id OR viewer.roles && ARRAY['admin', 'qa-lead']
  WHERE NOT viewer.disabled;

CREATE VIEW visible_frameworks AS
SELECT viewer.id AS user_id, f.id || '@' || f.version AS record_id
  FROM users viewer
  JOIN frameworks f ON f.status = 'published' AND (
    viewer.roles && ARRAY['admin', 'qa-lead']
    OR ('auditor' = ANY (viewer.roles) AND EXISTS (
      SELECT 1 FROM assignments s JOIN cycles c ON c.id = s.cycle_id
      WHERE s.auditor_id = viewer.id AND c.framework_id = f.id AND c.framework_version = f.version)))
  WHERE NOT viewer.disabled;

CREATE VIEW visible_plans AS
SELECT viewer.id AS user_id, p.ref AS record_id
  FROM users viewer
  JOIN plans p ON 'qa-lead' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, s.plan_ref
  FROM assignments s
  JOIN users viewer ON viewer.id = s.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE NOT viewer.disabled;

CREATE VIEW visible_cycles AS
SELECT viewer.id AS user_id, c.id AS record_id
  FROM users viewer
  JOIN cycles c ON 'qa-lead' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, s.cycle_id
  FROM assignments s
  JOIN users viewer ON viewer.id = s.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE NOT viewer.disabled;

CREATE VIEW visible_assignments AS
SELECT viewer.id AS user_id, s.id AS record_id
  FROM users viewer
  JOIN assignments s ON 'qa-lead' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, s.id
  FROM assignments s
  JOIN users viewer ON viewer.id = s.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE NOT viewer.disabled;

-- Blind scoring: another auditor's audit only once both it and the viewer's own audit of the same
-- plan in the same cycle are submitted. QA leads see submitted audits; drafts stay with their author.
CREATE VIEW visible_audits AS
SELECT a.auditor_id AS user_id, a.id AS record_id
  FROM audits a
  JOIN users viewer ON viewer.id = a.auditor_id
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, a.id
  FROM audits a
  JOIN users viewer ON 'qa-lead' = ANY (viewer.roles)
  WHERE a.status = 'submitted' AND NOT viewer.disabled
UNION ALL
SELECT mine.auditor_id, a.id
  FROM audits a
  JOIN audits mine ON mine.cycle_id = a.cycle_id AND mine.plan_ref = a.plan_ref
    AND mine.status = 'submitted' AND mine.auditor_id <> a.auditor_id
  JOIN users viewer ON viewer.id = mine.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE a.status = 'submitted' AND NOT viewer.disabled;

CREATE VIEW visibility AS
SELECT user_id, 'user'::text AS kind, record_id FROM visible_users
UNION ALL SELECT user_id, 'framework', record_id FROM visible_frameworks
UNION ALL SELECT user_id, 'plan', record_id FROM visible_plans
UNION ALL SELECT user_id, 'cycle', record_id FROM visible_cycles
UNION ALL SELECT user_id, 'assignment', record_id FROM visible_assignments
UNION ALL SELECT user_id, 'audit', record_id FROM visible_audits;

-- One row per (person, record) they may see or have lost sight of. A change re-stamps the row with
-- the writing transaction's id and a sequence number; a pull reads rows in (txid, seq) order and
-- only from transactions older than every transaction still running, so none can commit behind
-- the cursor it hands out. Visibility granted later re-stamps old records, so they arrive too.
CREATE SEQUENCE sync_feed_seq;
CREATE TABLE sync_feed (
  user_id text NOT NULL,
  kind text NOT NULL,
  record_id text NOT NULL,
  visible boolean NOT NULL,
  txid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  seq bigint NOT NULL DEFAULT nextval('sync_feed_seq'),
  PRIMARY KEY (user_id, kind, record_id)
);
CREATE INDEX sync_feed_pull ON sync_feed (user_id, txid, seq);
CREATE INDEX sync_feed_record ON sync_feed (kind, record_id);

-- Records created before the feed existed reach devices on their next pull.
INSERT INTO sync_feed (user_id, kind, record_id, visible)
SELECT DISTINCT user_id, kind, record_id, true FROM visibility;
