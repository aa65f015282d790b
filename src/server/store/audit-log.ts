// The append-only audit log: who changed what, when, with the record before and after. The
// database refuses updates and deletes (see migration 0001), so this module only appends and reads.
import type { AuditLogEntry } from '#shared/protocol/api.ts';
import type { SqlRunner } from './sql-client.ts';

export type LogEntry = {
  actorId: string | null;
  action: string;
  entityKind: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export async function appendLog(db: SqlRunner, entry: LogEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, action, entity_kind, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [entry.actorId, entry.action, entry.entityKind, entry.entityId, json(entry.before), json(entry.after)],
  );
}

/** Many entries in one statement, e.g. every plan a CSV import created. */
export async function appendLogs(db: SqlRunner, entries: LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO audit_log (actor_id, action, entity_kind, entity_id, before, after)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[])`,
    [
      entries.map((e) => e.actorId),
      entries.map((e) => e.action),
      entries.map((e) => e.entityKind),
      entries.map((e) => e.entityId),
      entries.map((e) => json(e.before) ?? 'null'),
      entries.map((e) => json(e.after) ?? 'null'),
    ],
  );
}

type LogRow = {
  id: number;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_kind: string;
  entity_id: string;
  before: unknown;
  after: unknown;
};

export async function listLog(db: SqlRunner, after: number, limit: number): Promise<AuditLogEntry[]> {
  const rows = await db.query<LogRow>(
    `SELECT id::int AS id, at, actor_id, action, entity_kind, entity_id, before, after
     FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
    [after, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    action: row.action,
    entityKind: row.entity_kind,
    entityId: row.entity_id,
    before: row.before ?? null,
    after: row.after ?? null,
  }));
}
