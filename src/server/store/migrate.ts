// Numbered, forward-only migrations: src/server/migrations/NNNN-name.sql, applied in order at start,
// each in its own transaction under an advisory lock so two servers starting at once apply it once.
// A file changed after it was applied stops the start: write a new migration instead.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SqlClient } from './sql-client.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
const MIGRATION_LOCK = 727_001;

export type Migration = { version: number; name: string; sql: string; checksum: string };

export class MigrationError extends Error {}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(file);
      if (!match) throw new MigrationError(`migration file name "${file}" is not NNNN-name.sql`);
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] ?? file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new MigrationError(`migrations must be numbered 0001, 0002, ... without gaps; found ${migration.version}`);
    }
  });
  return migrations;
}

export type MigrateResult = { applied: number[]; current: number };

/** Applies every pending migration (or those up to `toVersion`) and returns what it applied. */
export async function migrate(
  db: SqlClient,
  options: { migrations?: Migration[]; toVersion?: number } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? loadMigrations();
  const target = options.toVersion ?? migrations.length;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version > target) break;
    const didApply = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [existing] = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${String(migration.version).padStart(4, '0')}-${migration.name} was changed after it was applied; ` +
              'migrations are forward-only: add a new one instead',
          );
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  const rows = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  const newer = (rows[0]?.version ?? 0) > migrations.length;
  if (newer) {
    throw new MigrationError(
      `the database is at migration ${rows[0]?.version ?? 0}, newer than this server knows (${migrations.length}): ` +
        'run a newer server',
    );
  }
  return { applied, current: rows[0]?.version ?? 0 };
}
