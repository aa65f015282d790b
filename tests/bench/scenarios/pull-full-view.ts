// Issue 15's pull-10k: a QA lead's device pulling its full view from an empty cursor over 10,000
// submitted audits (bulk-inserted by copying one audit pushed through the real path), on a
// throwaway PostgreSQL 15. As deployed, the server is its own Node process (`src/server/main.ts`,
// as `npm start` runs it) and the device another: this process, running the web app's own sync
// client code (api-client.ts over HTTP, pull-pages.ts asking for the next page while it reads this
// one), which reads, parses and checks every page against the shared schemas as the browser does.
// What it does not do is store the pages in IndexedDB (the browser's, not Node's).
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { buildServer } from '#server/app.ts';
import { testConfig } from '#server/config.ts';
import { startSession } from '#server/services/accounts.ts';
import { restampRecords } from '#server/store/feed.ts';
import { openStore, type Store } from '#server/store/store.ts';
import { findUserById } from '#server/store/users.ts';
import {
  MAX_CHANGES_PER_PULL,
  PULL_CURSOR_HEADER,
  PULL_HAS_MORE_HEADER,
  PullResponseSchema,
  SYNC_PROTOCOL_VERSION,
  type PullResponse,
} from '#shared/protocol/sync.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '#tests/setup/audits.ts';
import { useThrowawayPostgres } from '#tests/setup/postgres.ts';
import { clientFor } from '#tests/setup/test-server.ts';
import { createApiClient, readPageHead, type ApiClient, type FetchLike } from '#web/sync/api-client.ts';
import { pullPages } from '#web/sync/pull-pages.ts';
import { percentile, type BenchResult, type Scenario } from '../harness.ts';
import {
  postgresCpu,
  processCpu,
  startServerProcess,
  stopServerProcess,
  type ServerProcess,
} from '../server-process.ts';
import { FRAMEWORK, seedBench } from './sync.ts';

const PULL_AUDITS = Number(process.env.BENCH_PULL_AUDITS ?? 10_000);
const RUNS = 3;

/** 10,000 submitted audits: one pushed through the real path, copied in bulk for the other plans. */
async function seedSubmittedAudits(store: Store): Promise<void> {
  const { assignments, plans } = await seedBench(store, 10, PULL_AUDITS);
  const first = assignments[0]!;
  const plan = plans.find((p) => p.ref === first.planRef)!;
  const stored = await findUserById(store.db, first.auditorId);
  const app = await buildServer(testConfig({ signInLimit: 100_000 }), store);
  try {
    const signedIn = await store.db.transaction((tx) => startSession(tx, stored!.user, new Date(), 14));
    const device = clientFor(app, signedIn.session, `ehcp_session=${signedIn.token}`);
    const auditId = randomUUID();
    const pushed = await device.push([
      startAudit(first.id, auditId),
      patchAudit(auditId, fromBlank(completeResponses(FRAMEWORK, plan.attributes))),
      submitAudit(auditId),
    ]);
    if (pushed.results.some((r) => r.status !== 'applied')) throw new Error(`seed push: ${JSON.stringify(pushed)}`);
  } finally {
    await app.close();
  }
  // Every other assignment gets a copy of that audit under its own ids, its text printed as the
  // server's writers print it (store/audits.ts: the document with its text beside it).
  const [seed] = await store.db.query<{ id: string; status: string; revision: number; doc_json: string }>(
    'SELECT id, status, revision, doc_json FROM audits',
  );
  const doc = JSON.parse(seed!.doc_json) as Record<string, unknown>;
  const others = await store.db.query<{
    id: string;
    cycle_id: string;
    plan_ref: string;
    auditor_id: string;
    agency: string;
  }>(
    'SELECT id, cycle_id, plan_ref, auditor_id, agency FROM assignments WHERE id <> (SELECT assignment_id FROM audits LIMIT 1)',
  );
  for (let at = 0; at < others.length; at += 1_000) {
    const batch = others.slice(at, at + 1_000).map((s) => ({ ...s, auditId: randomUUID() }));
    await store.db.query(
      `INSERT INTO audits (id, assignment_id, cycle_id, plan_ref, auditor_id, status, revision, doc, doc_json)
       SELECT t.id, t.assignment_id, t.cycle_id, t.plan_ref, t.auditor_id, $6, $7, t.text::jsonb, t.text
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $8::text[])
         AS t(id, assignment_id, cycle_id, plan_ref, auditor_id, text)`,
      [
        batch.map((s) => s.auditId),
        batch.map((s) => s.id),
        batch.map((s) => s.cycle_id),
        batch.map((s) => s.plan_ref),
        batch.map((s) => s.auditor_id),
        seed!.status,
        seed!.revision,
        batch.map((s) =>
          JSON.stringify({ ...doc, id: s.auditId, planRef: s.plan_ref, auditorId: s.auditor_id, agency: s.agency }),
        ),
      ],
    );
  }
  const ids = await store.db.query<{ id: string }>('SELECT id FROM audits');
  await store.db.transaction((tx) =>
    restampRecords(
      tx,
      'audit',
      ids.map((r) => r.id),
    ),
  );
  await store.db.exec('ANALYZE');
}

