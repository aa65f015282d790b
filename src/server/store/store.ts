// Opens the database the configuration names (PostgreSQL when a URL is given, otherwise PGlite in a
// folder, or in memory for tests), brings its schema up to date, and bundles what services need.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameworkCache } from './frameworks.ts';
import { migrate } from './migrate.ts';
import { openPgClient } from './pg-client.ts';
import { openPgliteClient } from './pglite-client.ts';
import type { DatabaseEngine, SqlClient } from './sql-client.ts';

export type Store = {
  db: SqlClient;
  engine: DatabaseEngine;
  /** The one framework cache: published versions parsed once (they never change). */
  frameworks: FrameworkCache;
  close: () => Promise<void>;
};

export type StoreOptions = {
  databaseUrl?: string | undefined;
  /** PGlite folder; leave out (with no databaseUrl) for an in-memory database. */
  dataDir?: string | undefined;
  maxConnections?: number;
};

export class DataDirInUseError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite's folder must be opened by one process at a time (two would corrupt it), so a lock file
 * holds the owner's process id. A lock left by a process that is gone (killed) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'ehcp-server.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new DataDirInUseError(
          `${dataDir} is in use by process ${owner}: stop that server first (only one process may open DATA_DIR)`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`cannot lock ${dataDir}`);
}

export async function openSqlClient(options: StoreOptions): Promise<SqlClient> {
  if (options.databaseUrl) {
    return openPgClient(options.databaseUrl, options.maxConnections ? { maxConnections: options.maxConnections } : {});
  }
  if (!options.dataDir) return openPgliteClient();
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  try {
    const client = await openPgliteClient(options.dataDir);
    return {
      ...client,
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

export function storeFor(db: SqlClient): Store {
  return { db, engine: db.engine, frameworks: new FrameworkCache(), close: () => db.close() };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const db = await openSqlClient(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return storeFor(db);
}
