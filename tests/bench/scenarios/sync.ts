// Issue 3's sync benchmarks, on PGlite (on disk, as `npm start` runs it) and on a throwaway
// PostgreSQL 15 (fsync off, as the test setup starts it):
// - sync-bulk: push 1,000 submitted audits of about 70 ratings in batches of 100 mutations, pull
//   them back, and compare with a raw bulk insert of the same audit rows; the devices one after
//   another, then (on a fresh database, reported beside it) all ten at once;
// - sync-concurrent: 50 simulated devices pushing autosaves over real HTTP for 30 s.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '#server/app.ts';
import { testConfig } from '#server/config.ts';
import { createUserWithHash } from '#server/services/accounts.ts';
import { assignAuditors } from '#server/services/cycle-assignments.ts';
import { createCycle } from '#server/services/cycles.ts';
import { importFramework, publishFramework } from '#server/services/frameworks.ts';
import { hashPassword } from '#server/services/passwords.ts';
import { upsertPlans } from '#server/services/plans.ts';
import { openStore, type Store } from '#server/store/store.ts';
import { seededRandom } from '#tests/fixtures/random.ts';
import { useThrowawayPostgres } from '#tests/setup/postgres.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '#tests/setup/audits.ts';
import { clientFor, type TestClient } from '#tests/setup/test-server.ts';
import type { Mutation, PushResponse } from '#shared/protocol/sync.ts';
import type { Assignment } from '#shared/schemas/cycle.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { KEY_STAGES, type Plan } from '#shared/schemas/plan.ts';
import type { Session } from '#shared/schemas/user.ts';
import { percentile, type BenchResult, type Scenario } from '../harness.ts';

type Engine = 'pglite' | 'postgres';
// BENCH_ENGINES=pglite (or postgres) runs one engine alone, e.g. under a profiler.
const ENGINES: Engine[] = (process.env.BENCH_ENGINES?.split(',') ?? ['pglite', 'postgres']).filter(
  (engine): engine is Engine => engine === 'pglite' || engine === 'postgres',
);
const PASSWORD = 'benchmark passphrase';
export const FRAMEWORK = JSON.parse(readFileSync('audit-frameworks/ehcp-quality-audit.json', 'utf8')) as Framework;

type Bench = { store: Store; app: FastifyInstance; close: () => Promise<void> };

async function openBench(engine: Engine): Promise<Bench> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'ehcp-bench-'));
    const store = await openStore({ dataDir });
    const app = await buildServer(testConfig({ signInLimit: 100_000 }), store);
    return {
      store,
      app,
      close: async () => {
        await app.close();
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const postgres = await useThrowawayPostgres();
  const store = await openStore({ databaseUrl: await postgres.createDatabase(), maxConnections: 20 });
  const app = await buildServer(testConfig({ signInLimit: 100_000 }), store);
  return {
    store,
    app,
    close: async () => {
      await app.close();
      await store.close();
      postgres.release();
    },
  };
}

function benchPlans(count: number): Plan[] {
  const random = seededRandom(3);
  return Array.from({ length: count }, (_, i) => {
    const yearGroup = random.int(15);
    return {
      ref: `BEN-${String(i + 1).padStart(5, '0')}`,
      attributes: {
        keyStage: KEY_STAGES[Math.min(6, Math.floor(yearGroup / 2))] ?? 'ks2',
        yearGroup,
        primaryNeed: 'ASD',
        settingType: 'mainstream',
        planType: 'annual-review',
        lookedAfter: random.next() < 0.1,
      },
    };
  });
}

/** Auditors, the EHCP framework, `plans` plans in one cycle, each plan assigned to one auditor. */
export async function seedBench(
  store: Store,
  auditors: number,
  plans: number,
): Promise<{ assignments: Assignment[]; plans: Plan[] }> {
  const hash = await hashPassword(PASSWORD);
  await createUserWithHash(
    store.db,
    null,
    { name: 'Bench Lead', email: 'lead@bench.example', roles: ['qa-lead'] },
    hash,
    'bench-lead',
  );
  for (let i = 0; i < auditors; i += 1) {
    await createUserWithHash(
      store.db,
      null,
      { name: `Bench Auditor ${i}`, email: `auditor${i}@bench.example`, roles: ['auditor'], agency: 'education' },
      hash,
      `bench-auditor-${i}`,
    );
  }
  await importFramework(store.db, null, FRAMEWORK);
  await publishFramework(store.db, null, 'ehcp-quality', 1);
  const planList = benchPlans(plans);
  await upsertPlans(store.db, null, planList);
  const cycle = await createCycle(store.db, null, {
    name: 'Benchmark cycle',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    frameworkId: 'ehcp-quality',
    frameworkVersion: 1,
    sample: { method: 'chosen', size: plans, seed: 1 },
    chosenPlans: planList.map((p) => p.ref),
  });
  const assignments = await assignAuditors(store.db, null, cycle.id, {
    assignments: planList.map((plan, i) => ({ planRef: plan.ref, auditorId: `bench-auditor-${i % auditors}` })),
  });
  return { assignments, plans: planList };
}

async function signIn(app: FastifyInstance, email: string): Promise<TestClient> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password: PASSWORD } });
  const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
  return clientFor(app, response.json<Session>(), cookie);
}

