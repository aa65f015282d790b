-- Moderation (one agreed result per plan per cycle, by a panel) and the council's settings.
-- A moderation is stored like an audit: the validated document beside the columns queries need.
-- A signed-off revision never changes; an amendment is the next revision, a new row.

CREATE TABLE moderations (
  id uuid PRIMARY KEY,
  cycle_id text NOT NULL REFERENCES cycles (id),
  plan_ref text NOT NULL REFERENCES plans (ref),
  revision integer NOT NULL CHECK (revision >= 1),
  status text NOT NULL CHECK (status IN ('open', 'agreed', 'signed-off')),
  doc jsonb NOT NULL,
  opened_by text REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  signed_off_at timestamptz,
  UNIQUE (cycle_id, plan_ref, revision)
);
-- Two devices opening (or amending) the same plan's moderation at once make one: the index decides.
CREATE UNIQUE INDEX moderations_one_unsigned_per_plan ON moderations (cycle_id, plan_ref)
  WHERE status <> 'signed-off';

CREATE TRIGGER signed_off_moderations_immutable BEFORE UPDATE OR DELETE ON moderations
  FOR EACH ROW WHEN (OLD.status = 'signed-off')
  EXECUTE FUNCTION refuse_change('a signed-off moderation never changes');

-- The panel as columns, rewritten with every write of the moderation, so visibility needs no JSON.
-- A participant with role 'parent-rep' and a user id is that parent-carer representative's invitation.
CREATE TABLE moderation_participants (
  moderation_id uuid NOT NULL REFERENCES moderations (id),
  participant_id text NOT NULL,
  user_id text REFERENCES users (id),
  role text NOT NULL,
  PRIMARY KEY (moderation_id, participant_id)
);
CREATE INDEX moderation_participants_user ON moderation_participants (user_id);

-- The submitted audits a moderation was built from (its auditRefs), fixed when it opens.
CREATE TABLE moderation_audits (
  moderation_id uuid NOT NULL REFERENCES moderations (id),
  audit_id text NOT NULL REFERENCES audits (id),
  PRIMARY KEY (moderation_id, audit_id)
);
CREATE INDEX moderation_audits_audit ON moderation_audits (audit_id);

