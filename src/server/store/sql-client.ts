// The one narrow seam between the server and its database: a query runner with transactions,
// implemented twice (embedded PGlite and PostgreSQL over node-pg) so every store module and test
// runs unchanged on either engine.
export type DatabaseEngine = 'pglite' | 'postgres';

/** Parameters are passed as-is; send JSON as a string and cast it in SQL (`$1::jsonb`). */
export type SqlParam = string | number | boolean | null | Date | readonly (string | null)[] | readonly number[];

export type SqlRunner = {
  readonly engine: DatabaseEngine;
  query<Row>(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Several statements without parameters, e.g. a migration file. */
  exec(text: string): Promise<void>;
};

export type SqlClient = SqlRunner & {
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** The PostgreSQL error code of a failed statement, on either engine. */
export function sqlErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return typeof error.code === 'string' ? error.code : undefined;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const SERIALIZATION_FAILURE = '40001';
export const DEADLOCK_DETECTED = '40P01';