const AUDITS = 1_000;
const BULK_AUDITORS = 10;
const BATCH = 100;
/**
 * Audits pushed, and rows inserted raw, before either is timed, so that both are measured warm:
 * PostgreSQL plans a prepared statement afresh on its first runs on a connection, and V8 compiles
 * the push's code on its first batches. (The other thing that made the raw insert's time swing
 * between about 90 and 270 ms, its backend's malloc giving memory back after every batch, is
 * settled by the test database's GLIBC_TUNABLES, the same as compose.yaml's.)
 */
const WARM_AUDITS_PER_DEVICE = 20;
const WARM_RAW_BATCH = 20;

type PushMode = 'one device at a time' | 'devices at once';

async function bulkOn(engine: Engine, mode: PushMode): Promise<BenchResult[]> {
  const bench = await openBench(engine);
  try {
    const warmAudits = WARM_AUDITS_PER_DEVICE * BULK_AUDITORS;
    const { assignments, plans } = await seedBench(bench.store, BULK_AUDITORS, AUDITS + warmAudits);
    const planByRef = new Map(plans.map((p) => [p.ref, p]));
    const devices = await Promise.all(
      Array.from({ length: BULK_AUDITORS }, (_, i) => signIn(bench.app, `auditor${i}@bench.example`)),
    );
    const warmIds: string[] = [];
    const timedIds: string[] = [];
    // Each device's outboxes, the warm-up's and the timed one: start, one patch with every
    // applicable rating, submit, per audit.
    const outboxesOf = devices.map((_, i) => {
      const mine = assignments.filter((a) => a.auditorId === `bench-auditor-${i}`);
      const outbox = (list: Assignment[], ids: string[]): Mutation[] =>
        list.flatMap((assignment): Mutation[] => {
          const auditId = randomUUID();
          ids.push(auditId);
          const responses = completeResponses(FRAMEWORK, planByRef.get(assignment.planRef)!.attributes);
          return [startAudit(assignment.id, auditId), patchAudit(auditId, fromBlank(responses)), submitAudit(auditId)];
        });
      return {
        warm: outbox(mine.slice(0, WARM_AUDITS_PER_DEVICE), warmIds),
        timed: outbox(mine.slice(WARM_AUDITS_PER_DEVICE), timedIds),
      };
    });
    const outboxes = outboxesOf.map((o) => o.timed);
    const ratings = outboxes
      .flat()
      .reduce((n, m) => n + (m.name === 'audit.patch' ? Object.keys(m.args.patch.responses ?? {}).length : 0), 0);

    let pushes = 0;
    /** One device sends its outbox in batches, each once the one before is answered, as the sync engine does. */
    const pushOutbox = async (i: number, outbox: Mutation[]): Promise<void> => {
      const clientId = randomUUID();
      for (let at = 0; at < outbox.length; at += BATCH) {
        const result = await devices[i]!.push(outbox.slice(at, at + BATCH), clientId);
        pushes += 1;
        if (result.results.some((r) => r.status !== 'applied'))
          throw new Error(
            `a mutation was not applied: ${JSON.stringify(result.results.find((r) => r.status !== 'applied'))}`,
          );
      }
    };
    // One device after another (the measure since issue 3), or all of them at once (the morning
    // after a week of school visits): the server and the database then work side by side.
    const pushAll = async (which: 'warm' | 'timed'): Promise<void> => {
      if (mode === 'devices at once') await Promise.all(outboxesOf.map((o, i) => pushOutbox(i, o[which])));
      else for (const [i, o] of outboxesOf.entries()) await pushOutbox(i, o[which]);
    };
    await pushAll('warm');
    pushes = 0;
    const pushStart = performance.now();
    await pushAll('timed');
    const pushMs = performance.now() - pushStart;

    const lead = await signIn(bench.app, 'lead@bench.example');
    const pullStart = performance.now();
    const pulled = await lead.pullAll();
    const pullMs = performance.now() - pullStart;
    const submitted = pulled.changes.filter((c) => c.kind === 'audit' && c.data?.status === 'submitted').length;
    if (submitted !== AUDITS + warmAudits)
      throw new Error(`pulled ${submitted} submitted audits, not ${AUDITS + warmAudits}`);

    // The same audit rows, written raw: one INSERT ... SELECT FROM unnest per batch, the warm-up's
    // rows first (in batches of 20, so the statement has run more than five times), then the timed
    // 1,000 in batches of 100, into the same table.
    type RawRow = {
      id: string;
      assignment_id: string;
      cycle_id: string;
      plan_ref: string;
      auditor_id: string;
      doc: unknown;
    };
    const rowsOf = (ids: string[]): Promise<RawRow[]> =>
      bench.store.db.query<RawRow>(
        'SELECT id, assignment_id, cycle_id, plan_ref, auditor_id, doc FROM audits WHERE id = ANY($1::text[])',
        [ids],
      );
    const warmRows = await rowsOf(warmIds);
    const rows = await rowsOf(timedIds);
    await bench.store.db.exec('CREATE TABLE bench_raw_audits (LIKE audits INCLUDING DEFAULTS)');
    const insertRaw = async (batch: RawRow[]): Promise<void> => {
      await bench.store.db.query(
        `INSERT INTO bench_raw_audits (id, assignment_id, cycle_id, plan_ref, auditor_id, status, revision, doc)
         SELECT id, assignment_id, cycle_id, plan_ref, auditor_id, 'submitted', 1, doc
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
           AS t(id, assignment_id, cycle_id, plan_ref, auditor_id, doc)`,
        [
          batch.map((r) => `raw-${r.id}`),
          batch.map((r) => r.assignment_id),
          batch.map((r) => r.cycle_id),
          batch.map((r) => r.plan_ref),
          batch.map((r) => r.auditor_id),
          batch.map((r) => JSON.stringify(r.doc)),
        ],
      );
    };
    for (let at = 0; at < warmRows.length; at += WARM_RAW_BATCH)
      await insertRaw(warmRows.slice(at, at + WARM_RAW_BATCH));
    const rawStart = performance.now();
    for (let at = 0; at < rows.length; at += BATCH) await insertRaw(rows.slice(at, at + BATCH));
    const rawMs = performance.now() - rawStart;
    const totalMs = pushMs + pullMs;
    const scenario = `sync 1,000 audits (${engine})`;
    if (mode === 'devices at once')
      return [
        {
          scenario,
          metric: `push alone, ${BULK_AUDITORS} devices at once, ratio to raw bulk insert`,
          value: Math.round((pushMs / rawMs) * 10) / 10,
          unit: 'x',
          target: 'report',
          isMet: true,
          detail: `push ${Math.round(pushMs)} ms (${pushes} pushes, each device's batches in turn, the devices side by side) against the raw insert's ${Math.round(rawMs)} ms`,
        },
      ];
    return [
      {
        scenario,
        metric: 'push + pull',
        value: Math.round(totalMs),
        unit: 'ms',
        target: engine === 'postgres' ? '< 5000 ms' : 'report',
        isMet: engine === 'postgres' ? totalMs < 5000 : true,
        detail: `push ${Math.round(pushMs)} ms (${pushes} pushes, ${outboxes.flat().length} mutations, ${ratings} ratings, after a warm-up of ${warmAudits} audits); pull ${Math.round(pullMs)} ms (${pulled.changes.length} changes, the warm-up's included)`,
      },
      {
        scenario,
        metric: 'ratio to raw bulk insert',
        value: Math.round((totalMs / rawMs) * 10) / 10,
        unit: 'x',
        target: '< 5',
        isMet: totalMs / rawMs < 5,
        detail: `raw bulk insert of the same 1,000 audit rows in ${rows.length / BATCH} batches: ${Math.round(rawMs)} ms`,
      },
      {
        scenario,
        // Issue 15: the push alone (one transaction per batch of 100, a savepoint per mutation).
        metric: 'push alone, ratio to raw bulk insert',
        value: Math.round((pushMs / rawMs) * 10) / 10,
        unit: 'x',
        target: engine === 'postgres' ? '< 3' : '< 6',
        isMet: pushMs / rawMs < (engine === 'postgres' ? 3 : 6),
        detail: `push ${Math.round(pushMs)} ms against the raw insert's ${Math.round(rawMs)} ms`,
      },
    ];
  } finally {
    await bench.close();
  }
}

