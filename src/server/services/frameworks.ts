// Framework versions: import (validated by the shared checker, problems reported by path), publish,
// and read. A published version never changes (the database refuses it too); audits pin id + version.
import { checkFrameworkData, type FrameworkProblem } from '#shared/domain/framework-check.ts';
import type { FrameworkSummary } from '#shared/protocol/api.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { appendLog } from '../store/audit-log.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';
import { frameworkKey, restampRecord } from '../sync/feed.ts';

export class FrameworkError extends Error {
  constructor(
    readonly code: 'validation-failed' | 'conflict' | 'not-found',
    message: string,
    readonly problems: FrameworkProblem[] = [],
  ) {
    super(message);
  }
}

type FrameworkRow = {
  id: string;
  version: number;
  status: 'draft' | 'published';
  title: string;
  kind: string;
  doc: Framework;
  imported_at: Date;
  published_at: Date | null;
};

/** Published versions are immutable, so each is parsed once and kept. */
export class PublishedFrameworks {
  private readonly cache = new Map<string, Framework>();

  async get(db: SqlRunner, id: string, version: number): Promise<Framework | undefined> {
    const key = frameworkKey(id, version);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const rows = await db.query<{ doc: Framework }>(
      "SELECT doc FROM frameworks WHERE id = $1 AND version = $2 AND status = 'published'",
      [id, version],
    );
    const doc = rows[0]?.doc;
    if (!doc) return undefined;
    this.cache.set(key, doc);
    return doc;
  }
}

const summary = (row: FrameworkRow): FrameworkSummary => ({
  id: row.id,
  version: row.version,
  status: row.status,
  title: row.title,
  kind: row.kind,
  importedAt: row.imported_at.toISOString(),
  publishedAt: row.published_at?.toISOString() ?? null,
});

export async function listFrameworks(db: SqlRunner, includeDrafts: boolean): Promise<FrameworkSummary[]> {
  const rows = await db.query<FrameworkRow>(
    `SELECT id, version, status, title, kind, doc, imported_at, published_at FROM frameworks
     ${includeDrafts ? '' : "WHERE status = 'published'"} ORDER BY id, version`,
  );
  return rows.map(summary);
}

export async function getFramework(
  db: SqlRunner,
  id: string,
  version: number,
  includeDrafts: boolean,
): Promise<Framework | undefined> {
  const rows = await db.query<{ doc: Framework; status: string }>(
    'SELECT doc, status FROM frameworks WHERE id = $1 AND version = $2',
    [id, version],
  );
  const row = rows[0];
  if (!row || (row.status !== 'published' && !includeDrafts)) return undefined;
  return row.doc;
}

/**
 * Stores a framework file as a draft version (the file's own status is ignored: publishing is a
 * separate, deliberate step). Without a version it becomes the next one. A draft of the same
 * version is replaced; a published one is refused.
 */
export async function importFramework(db: SqlClient, actorId: string | null, data: unknown): Promise<Framework> {
  const checked = checkFrameworkData('request', data);
  if (!checked.ok) {
    throw new FrameworkError('validation-failed', 'the framework has problems', checked.problems);
  }
  return db.transaction(async (tx) => {
    const imported = checked.framework;
    let version = imported.version;
    if (version === undefined) {
      const rows = await tx.query<{ next: number }>(
        'SELECT coalesce(max(version), 0) + 1 AS next FROM frameworks WHERE id = $1',
        [imported.id],
      );
      version = rows[0]?.next ?? 1;
    }
    const framework: Framework = { ...imported, version, status: 'draft' };
    const existing = await tx.query<{ status: string; doc: Framework }>(
      'SELECT status, doc FROM frameworks WHERE id = $1 AND version = $2 FOR UPDATE',
      [framework.id, version],
    );
    const before = existing[0];
    if (before?.status === 'published') {
      throw new FrameworkError(
        'conflict',
        `${framework.id} version ${version} is published and never changes: import it as a new version`,
      );
    }
    await tx.query(
      `INSERT INTO frameworks (id, version, status, kind, title, doc, imported_by)
       VALUES ($1, $2, 'draft', $3, $4, $5::jsonb, $6)
       ON CONFLICT (id, version) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, doc = EXCLUDED.doc,
         imported_by = EXCLUDED.imported_by, imported_at = now()`,
      [framework.id, version, framework.kind, framework.title, JSON.stringify(framework), actorId],
    );
    await appendLog(tx, {
      actorId,
      action: before ? 'framework.replace-draft' : 'framework.import',
      entityKind: 'framework',
      entityId: frameworkKey(framework.id, version),
      before: before?.doc,
      after: framework,
    });
    return framework;
  });
}

export async function publishFramework(
  db: SqlClient,
  actorId: string | null,
  id: string,
  version: number,
): Promise<Framework> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ status: string; doc: Framework }>(
      'SELECT status, doc FROM frameworks WHERE id = $1 AND version = $2 FOR UPDATE',
      [id, version],
    );
    const row = rows[0];
    if (!row) throw new FrameworkError('not-found', `no framework ${id} version ${version}`);
    if (row.status === 'published')
      throw new FrameworkError('conflict', `${id} version ${version} is already published`);
    const published: Framework = { ...row.doc, status: 'published' };
    await tx.query(
      "UPDATE frameworks SET status = 'published', doc = $3::jsonb, published_at = now() WHERE id = $1 AND version = $2",
      [id, version, JSON.stringify(published)],
    );
    await appendLog(tx, {
      actorId,
      action: 'framework.publish',
      entityKind: 'framework',
      entityId: frameworkKey(id, version),
      before: { status: 'draft' },
      after: { status: 'published' },
    });
    await restampRecord(tx, 'framework', frameworkKey(id, version));
    return published;
  });
}
