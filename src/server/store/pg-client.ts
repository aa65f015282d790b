// SqlClient over a PostgreSQL server (DATABASE_URL) through a node-pg pool. Type parsers are set so
// rows look the same as PGlite's: bigint and numeric as numbers, dates as text.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlClient, SqlParam, SqlRunner } from './sql-client.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

/**
 * Parameterised statements are prepared once per connection under a name derived from their text,
 * so PostgreSQL parses and plans the server's few dozen statements once, not on every push.
 */
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

function runner(db: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    engine: 'postgres',
    async query<Row>(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const result =
        params.length === 0
          ? await db.query(text)
          : await db.query({ name: statementName(text), text, values: [...params] });
      return result.rows as Row[];
    },
    async exec(text: string): Promise<void> {
      await db.query(text);
    },
  };
}

export type PgClientOptions = { maxConnections?: number };

export async function openPgClient(connectionString: string, options: PgClientOptions = {}): Promise<SqlClient> {
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10, types });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Fail at start, with the driver's message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    ...runner(pool),
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
