-- Parent-carer feedback calls: a SEND officer records the call after a new plan is finalised. The
-- whole call is one document; the columns are what visibility and the satisfaction figures read.
CREATE TABLE feedback_calls (
  id text PRIMARY KEY,
  plan_ref text NOT NULL REFERENCES plans (ref),
  recorded_by text NOT NULL REFERENCES users (id),
  form_id text NOT NULL,
  form_version integer NOT NULL CHECK (form_version >= 1),
  called_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted')),
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_calls_recorded_by ON feedback_calls (recorded_by);
CREATE INDEX feedback_calls_called_on ON feedback_calls (called_on);

-- A submitted call is what the family said: it never changes.
CREATE FUNCTION refuse_submitted_feedback_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a submitted feedback call never changes' USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER submitted_feedback_calls_immutable BEFORE UPDATE OR DELETE ON feedback_calls
  FOR EACH ROW WHEN (OLD.status = 'submitted') EXECUTE FUNCTION refuse_submitted_feedback_change();

-- The officer who recorded a call sees it (drafts too); QA leads and admins see submitted calls.
-- Parent-carer representatives never do, whatever other role they hold: the call is one family's words.
CREATE VIEW visible_feedback_calls AS
SELECT f.recorded_by AS user_id, f.id AS record_id
  FROM feedback_calls f
  JOIN users viewer ON viewer.id = f.recorded_by
  WHERE NOT viewer.disabled AND NOT ('parent-rep' = ANY (viewer.roles))
UNION
SELECT viewer.id, f.id
  FROM feedback_calls f
  JOIN users viewer ON ('qa-lead' = ANY (viewer.roles) OR 'admin' = ANY (viewer.roles))
  WHERE f.status = 'submitted' AND NOT viewer.disabled AND NOT ('parent-rep' = ANY (viewer.roles));

CREATE OR REPLACE VIEW visibility AS
SELECT user_id, 'user'::text AS kind, record_id FROM visible_users
UNION ALL SELECT user_id, 'framework', record_id FROM visible_frameworks
UNION ALL SELECT user_id, 'plan', record_id FROM visible_plans
UNION ALL SELECT user_id, 'cycle', record_id FROM visible_cycles
UNION ALL SELECT user_id, 'assignment', record_id FROM visible_assignments
UNION ALL SELECT user_id, 'audit', record_id FROM visible_audits
UNION ALL SELECT user_id, 'moderation', record_id FROM visible_moderations
UNION ALL SELECT user_id, 'settings', record_id FROM visible_settings
UNION ALL SELECT user_id, 'feedback-call', record_id FROM visible_feedback_calls;
