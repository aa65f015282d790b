// Issue 15: after a submit, the push re-stamps each submitted audit for its audience with a direct
// statement (store/feed.ts restampSubmittedAudits) instead of filtering visible_audits. This checks,
// on both engines and over the demo history's audits (several auditors per plan, moderations with an
// invited parent-carer representative), that it stamps exactly the pairs the view names: each
// audit for everyone who may see it, and colleagues' audits of the plan for its author.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoHistory } from '#server/demo/seed-demo.ts';
import { restampSubmittedAudits } from '#server/store/feed.ts';
import type { SqlRunner } from '#server/store/sql-client.ts';
import { ENGINES, startTestServer, type TestServer } from '../setup/test-server.ts';

class RollBack extends Error {}

/** Runs fn in a transaction that is always rolled back, answering what fn answered. */
async function inRolledBack<T>(server: TestServer, fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
  let answer: T | undefined;
  await server.store.db
    .transaction(async (tx) => {
      answer = await fn(tx);
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return answer as T;
}

const pairs = (rows: { user_id: string; record_id: string }[]) => rows.map((r) => `${r.user_id} ${r.record_id}`).sort();

/** The pairs a re-stamp of these audits writes, from an empty audit feed. */
const stamped = (tx: SqlRunner, ids: string[]) =>
  (async () => {
    await tx.query("DELETE FROM sync_feed WHERE kind = 'audit'");
    await restampSubmittedAudits(tx, ids);
    return pairs(
      await tx.query<{ user_id: string; record_id: string }>(
        "SELECT user_id, record_id FROM sync_feed WHERE kind = 'audit' AND visible",
      ),
    );
  })();

/** The same pairs as visible_audits names them. */
const fromView = async (tx: SqlRunner, ids: string[]) =>
  pairs(
    await tx.query<{ user_id: string; record_id: string }>(
      `SELECT user_id, record_id FROM visible_audits WHERE record_id = ANY ($1::text[])
       UNION
       SELECT v.user_id, v.record_id FROM audits own
       JOIN audits peer ON peer.cycle_id = own.cycle_id AND peer.plan_ref = own.plan_ref
         AND peer.auditor_id <> own.auditor_id
       JOIN visible_audits v ON v.user_id = own.auditor_id AND v.record_id = peer.id
       WHERE own.id = ANY ($1::text[])`,
      [ids],
    ),
  );

describe.each(ENGINES)('re-stamping submitted audits on %s', (engine) => {
  let server: TestServer;
  let submitted: string[];
  beforeAll(async () => {
    server = await startTestServer(engine);
    await seedDemoHistory(server.store.db, new Date());
    submitted = (
      await server.store.db.query<{ id: string }>("SELECT id FROM audits WHERE status = 'submitted' ORDER BY id")
    ).map((r) => r.id);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stamps what visible_audits says, for every submitted audit and for some', async () => {
    expect(submitted.length).toBeGreaterThan(3);
    const some = submitted.filter((_, i) => i % 3 === 0);
    for (const ids of [submitted, some]) {
      const expected = await inRolledBack(server, (tx) => fromView(tx, ids));
      // Audiences beyond the author: QA leads, colleagues, the parent-carer representative.
      expect(new Set(expected.map((p) => p.split(' ')[0])).size).toBeGreaterThan(3);
      expect(await inRolledBack(server, (tx) => stamped(tx, ids))).toEqual(expected);
    }
  });

  it('still agrees when an auditor and a QA lead are disabled', async () => {
    const result = await inRolledBack(server, async (tx) => {
      await tx.query(
        "UPDATE users SET disabled = true WHERE id IN (SELECT auditor_id FROM audits WHERE id = $1) OR 'qa-lead' = ANY (roles)",
        [submitted[0]!],
      );
      return { expected: await fromView(tx, submitted), actual: await stamped(tx, submitted) };
    });
    expect(result.actual).toEqual(result.expected);
  });
});