const CLIENTS = 50;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const THINK_MS = [100, 300] as const;

async function concurrentOn(engine: Engine): Promise<BenchResult[]> {
  const bench = await openBench(engine);
  try {
    const { assignments } = await seedBench(bench.store, CLIENTS, CLIENTS);
    const url = await bench.app.listen({ host: '127.0.0.1', port: 0 });
    const devices = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const client = await signIn(bench.app, `auditor${i}@bench.example`);
        const assignment = assignments.find((a) => a.auditorId === `bench-auditor-${i}`)!;
        const auditId = randomUUID();
        await client.push([startAudit(assignment.id, auditId)]);
        return { client, auditId, clientId: randomUUID() };
      }),
    );
    const scored = ['met', 'partly-met', 'not-met'] as const;
    type Scored = (typeof scored)[number];
    const criteria = FRAMEWORK.sections.flatMap((s) =>
      s.criteria.map((c) => ({
        id: c.id,
        ratings: scored.filter((r) => !c.allowedRatings || c.allowedRatings.includes(r)),
      })),
    );
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const stopAt = performance.now() + DURATION_MS;
    // Each device autosaves: a patch of one criterion (rating and comment), from what it last saw.
    await Promise.all(
      devices.map(async (device, d) => {
        const random = seededRandom(100 + d);
        const seen = new Map<string, { rating: Scored; comment: string }>();
        while (performance.now() < stopAt) {
          const criterion = random.pick(criteria);
          const id = criterion.id;
          const to = { rating: random.pick(criterion.ratings), comment: `Autosave ${latencies.length} on ${id}.` };
          const body = JSON.stringify({
            protocolVersion: 1,
            clientId: device.clientId,
            mutations: [patchAudit(device.auditId, { responses: { [id]: { from: seen.get(id) ?? null, to } } })],
          });
          const start = performance.now();
          try {
            const response = await fetch(`${url}/api/sync/push`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                cookie: device.client.cookie,
                'x-csrf-token': device.client.session.csrfToken,
              },
              body,
            });
            const result = (await response.json()) as PushResponse;
            latencies.push(performance.now() - start);
            if (response.status !== 200 || result.results[0]?.status !== 'applied') {
              errors += 1;
              if (firstError === undefined) firstError = `${response.status} ${JSON.stringify(result).slice(0, 300)}`;
            } else seen.set(id, to);
          } catch (error) {
            errors += 1;
            firstError ??= error instanceof Error ? `${error.message} ${String(error.cause)}` : String(error);
          }
          await new Promise((resolve) => setTimeout(resolve, THINK_MS[0] + random.int(THINK_MS[1] - THINK_MS[0])));
        }
      }),
    );
    const p95 = percentile(latencies, 95);
    const scenario = `${CLIENTS} devices pushing for ${DURATION_MS / 1000} s (${engine})`;
    return [
      {
        scenario,
        metric: 'p95 push latency',
        value: Math.round(p95 * 10) / 10,
        unit: 'ms',
        target: '< 200 ms',
        isMet: p95 < 200,
        detail: `median ${Math.round(percentile(latencies, 50) * 10) / 10} ms, max ${Math.round(Math.max(...latencies))} ms; ${latencies.length} pushes (${Math.round(latencies.length / (DURATION_MS / 1000))}/s), ${THINK_MS[0]}-${THINK_MS[1]} ms between a device's pushes`,
      },
      {
        scenario,
        metric: 'errors',
        value: errors,
        unit: '',
        target: '0',
        isMet: errors === 0,
        detail: firstError ? `first: ${firstError}` : 'no non-200 answers, every mutation applied',
      },
    ];
  } finally {
    await bench.close();
  }
}

export const syncBulkScenario: Scenario = {
  name: 'sync-bulk',
  async run() {
    const results: BenchResult[] = [];
    for (const engine of ENGINES) {
      results.push(...(await bulkOn(engine, 'one device at a time')));
      results.push(...(await bulkOn(engine, 'devices at once')));
    }
    return results;
  },
};

export const syncConcurrentScenario: Scenario = {
  name: 'sync-concurrent',
  async run() {
    const results: BenchResult[] = [];
    for (const engine of ENGINES) results.push(...(await concurrentOn(engine)));
    return results;
  },
};
