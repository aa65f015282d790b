// Reading the audit log: pages newest first for the viewer, and the CSV export of a filtered set,
// written row by row as the pages arrive so an export of a million entries never sits in memory.
import { Readable } from 'node:stream';
import { csvCell } from '#shared/domain/csv.ts';
import { shownBefore } from '#shared/domain/log-entry-before.ts';
import type { AuditLogEntry, AuditLogPage } from '#shared/protocol/api.ts';
import type { AuditLogFilter } from '#shared/protocol/people-api.ts';
import { eachLogEntry, listLog, pageLogNewestFirst } from '../store/audit-log.ts';
import type { SqlRunner } from '../store/sql-client.ts';

export async function readLogPage(
  db: SqlRunner,
  query: {
    filter: AuditLogFilter;
    after?: number | undefined;
    before?: number | undefined;
    newestFirst: boolean;
    limit: number;
  },
): Promise<AuditLogPage> {
  if (!query.newestFirst) {
    // The original oldest-first reading, kept for callers that follow the log as it grows.
    const entries = await listLog(db, query.after ?? 0, query.limit + 1);
    const page = entries.slice(0, query.limit);
    return { entries: page, nextAfter: entries.length > query.limit ? (page.at(-1)?.id ?? null) : null };
  }
  const entries = await pageLogNewestFirst(db, query.filter, query.before, query.limit + 1);
  const page = entries.slice(0, query.limit);
  return {
    entries: page,
    nextAfter: null,
    nextBefore: entries.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export const AUDIT_LOG_CSV_COLUMNS = [
  'id',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'record_kind',
  'record_id',
  'before',
  'after',
] as const;

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value));

function csvLine(entry: AuditLogEntry): string {
  return [
    entry.id,
    entry.at,
    entry.actorId,
    entry.actorName,
    entry.action,
    entry.entityKind,
    entry.entityId,
    json(shownBefore(entry)),
    json(entry.after),
  ]
    .map(csvCell)
    .join(',');
}

/** The CSV as a stream: byte-order mark and CRLF (Excel opens it as it is), formula-looking cells escaped. */
export function logCsvStream(db: SqlRunner, filter: AuditLogFilter): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${AUDIT_LOG_CSV_COLUMNS.join(',')}\r\n`;
    for await (const page of eachLogEntry(db, filter)) {
      yield `${page.map(csvLine).join('\r\n')}\r\n`;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
