-- Retention: the one deliberate way through the rules that keep submitted audits, signed-off
-- moderations and the audit log from changing. Only a DELETE, and only in a transaction that has
-- said it is the retention job (SET LOCAL app.retention = 'on', which ends with the transaction),
-- passes; an UPDATE is still refused, and a TRUNCATE of the log still is, whoever asks.

CREATE FUNCTION refuse_change_except_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('app.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'P0001';
END;
$$;

DROP TRIGGER audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change_except_retention('the audit log is append-only');

DROP TRIGGER submitted_audits_immutable ON audits;
CREATE TRIGGER submitted_audits_immutable BEFORE UPDATE OR DELETE ON audits
  FOR EACH ROW WHEN (OLD.status = 'submitted')
  EXECUTE FUNCTION refuse_change_except_retention('a submitted audit never changes');

DROP TRIGGER signed_off_moderations_immutable ON moderations;
CREATE TRIGGER signed_off_moderations_immutable BEFORE UPDATE OR DELETE ON moderations
  FOR EACH ROW WHEN (OLD.status = 'signed-off')
  EXECUTE FUNCTION refuse_change_except_retention('a signed-off moderation never changes');

-- Retention finds closed cycles' records by cycle; audits and moderations are already indexed by
-- (cycle, plan). The audit log is found by age (audit_log_at, migration 0006).
