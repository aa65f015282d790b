-- Closing and reopening a cycle (QA leads close, admins reopen). A cycle that retention has
-- deleted records from must not reopen, since it would show as complete work that is no longer
-- there; the audit log says so only until its own period removes the entry, so the cycle keeps it.
ALTER TABLE cycles ADD COLUMN retention_applied_at timestamptz;

-- Runs before this migration wrote their removals only to the log: read them back from there.
UPDATE cycles c SET retention_applied_at = removed.at
FROM (
  SELECT item->>'cycleId' AS cycle_id, min(l.at) AS at
  FROM audit_log l,
    jsonb_array_elements(coalesce(l.after->'audits', '[]'::jsonb) || coalesce(l.after->'moderations', '[]'::jsonb)) AS item
  WHERE l.action = 'retention.apply'
  GROUP BY item->>'cycleId'
) removed
WHERE removed.cycle_id = c.id;
