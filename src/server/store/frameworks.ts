// Framework versions in the database, and the one framework cache every reader goes through. A
// published version never changes (the database refuses it too), so it is parsed once and kept;
// a draft can be replaced at any time, so it is read afresh on every call.
import type { Framework } from '#shared/schemas/framework.ts';
import { frameworkKey } from './feed.ts';
import type { SqlRunner } from './sql-client.ts';

export type FrameworkStatus = 'draft' | 'published';

export type FrameworkRow = {
  id: string;
  version: number;
  status: FrameworkStatus;
  title: string;
  kind: string;
  doc: Framework;
  imported_at: Date;
  published_at: Date | null;
};

export class FrameworkCache {
  private readonly published = new Map<string, Framework>();

  /** A published version; with `includeDrafts`, a draft of that version too (never cached). */
  async get(
    db: SqlRunner,
    id: string,
    version: number,
    options: { includeDrafts?: boolean } = {},
  ): Promise<Framework | undefined> {
    const key = frameworkKey(id, version);
    const cached = this.published.get(key);
    if (cached) return cached;
    const row = await findFramework(db, id, version);
    if (!row) return undefined;
    if (row.status === 'published') {
      this.published.set(key, row.doc);
      return row.doc;
    }
    return options.includeDrafts ? row.doc : undefined;
  }
}

export async function listFrameworkRows(db: SqlRunner, includeDrafts: boolean): Promise<FrameworkRow[]> {
  return db.query<FrameworkRow>(
    `SELECT id, version, status, title, kind, doc, imported_at, published_at FROM frameworks
     ${includeDrafts ? '' : "WHERE status = 'published'"} ORDER BY id, version`,
  );
}

/** One version's document and status; locked for the rest of the transaction when `forUpdate`. */
export async function findFramework(
  db: SqlRunner,
  id: string,
  version: number,
  forUpdate = false,
): Promise<{ status: FrameworkStatus; doc: Framework } | undefined> {
  const rows = await db.query<{ status: FrameworkStatus; doc: Framework }>(
    `SELECT status, doc FROM frameworks WHERE id = $1 AND version = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [id, version],
  );
  return rows[0];
}

export async function nextFrameworkVersion(db: SqlRunner, id: string): Promise<number> {
  const rows = await db.query<{ next: number }>(
    'SELECT coalesce(max(version), 0) + 1 AS next FROM frameworks WHERE id = $1',
    [id],
  );
  return rows[0]?.next ?? 1;
}

/** Inserts a draft version, or replaces the draft of that version. */
export async function saveDraftFramework(
  db: SqlRunner,
  framework: Framework,
  version: number,
  actorId: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO frameworks (id, version, status, kind, title, doc, imported_by)
     VALUES ($1, $2, 'draft', $3, $4, $5::jsonb, $6)
     ON CONFLICT (id, version) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, doc = EXCLUDED.doc,
       imported_by = EXCLUDED.imported_by, imported_at = now()`,
    [framework.id, version, framework.kind, framework.title, JSON.stringify(framework), actorId],
  );
}

export async function markFrameworkPublished(
  db: SqlRunner,
  id: string,
  version: number,
  published: Framework,
): Promise<void> {
  await db.query(
    "UPDATE frameworks SET status = 'published', doc = $3::jsonb, published_at = now() WHERE id = $1 AND version = $2",
    [id, version, JSON.stringify(published)],
  );
}
