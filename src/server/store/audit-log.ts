// The append-only audit log: who changed what, when, with the record before and after. The
// database refuses updates and deletes (see migration 0001), so this module only appends and reads.
import type { AuditLogEntry } from '#shared/protocol/api.ts';
import type { AuditLogFilter } from '#shared/protocol/people-api.ts';
import type { SqlParam, SqlRunner } from './sql-client.ts';

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
  actor_name?: string | null;
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
  return rows.map(fromLogRow);
}

function fromLogRow(row: LogRow): AuditLogEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    ...(row.actor_name ? { actorName: row.actor_name } : {}),
    action: row.action,
    entityKind: row.entity_kind,
    entityId: row.entity_id,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

/** The WHERE clause of a filter; each condition has an index (migration "people") to page by id within it. */
function filterClause(filter: AuditLogFilter, params: SqlParam[]): string[] {
  const conditions: string[] = [];
  const param = (value: SqlParam): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.actor !== undefined) conditions.push(`l.actor_id = ${param(filter.actor)}`);
  if (filter.entityId !== undefined) conditions.push(`l.entity_id = ${param(filter.entityId)}`);
  if (filter.entityKind !== undefined) conditions.push(`l.entity_kind = ${param(filter.entityKind)}`);
  if (filter.action !== undefined) conditions.push(`l.action = ${param(filter.action)}`);
  // Whole days in UTC, both ends included.
  if (filter.from !== undefined) conditions.push(`l.at >= ${param(filter.from)}::date`);
  if (filter.to !== undefined) conditions.push(`l.at < ${param(filter.to)}::date + 1`);
  return conditions;
}

/**
 * One page of the log, newest first, keyset-paged by id: `before` is the last id of the previous
 * page (none for the first). The cost is the page, however deep, never an OFFSET over skipped rows.
 */
export async function pageLogNewestFirst(
  db: SqlRunner,
  filter: AuditLogFilter,
  before: number | undefined,
  limit: number,
): Promise<AuditLogEntry[]> {
  const params: SqlParam[] = [];
  const conditions = filterClause(filter, params);
  if (before !== undefined) {
    params.push(before);
    conditions.push(`l.id < $${params.length}`);
  }
  params.push(limit);
  const rows = await db.query<LogRow>(
    `SELECT l.id::int AS id, l.at, l.actor_id, u.name AS actor_name, l.action, l.entity_kind, l.entity_id, l.before, l.after
     FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
     ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY l.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(fromLogRow);
}

/** Every entry a filter matches, newest first, a page at a time: for a streamed export of any size. */
export async function* eachLogEntry(
  db: SqlRunner,
  filter: AuditLogFilter,
  pageSize = 2000,
): AsyncGenerator<AuditLogEntry[]> {
  let before: number | undefined;
  for (;;) {
    const page = await pageLogNewestFirst(db, filter, before, pageSize);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    before = page.at(-1)?.id;
  }
}
