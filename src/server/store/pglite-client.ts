// SqlClient over PGlite: PostgreSQL compiled to WebAssembly, embedded in the server process. One
// connection, so PGlite itself queues concurrent queries behind an open transaction.
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlParam, SqlRunner } from './sql-client.ts';

type PGliteLike = Pick<PGlite, 'query' | 'exec'>;

function runner(db: PGliteLike): SqlRunner {
  return {
    engine: 'pglite',
    async query<Row>(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const result = await db.query<Row>(text, [...params]);
      return result.rows;
    },
    async exec(text: string): Promise<void> {
      await db.exec(text);
    },
  };
}

/** dataDir undefined keeps the database in memory (tests); a folder keeps it on disk. */
export async function openPgliteClient(dataDir?: string): Promise<SqlClient> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  return {
    ...runner(db),
    transaction: <T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> => db.transaction((tx) => fn(runner(tx))),
    close: () => db.close(),
  };
}
