// Framework versions: import (validated by the shared checker, problems reported by path), publish,
// and read. A published version never changes (the database refuses it too); audits pin id + version.
import { checkFrameworkData, type FrameworkProblem } from '#shared/domain/framework-check.ts';
import type { FrameworkSummary } from '#shared/protocol/api.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { appendLog } from '../store/audit-log.ts';
import { frameworkKey, restampRecord } from '../store/feed.ts';
import {
  findFramework,
  listFrameworkRows,
  markFrameworkPublished,
  nextFrameworkVersion,
  saveDraftFramework,
  type FrameworkRow,
} from '../store/frameworks.ts';
import type { SqlClient, SqlRunner } from '../store/sql-client.ts';

export class FrameworkError extends Error {
  constructor(
    readonly code: 'validation-failed' | 'conflict' | 'not-found',
    message: string,
    readonly problems: FrameworkProblem[] = [],
  ) {
    super(message);
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
  return (await listFrameworkRows(db, includeDrafts)).map(summary);
}

export async function getFramework(
  db: SqlRunner,
  id: string,
  version: number,
  includeDrafts: boolean,
): Promise<Framework | undefined> {
  const row = await findFramework(db, id, version);
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
    if (version === undefined) version = await nextFrameworkVersion(tx, imported.id);
    const framework: Framework = { ...imported, version, status: 'draft' };
    const before = await findFramework(tx, framework.id, version, true);
    if (before?.status === 'published') {
      throw new FrameworkError(
        'conflict',
        `${framework.id} version ${version} is published and never changes: import it as a new version`,
      );
    }
    await saveDraftFramework(tx, framework, version, actorId);
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
    const row = await findFramework(tx, id, version, true);
    if (!row) throw new FrameworkError('not-found', `no framework ${id} version ${version}`);
    if (row.status === 'published')
      throw new FrameworkError('conflict', `${id} version ${version} is already published`);
    const published: Framework = { ...row.doc, status: 'published' };
    await markFrameworkPublished(tx, id, version, published);
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