/** On a machine other work shares, wall time stretches with the load; the CPU each side needs does not. */
type CpuSplit = { device: number; server: number; postgres: number };

/**
 * Reading the other processes' CPU (a walk of /proc) costs this process CPU too: its own figure is
 * read last before a pull and first after one, so the walk is not counted as the device's.
 */
async function cpuSoFar(store: Store, server: ServerProcess, at: 'before' | 'after'): Promise<CpuSplit> {
  const device = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const first = at === 'after' ? device() : 0;
  const others = { server: processCpu(server.child.pid), postgres: await postgresCpu(store) };
  return { device: at === 'after' ? first : device(), ...others };
}

/**
 * Where the device's CPU goes, timed apart outside the measured pulls: every page's text fetched
 * first, then all parsed, then all checked against the schema the client checks them with.
 */
async function deviceSplit(url: string, token: string): Promise<{ parse: number; check: number }> {
  const texts: string[] = [];
  // Fetched as the device fetches them; only the parsing and checking below are timed (in CPU time).
  for (let cursor = '0'; ;) {
    const response = await fetch(`${url}/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, {
      headers: { cookie: `ehcp_session=${token}`, 'x-sync-protocol': String(SYNC_PROTOCOL_VERSION) },
    });
    texts.push(await response.text());
    cursor = response.headers.get(PULL_CURSOR_HEADER) ?? '';
    if (response.headers.get(PULL_HAS_MORE_HEADER) !== 'true') break;
  }
  const cpuMs = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  let started = cpuMs();
  const bodies: unknown[] = texts.map((text) => JSON.parse(text) as unknown);
  const parse = cpuMs() - started;
  started = cpuMs();
  for (const body of bodies) PullResponseSchema.parse(body);
  return { parse: Math.round(parse), check: Math.round(cpuMs() - started) };
}

type Pulled = { changes: number; audits: number; pages: number; bytes: number };

async function pullFullView(): Promise<BenchResult[]> {
  const postgres = await useThrowawayPostgres();
  const databaseUrl = await postgres.createDatabase();
  const store = await openStore({ databaseUrl });
  let server: ServerProcess | undefined;
  try {
    await seedSubmittedAudits(store);
    const lead = await findUserById(store.db, 'bench-lead');
    const signedIn = await store.db.transaction((tx) => startSession(tx, lead!.user, new Date(), 14));
    server = await startServerProcess(databaseUrl);
    const pulled: Pulled = { changes: 0, audits: 0, pages: 0, bytes: 0 };
    // The browser sends its session cookie by itself; Node's fetch is told to.
    const withCookie: FetchLike = async (input, init) => {
      const response = await fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), cookie: `ehcp_session=${signedIn.token}` },
      });
      pulled.bytes += Number(response.headers.get('content-length') ?? 0);
      return response;
    };
    const api = createApiClient({ baseUrl: server.url, fetch: withCookie });
    const count = (page: PullResponse): void => {
      pulled.pages += 1;
      pulled.changes += page.changes.length;
      for (const change of page.changes) if (change.kind === 'audit' && !change.deleted) pulled.audits += 1;
    };
    /** The device's pull as the sync engine runs it: the next page asked for while this one is read. */
    const ahead = async (): Promise<void> => {
      for await (const page of pullPages(api, null)) count(page);
    };
    /**
     * For comparison with what this benchmark measured before: the same pull, the device only
     * reading and parsing each page, without the schema check the web app's client makes.
     */
    const unchecked: Pick<ApiClient, 'pull'> = {
      pull: async (cursor, onNext) => {
        const response = await withCookie(`${server!.url}/api/sync/pull?cursor=${encodeURIComponent(cursor ?? '0')}`, {
          headers: { 'x-sync-protocol': String(SYNC_PROTOCOL_VERSION) },
        });
        const next = readPageHead(response.headers);
        if (next) onNext?.(next);
        return JSON.parse(await response.text()) as PullResponse;
      },
    };
    const aheadUnchecked = async (): Promise<void> => {
      for await (const page of pullPages(unchecked, null)) count(page);
    };
    /** For comparison: one page at a time, each asked for once the one before is read. */
    const oneByOne = async (): Promise<void> => {
      for (let cursor: string | null = null; ;) {
        const page = await api.pull(cursor);
        count(page);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
    };
    type Sample = { took: number; cpu: CpuSplit; pulled: Pulled };
    const once = async (pull: () => Promise<void>): Promise<Sample> => {
      Object.assign(pulled, { changes: 0, audits: 0, pages: 0, bytes: 0 });
      // The CPU is read outside the timed part.
      const before = await cpuSoFar(store, server!, 'before');
      const started = performance.now();
      await pull();
      const took = performance.now() - started;
      const after = await cpuSoFar(store, server!, 'after');
      if (pulled.audits !== PULL_AUDITS) throw new Error(`the full view held ${pulled.audits} audits`);
      const cpu = {
        device: after.device - before.device,
        server: after.server - before.server,
        postgres: after.postgres - before.postgres,
      };
      return { took, cpu, pulled: { ...pulled } };
    };
    // The three ways take turns, run by run, so a burst of other work on the machine falls on all
    // of them alike; the first round warms up and is not counted.
    const ways = { oneByOne, ahead, aheadUnchecked };
    const samples: Record<keyof typeof ways, Sample[]> = { oneByOne: [], ahead: [], aheadUnchecked: [] };
    for (let run = 0; run <= RUNS; run += 1) {
      for (const name of Object.keys(ways) as (keyof typeof ways)[]) {
        const sample = await once(ways[name]);
        if (run > 0) samples[name].push(sample);
      }
    }
    const summary = (taken: Sample[]) => {
      const median = (pick: (c: CpuSplit) => number) =>
        Math.round(
          percentile(
            taken.map((t) => pick(t.cpu)),
            50,
          ),
        );
      return {
        times: taken.map((t) => t.took),
        median: percentile(
          taken.map((t) => t.took),
          50,
        ),
        cpu: { device: median((c) => c.device), server: median((c) => c.server), postgres: median((c) => c.postgres) },
        pulled: taken.at(-1)!.pulled,
      };
    };
    const sequential = summary(samples.oneByOne);
    const pipelined = summary(samples.ahead);
    const parseOnly = summary(samples.aheadUnchecked);
    const split = await deviceSplit(server.url, signedIn.token);
    const { pulled: seen, cpu } = pipelined;
    const load = loadavg()[0]?.toFixed(1);
    return [
      {
        scenario: `pull a QA lead's full device view over ${PULL_AUDITS.toLocaleString('en-GB')} submitted audits (postgres)`,
        metric: `median of ${RUNS}, from an empty cursor`,
        value: Math.round(pipelined.median),
        unit: 'ms',
        target: '< 1000 ms',
        isMet: pipelined.median < 1000,
        detail:
          `${seen.changes.toLocaleString('en-GB')} changes (${seen.audits.toLocaleString('en-GB')} audits with every rating, plans, assignments, people, frameworks) ` +
          `in ${seen.pages} pages of up to ${MAX_CHANGES_PER_PULL}, ${(seen.bytes / 1024 / 1024).toFixed(0)} MB of JSON over HTTP from a server process; ` +
          `the device (the web app's sync client: read, JSON.parse, schema check; not IndexedDB) asks for the next page while it reads this one; ` +
          `runs ${pipelined.times.map((t) => Math.round(t)).join(', ')} ms; one page at a time instead (taking turns run by run): median ${Math.round(sequential.median)} ms (${sequential.times.map((t) => Math.round(t)).join(', ')}); ` +
          `without the schema check (JSON.parse only, as this benchmark measured before): median ${Math.round(parseOnly.median)} ms, device CPU ${parseOnly.cpu.device} ms; ` +
          `CPU per pull (median): device ${cpu.device} ms (of which JSON.parse ${split.parse} ms, schema check ${split.check} ms), server process ${cpu.server} ms, PostgreSQL ${cpu.postgres} ms; ` +
          `load average ${load} on ${cpus().length} cores`,
      },
    ];
  } finally {
    if (server) await stopServerProcess(server).catch(() => undefined);
    await store.close();
    postgres.release();
  }
}

export const pullFullViewScenario: Scenario = { name: 'pull-10k', run: pullFullView };
