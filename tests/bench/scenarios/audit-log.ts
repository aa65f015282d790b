// Issue 12's audit log benchmark: 1,000,000 entries (30 people, five kinds of action, two years),
// bulk-inserted with one INSERT ... SELECT FROM generate_series, then read through the real HTTP
// endpoints as the audit log viewer does: a page of 50, newest first, unfiltered, deep in the log by
// keyset, and filtered by person, by action and date, by record; and the CSV export of one person's
// entries and of the whole log, streamed. On PGlite (on disk, as `npm start` runs it) and on a
// throwaway PostgreSQL 15.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '#server/app.ts';
import { testConfig } from '#server/config.ts';
import { createUserWithHash } from '#server/services/accounts.ts';
import { hashPassword } from '#server/services/passwords.ts';
import { openStore, type Store } from '#server/store/store.ts';
import { useThrowawayPostgres } from '#tests/setup/postgres.ts';
import type { AuditLogPage } from '#shared/protocol/api.ts';
import type { Session } from '#shared/schemas/user.ts';
import { percentile, timeRuns, type BenchResult, type Scenario } from '../harness.ts';

type Engine = 'pglite' | 'postgres';
const ENGINES: Engine[] = ['pglite', 'postgres'];
const ENTRIES = Number(process.env.BENCH_AUDIT_LOG_ENTRIES ?? 1_000_000);
const PEOPLE = 30;
const PAGE = 50;
const RUNS = 20;
const PASSWORD = 'benchmark passphrase';

async function openEngine(engine: Engine): Promise<{ store: Store; close: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'ehcp-bench-log-'));
    const store = await openStore({ dataDir });
    return {
      store,
      close: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const postgres = await useThrowawayPostgres();
  const store = await openStore({ databaseUrl: await postgres.createDatabase() });
  return {
    store,
    close: async () => {
      await store.close();
      postgres.release();
    },
  };
}

/** The people, then a million entries in one statement: about one a minute over two years. */
async function fillLog(store: Store): Promise<number> {
  const hash = await hashPassword(PASSWORD);
  await createUserWithHash(
    store.db,
    null,
    { name: 'Bench Admin', email: 'admin@bench.example', roles: ['admin'] },
    hash,
    'bench-admin',
  );
  for (let i = 0; i < PEOPLE; i += 1) {
    await createUserWithHash(
      store.db,
      'bench-admin',
      { name: `Bench Auditor ${i}`, email: `auditor${i}@bench.example`, roles: ['auditor'], agency: 'education' },
      hash,
      `bench-auditor-${i}`,
    );
  }
  const start = performance.now();
  await store.db.query(
    `INSERT INTO audit_log (at, actor_id, action, entity_kind, entity_id, before, after)
     SELECT timestamptz '2024-09-01T08:00:00Z' + g * interval '1 minute',
            'bench-auditor-' || (g % $2),
            (ARRAY['audit.patch', 'audit.patch', 'audit.start', 'audit.submit', 'session.create'])[1 + g % 5],
            CASE WHEN g % 5 = 4 THEN 'user' ELSE 'audit' END,
            CASE WHEN g % 5 = 4 THEN 'bench-auditor-' || (g % $2) ELSE 'audit-' || (g % 10000) END,
            CASE WHEN g % 5 < 2 THEN jsonb_build_object('rating', 'partly-met') END,
            CASE WHEN g % 5 < 2 THEN jsonb_build_object('rating', 'met', 'comment', 'Outcomes are specific and measurable.') END
     FROM generate_series(1, $1::int) AS g`,
    [ENTRIES, PEOPLE],
  );
  await store.db.exec('ANALYZE audit_log');
  return performance.now() - start;
}

