// The PostgreSQL client's transactions send their boundary statements (BEGIN, SAVEPOINT, RELEASE,
// ROLLBACK TO) with the next statement instead of on their own: a one-mutation push's transaction
// waits for three answers instead of six. These tests hold it to what the statements mean: work rolled back
// to a savepoint is gone, work released is committed, a failure rolls the whole transaction back,
// and the order of statements is the order they were written in.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPgClient } from '#server/store/pg-client.ts';
import type { SqlClient } from '#server/store/sql-client.ts';
import { useThrowawayPostgres, type ThrowawayPostgres } from '../setup/postgres.ts';

describe('transactions on PostgreSQL', () => {
  let postgres: ThrowawayPostgres;
  let db: SqlClient;

  beforeAll(async () => {
    postgres = await useThrowawayPostgres();
    db = await openPgClient(await postgres.createDatabase(), { maxConnections: 2 });
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)');
  }, 60_000);

  afterAll(async () => {
    await db.close();
    postgres.release();
  });

  const notes = async (): Promise<{ id: number; text: string }[]> =>
    db.query<{ id: number; text: string }>('SELECT id, text FROM notes ORDER BY id');

  it('keeps what is released and drops what is rolled back to a savepoint, as a push batch does', async () => {
    await db.exec('TRUNCATE notes');
    await db.transaction(async (tx) => {
      await tx.exec('SAVEPOINT mutation');
      await tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'applied']);
      await tx.exec('RELEASE SAVEPOINT mutation');
      await tx.exec('SAVEPOINT mutation');
      await tx.query('INSERT INTO notes VALUES ($1, $2)', [2, 'refused']);
      await tx.exec('ROLLBACK TO SAVEPOINT mutation');
      await tx.exec('SAVEPOINT mutation');
      await tx.query('INSERT INTO notes VALUES ($1, $2)', [3, 'applied too']);
      await tx.exec('RELEASE SAVEPOINT mutation');
    });
    expect(await notes()).toEqual([
      { id: 1, text: 'applied' },
      { id: 3, text: 'applied too' },
    ]);
  });

  it('retries after a failed statement once rolled back to the savepoint, and sees its own writes', async () => {
    await db.exec('TRUNCATE notes');
    await db.exec("INSERT INTO notes VALUES (1, 'taken')");
    const seen = await db.transaction(async (tx) => {
      await tx.exec('SAVEPOINT mutation');
      const failed = await tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'clash']).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failed).toMatchObject({ code: '23505' });
      await tx.exec('ROLLBACK TO SAVEPOINT mutation');
      await tx.exec('SAVEPOINT mutation');
      await tx.query('INSERT INTO notes VALUES ($1, $2)', [2, 'second try']);
      await tx.exec('RELEASE SAVEPOINT mutation');
      return tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
    });
    expect(seen).toEqual([{ n: 2 }]);
    expect(await notes()).toEqual([
      { id: 1, text: 'taken' },
      { id: 2, text: 'second try' },
    ]);
  });

  it('rolls everything back when the work throws, released savepoints included', async () => {
    await db.exec('TRUNCATE notes');
    await expect(
      db.transaction(async (tx) => {
        await tx.exec('SAVEPOINT mutation');
        await tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'lost with the batch']);
        await tx.exec('RELEASE SAVEPOINT mutation');
        throw new Error('the process failed mid-batch');
      }),
    ).rejects.toThrow('mid-batch');
    expect(await notes()).toEqual([]);
  });

  it('fails the transaction at the next statement when a boundary statement is wrong', async () => {
    await db.exec('TRUNCATE notes');
    await expect(
      db.transaction(async (tx) => {
        await tx.exec('RELEASE SAVEPOINT never_made');
        await tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'never kept']);
      }),
    ).rejects.toMatchObject({ code: '3B001' });
    expect(await notes()).toEqual([]);
    // The connection went back to the pool in a usable state.
    expect(await db.query<{ n: number }>('SELECT 1 AS n')).toEqual([{ n: 1 }]);
  });

  it("sends a one-mutation push's transaction in four messages and three waits, not six", async () => {
    await db.exec('TRUNCATE notes');
    // Each message sent, and whether it went while an earlier one was still unanswered: on a
    // connection in pipeline mode it is then written at once, not queued until the answer comes.
    const sent: { text: string; isPipelined: boolean }[] = [];
    let unanswered = 0;
    const query = pg.Client.prototype.query as unknown as (this: pg.Client, ...args: unknown[]) => unknown;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args) {
      const config: unknown = args[0];
      sent.push({
        text: typeof config === 'string' ? config : 'statement',
        isPipelined: unanswered > 0 && this.pipeline,
      });
      const result = query.apply(this, args);
      if (result instanceof Promise) {
        unanswered += 1;
        void result.then(
          () => (unanswered -= 1),
          () => (unanswered -= 1),
        );
      }
      return result as never;
    });
    try {
      await db.transaction(async (tx) => {
        await tx.exec('SAVEPOINT mutation');
        await tx.query('SELECT id FROM notes WHERE id = $1 FOR UPDATE', [1]);
        await tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'patched']);
        await tx.exec('RELEASE SAVEPOINT mutation');
      });
    } finally {
      spy.mockRestore();
    }
    expect(sent).toEqual([
      { text: 'BEGIN;\nSAVEPOINT mutation', isPipelined: false },
      { text: 'statement', isPipelined: true },
      { text: 'statement', isPipelined: false },
      { text: 'RELEASE SAVEPOINT mutation;\nCOMMIT', isPipelined: false },
    ]);
    expect(await notes()).toEqual([{ id: 1, text: 'patched' }]);
  });

  it('sends nothing for a transaction that ran no statement', async () => {
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      expect(await db.transaction(() => Promise.resolve('nothing to do'))).toBe('nothing to do');
      expect(sent).not.toHaveBeenCalled();
    } finally {
      sent.mockRestore();
    }
  });
});
