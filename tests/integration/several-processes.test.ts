// Several server processes on one database share what must be shared: sign-in lockouts and request
// limits reached through one process hold on the other, and a scheduled job runs once across them.
// On PostgreSQL the two servers have their own connection pools, as two processes would; on PGlite
// (one process by design) two server instances share the one embedded database, which still
// proves nothing is kept in a server instance's memory.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '#server/app.ts';
import { testConfig } from '#server/config.ts';
import { housekeepingJob } from '#server/services/housekeeping.ts';
import { startJobRunner, type ScheduledJob } from '#server/services/job-runner.ts';
import { DEMO_PASSWORD, seedDemo } from '#server/demo/seed-demo.ts';
import { listJobRuns } from '#server/store/scheduled-jobs.ts';
import { openStore, type Store } from '#server/store/store.ts';
import { useThrowawayPostgres, type ThrowawayPostgres } from '../setup/postgres.ts';
import { ENGINES, testClock, type Engine } from '../setup/test-server.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(ENGINES)('two server processes on one %s database', (engine: Engine) => {
  let postgres: ThrowawayPostgres | undefined;
  const stores: Store[] = [];
  const apps: FastifyInstance[] = [];
  const clock = testClock(new Date('2026-03-02T09:00:00Z'));
  let first: FastifyInstance;
  let second: FastifyInstance;
  let storeA: Store;
  let storeB: Store;

  const open = async (databaseUrl: string | undefined): Promise<Store> => {
    const store = await openStore(databaseUrl ? { databaseUrl, maxConnections: 5 } : {});
    stores.push(store);
    return store;
  };
  const serve = async (store: Store): Promise<FastifyInstance> => {
    const app = await buildServer(testConfig({ signInLimit: 5 }), store, { now: clock.now });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      postgres = await useThrowawayPostgres();
      databaseUrl = await postgres.createDatabase();
    }
    storeA = await open(databaseUrl);
    storeB = engine === 'postgres' ? await open(databaseUrl) : storeA;
    await seedDemo(storeA.db, clock.now(), { history: false });
    first = await serve(storeA);
    second = await serve(storeB);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of new Set(stores)) await store.close().catch(() => undefined);
    postgres?.release();
  });

  const signIn = (app: FastifyInstance, email: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/session', payload: { email, password }, remoteAddress });

  it('refuses on the second process a person locked out by failures on the first, until the window ends', async () => {
    const from = '198.51.100.7';
    const failures: number[] = [];
    for (let i = 0; i < 5; i += 1)
      failures.push((await signIn(first, 'sendat@demo.example', `wrong-${i}`, from)).statusCode);
    expect(failures).toEqual([401, 401, 401, 401, 401]);

    const refused = await signIn(second, 'sendat@demo.example', DEMO_PASSWORD, from);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate-limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn(first, 'sendat@demo.example', DEMO_PASSWORD, from)).statusCode).toBe(429);
    // Another person at the same address, and the same person elsewhere, are not affected.
    expect((await signIn(second, 'qa.lead@demo.example', DEMO_PASSWORD, from)).statusCode).toBe(200);
    expect((await signIn(second, 'sendat@demo.example', DEMO_PASSWORD, '198.51.100.8')).statusCode).toBe(200);

    clock.advance(16 * MINUTE);
    expect((await signIn(second, 'sendat@demo.example', DEMO_PASSWORD, from)).statusCode).toBe(200);
  });

  it('lets no more than the limit through when failures arrive on both processes at once', async () => {
    const from = '198.51.100.9';
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        signIn(i % 2 === 0 ? first : second, 'health.auditor@demo.example', `wrong-${i}`, from).then(
          (r) => r.statusCode,
        ),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('counts a flood of sign-in requests from one address across both processes', async () => {
    const flood = (app: FastifyInstance) =>
      app.inject({ method: 'POST', url: '/api/session', payload: { email: 'x' }, remoteAddress: '198.51.100.20' });
    for (let i = 0; i < 30; i += 1) expect((await flood(first)).statusCode).toBe(400);
    for (let i = 0; i < 30; i += 1) expect((await flood(second)).statusCode).toBe(400);
    const refused = await flood(first);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate-limited' });
    expect((await flood(second)).statusCode).toBe(429);
    // The limit is per route: the same address may still use the password-link check.
    const check = await second.inject({
      method: 'POST',
      url: '/api/password-links/check',
      payload: { token: 'x'.repeat(30) },
      remoteAddress: '198.51.100.20',
    });
    expect(check.statusCode).not.toBe(429);
    clock.advance(MINUTE + 1000);
    expect((await flood(second)).statusCode).toBe(400);
  });

  it('runs a scheduled job once across both processes, and again only when it is due', async () => {
    let calls = 0;
    const job: ScheduledJob = {
      name: `count-${engine}`,
      everyMs: HOUR,
      run: async (tx) => {
        calls += 1;
        // Long enough that the other process's check arrives while this one holds the lock.
        await tx.query('SELECT pg_sleep(0.2)');
        return `call ${calls}`;
      },
    };
    const runnerA = startJobRunner(storeA.db, [job], { now: clock.now });
    const runnerB = startJobRunner(storeB.db, [job], { now: clock.now });
    const [a, b] = await Promise.all([runnerA.runDue(), runnerB.runDue()]);
    expect(calls).toBe(1);
    expect([a[0]?.status, b[0]?.status].sort()).toEqual(
      engine === 'postgres' ? ['locked-elsewhere', 'ran'] : ['not-due', 'ran'],
    );
    expect((await runnerB.runDue())[0]?.status).toBe('not-due');
    clock.advance(HOUR);
    expect((await runnerB.runDue())[0]).toEqual({ name: job.name, status: 'ran', result: 'call 2' });
    expect((await runnerA.runDue())[0]?.status).toBe('not-due');
    await Promise.all([runnerA.stop(), runnerB.stop()]);
    const record = (await listJobRuns(storeA.db)).find((r) => r.name === job.name);
    expect(record).toMatchObject({ runs: 2, lastResult: 'call 2' });
  });

  it('leaves a failed job due, with its error recorded, and undoes what it did', async () => {
    let attempts = 0;
    const job: ScheduledJob = {
      name: `fails-once-${engine}`,
      everyMs: HOUR,
      run: async (tx) => {
        attempts += 1;
        await tx.query(`INSERT INTO scheduled_jobs (name) VALUES ('written-by-${engine}-${attempts}')`);
        if (attempts === 1) throw new Error('the disk is full');
        return 'done';
      },
    };
    const runner = startJobRunner(storeB.db, [job], { now: clock.now });
    expect((await runner.runDue())[0]).toEqual({ name: job.name, status: 'failed', error: 'the disk is full' });
    const [failed] = await storeA.db.query<{ last_error: string; last_run_at: Date | null }>(
      'SELECT last_error, last_run_at FROM scheduled_jobs WHERE name = $1',
      [job.name],
    );
    expect(failed).toEqual({ last_error: 'the disk is full', last_run_at: null });
    const names = await storeA.db.query<{ name: string }>(
      "SELECT name FROM scheduled_jobs WHERE name LIKE 'written-by-%'",
    );
    expect(names.map((n) => n.name)).toEqual([]);
    expect((await runner.runDue())[0]?.status).toBe('ran');
    await runner.stop();
  });

  it('housekeeping forgets expired sessions, counters and sign-on attempts, and keeps live ones', async () => {
    const live = await signIn(first, 'qa.lead@demo.example', DEMO_PASSWORD, '198.51.100.30');
    const liveCookie = String(live.headers['set-cookie']).split(';')[0] ?? '';
    await storeA.db.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
       VALUES ('long-expired', 'user-qa-lead', 'x', $1::timestamptz - interval '90 days', $1::timestamptz - interval '40 days'),
              ('lately-expired', 'user-qa-lead', 'x', $1::timestamptz - interval '20 days', $1::timestamptz - interval '1 hour')`,
      [clock.now()],
    );
    await storeA.db.query(
      `INSERT INTO oidc_flows (state, issuer_id, code_verifier, nonce, return_to, created_at, expires_at)
       VALUES ('old-flow', 'council', 'v', 'n', '/', $1::timestamptz - interval '1 hour', $1::timestamptz - interval '50 minutes')`,
      [clock.now()],
    );
    clock.advance(2 * HOUR);
    const runner = startJobRunner(storeB.db, [housekeepingJob], { now: clock.now });
    const [outcome] = await runner.runDue();
    await runner.stop();
    expect(outcome?.status).toBe('ran');
    const sessions = await storeA.db.query<{ token_hash: string }>(
      "SELECT token_hash FROM sessions WHERE token_hash IN ('long-expired', 'lately-expired')",
    );
    expect(sessions).toEqual([]);
    expect(await storeA.db.query("SELECT 1 FROM oidc_flows WHERE state = 'old-flow'")).toEqual([]);
    const counters = await storeA.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM limit_counters WHERE reset_at <= $1',
      [clock.now()],
    );
    expect(counters[0]?.n).toBe(0);
    const me = await second.inject({ method: 'GET', url: '/api/session', headers: { cookie: liveCookie } });
    expect(me.statusCode).toBe(200);
  });

  it('answers the health check while the database answers, and 503 once it does not', async () => {
    const healthy = await second.inject({ method: 'GET', url: '/api/health' });
    expect(healthy.statusCode).toBe(200);
    expect(healthy.json()).toMatchObject({ database: engine });
    // A server whose database has gone: its own store, closed under it.
    const lonely = await open(engine === 'postgres' ? await postgres!.createDatabase() : undefined);
    const app = await serve(lonely);
    await lonely.close();
    const down = await app.inject({ method: 'GET', url: '/api/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: 'database-unavailable' });
  });
});
