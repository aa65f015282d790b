-- Re-audits: a plan judged below Good in an earlier cycle, scheduled into a later cycle's sample.
-- The link keeps where the plan came from and the signed-off grade it had, so progress can say
-- "re-audit" and the movement report can set the two results side by side.
CREATE TABLE re_audits (
  cycle_id text NOT NULL REFERENCES cycles (id),
  plan_ref text NOT NULL REFERENCES plans (ref),
  source_cycle_id text NOT NULL REFERENCES cycles (id),
  source_moderation_id uuid NOT NULL REFERENCES moderations (id),
  source_grade integer NOT NULL,
  created_by text REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cycle_id, plan_ref),
  CHECK (cycle_id <> source_cycle_id)
);
CREATE INDEX re_audits_source ON re_audits (source_cycle_id, plan_ref);
