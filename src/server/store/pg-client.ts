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

/**
 * Statements that only mark a transaction's boundaries and return nothing: inside a transaction
 * they wait and go with the next statement, so `BEGIN` and a push's `SAVEPOINT` reach PostgreSQL
 * as one message, and `RELEASE SAVEPOINT` with `COMMIT` as another. Each round trip is a write to
 * the socket, a wait for the answer and a wake-up of this process: on a busy machine that, not the
 * work in PostgreSQL, is most of what a short transaction costs.
 */
const BOUNDARY = /^(BEGIN|SAVEPOINT \w+|RELEASE SAVEPOINT \w+|ROLLBACK TO SAVEPOINT \w+)$/;

/**
 * A transaction's runner on one connection: boundary statements wait in `pending` until the next
 * statement goes, in order, so every statement still runs after those before it and an error in a
 * boundary statement surfaces at the next call (the transaction fails there, as it would have).
 * A statement with parameters cannot share a message with others (the extended protocol carries
 * one), so pending boundaries are written just before it, pipelined (the pool's connections are in
 * pipeline mode): both reach PostgreSQL together and this process waits for one answer, not two.
 */
type TransactionRunner = SqlRunner & { finish: (statement: 'COMMIT' | 'ROLLBACK') => Promise<void> };

function transactionRunner(client: pg.PoolClient): TransactionRunner {
  const pending: string[] = ['BEGIN'];
  let isBegun = false;
  /** Sends what is pending, then `text` if given, as one message. */
  const send = async (text?: string): Promise<void> => {
    const statements = text === undefined ? [...pending] : [...pending, text];
    pending.length = 0;
    if (statements.length === 0) return;
    if (statements[0] === 'BEGIN') isBegun = true;
    await client.query(statements.join(';\n'));
  };
  const inner = runner(client);
  return {
    engine: 'postgres',
    async query<Row>(text: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const boundaries = send();
      const rows = inner.query<Row>(text, params);
      try {
        await boundaries;
      } catch (error) {
        // The statement behind failed too (its transaction was aborted): the boundary's error is the cause.
        rows.catch(() => undefined);
        throw error;
      }
      return rows;
    },
    async exec(text: string): Promise<void> {
      if (BOUNDARY.test(text.trim())) pending.push(text.trim());
      else await send(text);
    },
    async finish(statement) {
      // Never begun (nothing ran): nothing to commit or roll back.
      if (!isBegun) return;
      if (statement === 'ROLLBACK') pending.length = 0;
      await send(statement);
    },
  };
}

export type PgClientOptions = { maxConnections?: number };

export async function openPgClient(connectionString: string, options: PgClientOptions = {}): Promise<SqlClient> {
  // Pipeline mode: a transaction's pending boundary statements and the statement after them are
  // written together (transactionRunner). Every other caller awaits each statement in turn, so for
  // them nothing changes; no caller reads through a cursor, which pipeline mode refuses.
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10, types, pipeline: true });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Fail at start, with the driver's message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    ...runner(pool),
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx = transactionRunner(client);
      try {
        const result = await fn(tx);
        await tx.finish('COMMIT');
        return result;
      } catch (error) {
        await tx.finish('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
