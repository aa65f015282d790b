-- An audit's text for pulls (doc_json, migration 0011) is now the text the server wrote the
-- document from, as JSON.stringify printed it, instead of PostgreSQL's print of the jsonb: that
-- print puts a space after every colon and comma, about a tenth of what a pull of 10,000 audits
-- sends, and computing it cost every write of an audit a second pass over the document.
-- Columns kept as they were: existing rows keep the text 0011 computed for them.
ALTER TABLE audits ALTER COLUMN doc_json DROP EXPRESSION;

-- The store's writers (store/audits.ts) set doc_json with doc, from the same text. Any other
-- write of doc (a hand-run fix, a test) gets PostgreSQL's print, so the text never goes stale.
CREATE FUNCTION audits_doc_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.doc_json IS NULL
    OR (TG_OP = 'UPDATE' AND NEW.doc_json IS NOT DISTINCT FROM OLD.doc_json AND NEW.doc IS DISTINCT FROM OLD.doc) THEN
    NEW.doc_json := NEW.doc::text;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER audits_doc_text BEFORE INSERT OR UPDATE ON audits
  FOR EACH ROW EXECUTE FUNCTION audits_doc_text();