async function measure(engine: Engine): Promise<BenchResult[]> {
  const opened = await openEngine(engine);
  const app = await buildServer(testConfig({ signInLimit: 100_000 }), opened.store);
  try {
    const fillMs = await fillLog(opened.store);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const signedIn = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@bench.example', password: PASSWORD }),
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const session = (await signedIn.json()) as Session;
    const headers = { cookie, 'x-csrf-token': session.csrfToken };
    const [{ n: total } = { n: 0 }] = await opened.store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log',
    );

    const page = async (query: string): Promise<AuditLogPage> => {
      const response = await fetch(`${url}/api/audit-log?limit=${PAGE}&order=newest${query}`, { headers });
      if (response.status !== 200)
        throw new Error(`audit log page answered ${response.status}: ${await response.text()}`);
      const body = (await response.json()) as AuditLogPage;
      // Every query names entries that exist: a full page at a million entries (fewer in a quick run).
      if (body.entries.length === 0) throw new Error(`no entries for ${query}`);
      return body;
    };
    const middle = Math.floor(total / 2);
    // A month in the middle of the log (the log spans about two years at full size).
    const [{ at } = { at: new Date() }] = await opened.store.db.query<{ at: Date }>(
      'SELECT at FROM audit_log WHERE id = $1',
      [middle],
    );
    const month = new Date(at).toISOString().slice(0, 7);
    const monthEnd = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    const pages: { name: string; query: string }[] = [
      { name: 'newest page', query: '' },
      { name: 'a page half way down, by keyset', query: `&before=${middle}` },
      { name: 'one person', query: '&actor=bench-auditor-7' },
      { name: 'one action in one month', query: `&action=audit.submit&from=${month}-01&to=${monthEnd}` },
      { name: 'one record', query: '&entityId=audit-1233' },
    ];
    const results: BenchResult[] = [];
    const scenario = `audit log of ${total.toLocaleString('en-GB')} entries (${engine})`;
    const timed: string[] = [];
    let worstP95 = 0;
    for (const { name, query } of pages) {
      const times = await timeRuns(() => page(query), RUNS, 2);
      const p95 = percentile(times, 95);
      worstP95 = Math.max(worstP95, p95);
      timed.push(`${name} ${Math.round(percentile(times, 50) * 10) / 10}/${Math.round(p95 * 10) / 10}`);
    }
    results.push({
      scenario,
      metric: `page of ${PAGE}, worst p95 of ${pages.length} queries`,
      value: Math.round(worstP95 * 10) / 10,
      unit: 'ms',
      target: '< 200 ms',
      isMet: worstP95 < 200,
      detail: `median/p95 ms over ${RUNS} runs: ${timed.join('; ')}; bulk insert ${Math.round(fillMs / 1000)} s`,
    });

    const exportCsv = async (
      query: string,
    ): Promise<{ ms: number; rows: number; bytes: number; firstByteMs: number }> => {
      const start = performance.now();
      const response = await fetch(`${url}/api/audit-log.csv${query}`, { headers });
      if (response.status !== 200 || !response.body) throw new Error(`CSV export answered ${response.status}`);
      let firstByteMs = 0;
      let bytes = 0;
      let rows = 0;
      for await (const chunk of response.body) {
        if (bytes === 0) firstByteMs = performance.now() - start;
        bytes += chunk.byteLength;
        for (const byte of chunk) if (byte === 10) rows += 1;
      }
      return { ms: performance.now() - start, rows: rows - 1, bytes, firstByteMs };
    };
    const person = await exportCsv('?actor=bench-auditor-7');
    results.push({
      scenario,
      metric: `CSV export of one person's ${person.rows.toLocaleString('en-GB')} entries`,
      value: Math.round(person.ms),
      unit: 'ms',
      target: '< 5000 ms',
      isMet: person.ms < 5000,
      detail: `${(person.bytes / 2 ** 20).toFixed(1)} MiB streamed; first byte after ${Math.round(person.firstByteMs)} ms`,
    });
    const all = await exportCsv('');
    if (all.rows !== total) throw new Error(`the full export held ${all.rows} rows, not ${total}`);
    results.push({
      scenario,
      metric: 'CSV export of the whole log',
      value: Math.round(all.ms / 100) / 10,
      unit: 's',
      target: 'report',
      isMet: true,
      detail: `${all.rows.toLocaleString('en-GB')} rows, ${(all.bytes / 2 ** 20).toFixed(0)} MiB streamed (${Math.round(all.rows / (all.ms / 1000)).toLocaleString('en-GB')} rows/s); first byte after ${Math.round(all.firstByteMs)} ms`,
    });
    return results;
  } finally {
    await app.close();
    await opened.close();
  }
}

export const auditLogScenario: Scenario = {
  name: 'audit-log',
  async run() {
    const results: BenchResult[] = [];
    for (const engine of ENGINES) results.push(...(await measure(engine)));
    return results;
  },
};
