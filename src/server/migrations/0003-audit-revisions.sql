-- Corrections of submitted audits (audit.revise): a submitted audit never changes, so a correction
-- is a new row, the next revision for the same assignment. An assignment now has one audit row per
-- revision instead of one in all, and still at most one draft, so two devices cannot open two.

ALTER TABLE audits DROP CONSTRAINT audits_assignment_id_key;
-- Revisions are numbered once each: two devices revising the same revision at once make one.
ALTER TABLE audits ADD CONSTRAINT audits_assignment_revision UNIQUE (assignment_id, revision);
-- The first draft (audit.start) and every correction's draft alike: one open at a time.
CREATE UNIQUE INDEX audits_one_draft_per_assignment ON audits (assignment_id) WHERE status = 'draft';

-- As in 0002, but only the latest submitted revision of an assignment reaches QA leads and
-- colleagues: a superseded revision is history, kept for its author and the audit log, and would
-- otherwise be counted twice. Blind scoring ends for a viewer once any revision of their own audit
-- of the plan is submitted, so opening a correction does not hide colleagues' audits again.
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
      WHERE later.assignment_id = a.assignment_id AND later.status = 'submitted' AND later.revision > a.revision);
