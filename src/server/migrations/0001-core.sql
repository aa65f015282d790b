-- Core records: people and sessions, frameworks, plans, cycles and assignments, audits, and the
-- append-only audit log. Documents are stored as validated JSON beside the columns queries need.

CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'qa-lead', 'auditor', 'parent-rep']),
  agency text CHECK (agency IN ('education', 'health', 'social-care', 'sendat')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT ('auditor' = ANY (roles)) OR agency IS NOT NULL)
);

-- Only a hash of the session token is stored, so a database leak does not hand out sessions.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE frameworks (
  id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  status text NOT NULL CHECK (status IN ('draft', 'published')),
  kind text NOT NULL,
  title text NOT NULL,
  doc jsonb NOT NULL,
  imported_by text REFERENCES users (id),
  imported_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  PRIMARY KEY (id, version)
);

CREATE TABLE plans (
  ref text PRIMARY KEY,
  attributes jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cycles (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  framework_id text NOT NULL,
  framework_version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  -- The frame's plans with their attributes when the sample was drawn, so it can be re-drawn exactly.
  frame_snapshot jsonb NOT NULL,
  created_by text REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (framework_id, framework_version) REFERENCES frameworks (id, version)
);

CREATE TABLE assignments (
  id text PRIMARY KEY,
  cycle_id text NOT NULL REFERENCES cycles (id),
  plan_ref text NOT NULL REFERENCES plans (ref),
  auditor_id text NOT NULL REFERENCES users (id),
  agency text NOT NULL,
  due_date text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cycle_id, plan_ref, auditor_id)
);
CREATE INDEX assignments_auditor ON assignments (auditor_id);
CREATE INDEX assignments_plan ON assignments (plan_ref);

-- One audit per assignment: the unique constraint, not code, stops two devices starting two.
CREATE TABLE audits (
  id text PRIMARY KEY,
  assignment_id text NOT NULL UNIQUE REFERENCES assignments (id),
  cycle_id text NOT NULL REFERENCES cycles (id),
  plan_ref text NOT NULL REFERENCES plans (ref),
  auditor_id text NOT NULL REFERENCES users (id),
  status text NOT NULL CHECK (status IN ('draft', 'submitted')),
  revision integer NOT NULL CHECK (revision >= 1),
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audits_cycle_plan ON audits (cycle_id, plan_ref, status);
CREATE INDEX audits_auditor ON audits (auditor_id);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id text,
  action text NOT NULL,
  entity_kind text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb
);

-- Rules the database keeps even if application code is wrong.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'P0001';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit log is append-only');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('the audit log is append-only');

CREATE TRIGGER published_frameworks_immutable BEFORE UPDATE OR DELETE ON frameworks
  FOR EACH ROW WHEN (OLD.status = 'published')
  EXECUTE FUNCTION refuse_change('a published framework version never changes');

CREATE TRIGGER submitted_audits_immutable BEFORE UPDATE OR DELETE ON audits
  FOR EACH ROW WHEN (OLD.status = 'submitted')
  EXECUTE FUNCTION refuse_change('a submitted audit never changes');
