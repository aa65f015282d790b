-- Pulls send each audit as JSON text. Printing jsonb as text is most of what a pull of a large
-- view costs the database (about 2 KB per audit, 10,000 audits in a QA lead's first pull), so the
-- text is kept beside the document, computed by PostgreSQL whenever the document is written, and a
-- pull reads it as it is. Every write already goes through `doc`; nothing writes this column.
ALTER TABLE audits ADD COLUMN doc_json text GENERATED ALWAYS AS (doc::text) STORED;