-- One row, key 'council' (CouncilSettingsSchema); absent means the defaults.
CREATE TABLE settings (
  key text PRIMARY KEY,
  doc jsonb NOT NULL,
  updated_by text REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Invitations of enabled parent-carer representatives: the moderations they may see.
CREATE VIEW parent_rep_invitations AS
SELECT p.user_id, m.id AS moderation_id, m.cycle_id, m.plan_ref
  FROM moderation_participants p
  JOIN moderations m ON m.id = p.moderation_id
  JOIN users viewer ON viewer.id = p.user_id AND 'parent-rep' = ANY (viewer.roles)
  WHERE p.role = 'parent-rep' AND NOT viewer.disabled;

-- QA leads see every moderation. An auditor sees the latest signed-off revision of a plan they
-- submitted an audit of in that cycle (so an amendment reaches them only once signed off). An
-- invited parent-carer representative sees what they are invited to, whatever its status.
CREATE VIEW visible_moderations AS
SELECT viewer.id AS user_id, m.id::text AS record_id
  FROM moderations m
  JOIN users viewer ON 'qa-lead' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, m.id::text
  FROM moderations m
  JOIN audits a ON a.cycle_id = m.cycle_id AND a.plan_ref = m.plan_ref AND a.status = 'submitted'
  JOIN users viewer ON viewer.id = a.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE m.status = 'signed-off' AND NOT viewer.disabled
    AND NOT EXISTS (SELECT 1 FROM moderations later
      WHERE later.cycle_id = m.cycle_id AND later.plan_ref = m.plan_ref
        AND later.status = 'signed-off' AND later.revision > m.revision)
UNION ALL
SELECT user_id, moderation_id::text FROM parent_rep_invitations;

-- The council's settings reach everyone signed in.
CREATE VIEW visible_settings AS
SELECT viewer.id AS user_id, 'council'::text AS record_id
  FROM users viewer
  WHERE NOT viewer.disabled;

-- As in 0003, plus: an invited parent-carer representative sees the audits the moderation names.
CREATE OR REPLACE VIEW visible_audits AS
SELECT a.auditor_id AS user_id, a.id AS record_id
  FROM audits a
  JOIN users viewer ON viewer.id = a.auditor_id
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, a.id
  FROM audits a
  JOIN users viewer ON 'qa-lead' = ANY (viewer.roles)
  WHERE a.status = 'submitted' AND NOT viewer.disabled
    AND NOT EXISTS (SELECT 1 FROM audits later
      WHERE later.assignment_id = a.assignment_id AND later.status = 'submitted' AND later.revision > a.revision)
UNION ALL
SELECT mine.auditor_id, a.id
  FROM audits a
  JOIN audits mine ON mine.cycle_id = a.cycle_id AND mine.plan_ref = a.plan_ref
    AND mine.status = 'submitted' AND mine.auditor_id <> a.auditor_id
  JOIN users viewer ON viewer.id = mine.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE a.status = 'submitted' AND NOT viewer.disabled
    AND NOT EXISTS (SELECT 1 FROM audits later
      WHERE later.assignment_id = a.assignment_id AND later.status = 'submitted' AND later.revision > a.revision)
UNION ALL
SELECT i.user_id, ma.audit_id
  FROM parent_rep_invitations i
  JOIN moderation_audits ma ON ma.moderation_id = i.moderation_id;

-- As in 0002, plus for an invited parent-carer representative the plan, cycle and framework
-- version of the moderation; and, only while the council shows auditors' names to them, the
-- accounts of the auditors whose audits it names and of the panel members.
CREATE OR REPLACE VIEW visible_users AS
SELECT viewer.id AS user_id, target.id AS record_id
  FROM users viewer
  JOIN users target ON target.id = viewer.id OR viewer.roles && ARRAY['admin', 'qa-lead']
  WHERE NOT viewer.disabled
UNION ALL
SELECT i.user_id, a.auditor_id
  FROM parent_rep_invitations i
  JOIN moderation_audits ma ON ma.moderation_id = i.moderation_id
  JOIN audits a ON a.id = ma.audit_id
  WHERE EXISTS (SELECT 1 FROM settings s
    WHERE s.key = 'council' AND s.doc @> '{"showAuditorNamesToParentReps": true}'::jsonb)
UNION ALL
SELECT i.user_id, p.user_id
  FROM parent_rep_invitations i
  JOIN moderation_participants p ON p.moderation_id = i.moderation_id AND p.user_id IS NOT NULL
  WHERE EXISTS (SELECT 1 FROM settings s
    WHERE s.key = 'council' AND s.doc @> '{"showAuditorNamesToParentReps": true}'::jsonb);

CREATE OR REPLACE VIEW visible_plans AS
SELECT viewer.id AS user_id, p.ref AS record_id
  FROM users viewer
  JOIN plans p ON 'qa-lead' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, s.plan_ref
  FROM assignments s
  JOIN users viewer ON viewer.id = s.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT user_id, plan_ref FROM parent_rep_invitations;

CREATE OR REPLACE VIEW visible_cycles AS
SELECT viewer.id AS user_id, c.id AS record_id
  FROM users viewer
  JOIN cycles c ON 'qa-lead' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT viewer.id, s.cycle_id
  FROM assignments s
  JOIN users viewer ON viewer.id = s.auditor_id AND 'auditor' = ANY (viewer.roles)
  WHERE NOT viewer.disabled
UNION ALL
SELECT user_id, cycle_id FROM parent_rep_invitations;

CREATE OR REPLACE VIEW visible_frameworks AS
SELECT viewer.id AS user_id, f.id || '@' || f.version AS record_id
  FROM users viewer
  JOIN frameworks f ON f.status = 'published' AND (
    viewer.roles && ARRAY['admin', 'qa-lead']
    OR ('auditor' = ANY (viewer.roles) AND EXISTS (
      SELECT 1 FROM assignments s JOIN cycles c ON c.id = s.cycle_id
      WHERE s.auditor_id = viewer.id AND c.framework_id = f.id AND c.framework_version = f.version)))
  WHERE NOT viewer.disabled
UNION ALL
SELECT i.user_id, c.framework_id || '@' || c.framework_version
  FROM parent_rep_invitations i
  JOIN cycles c ON c.id = i.cycle_id;

CREATE OR REPLACE VIEW visibility AS
SELECT user_id, 'user'::text AS kind, record_id FROM visible_users
UNION ALL SELECT user_id, 'framework', record_id FROM visible_frameworks
UNION ALL SELECT user_id, 'plan', record_id FROM visible_plans
UNION ALL SELECT user_id, 'cycle', record_id FROM visible_cycles
UNION ALL SELECT user_id, 'assignment', record_id FROM visible_assignments
UNION ALL SELECT user_id, 'audit', record_id FROM visible_audits
UNION ALL SELECT user_id, 'moderation', record_id FROM visible_moderations
UNION ALL SELECT user_id, 'settings', record_id FROM visible_settings;

-- Everyone already signed up gets the settings on their next pull.
INSERT INTO sync_feed (user_id, kind, record_id, visible)
SELECT DISTINCT user_id, 'settings', record_id, true FROM visible_settings
ON CONFLICT (user_id, kind, record_id) DO NOTHING;
