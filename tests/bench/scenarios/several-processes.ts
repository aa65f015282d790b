// Issue 15's scale benchmarks on a throwaway PostgreSQL 15 (fsync off, loopback only):
// - two-processes: 200 simulated devices for 60 s against two real server processes (`tsx
//   src/server/main.ts`, as `npm start` and the container run it) on one database, each request
//   going to either process in turn as a load balancer without sticky sessions would send it.
//   Each device autosaves one criterion at a time, as often as the web app's sync debounce allows
//   (1 to 2 s apart), pulls every 10 s, and now and then replays a push it already had answered
//   (a response lost on the way back) to the other process. Afterwards the server's own tables are
//   counted: every acknowledged mutation applied exactly once, each audit holding what its device
//   last saved.
// (pull-10k, a full device view over 10,000 audits, is in pull-full-view.ts.)
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { startSession } from '#server/services/accounts.ts';
import { findUserById } from '#server/store/users.ts';
import { openStore } from '#server/store/store.ts';
import { useThrowawayPostgres } from '#tests/setup/postgres.ts';
import { patchAudit, startAudit } from '#tests/setup/audits.ts';
import { SYNC_PROTOCOL_VERSION, type Mutation, type PullResponse, type PushResponse } from '#shared/protocol/sync.ts';
import { seededRandom } from '#tests/fixtures/random.ts';
import { percentile, type BenchResult, type Scenario } from '../harness.ts';
import {
  postgresCpu,
  processCpu,
  startServerProcess,
  stopServerProcess,
  type ServerProcess,
} from '../server-process.ts';
import { FRAMEWORK, seedBench } from './sync.ts';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 60) * 1000;
const PUSH_EVERY_MS = [1000, 2000] as const;
const PULL_EVERY_MS = 10_000;
const REPLAY_ONE_IN = 20;
const PROCESSES = 2;
/** Fresh processes compile their code paths in the first seconds: those pushes count for errors and losses, not latency. */
const WARM_UP_MS = 5_000;
type Scored = 'met' | 'partly-met' | 'not-met';

/**
 * The devices' requests go over kept-alive connections, as a reverse proxy's upstream pool holds
 * them, through node:http rather than fetch: fetch costs the load generator several times the CPU
 * per request, and the generator shares the machine's two cores with what it measures.
 */
const agent = new Agent({ keepAlive: true });

function send(
  url: string,
  options: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method, headers: options.headers, agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

type Device = {
  auditorId: string;
  auditId: string;
  clientId: string;
  cookie: string;
  csrfToken: string;
  /** What this device last had acknowledged for each criterion it changed. */
  saved: Map<string, { rating: Scored; comment: string }>;
  /** Where this device's next pull starts: after its first, full pull at sign-in. */
  cursor: string;
  acknowledged: Set<string>;
};

async function twoProcessesOnPostgres(): Promise<BenchResult[]> {
  const postgres = await useThrowawayPostgres();
  const databaseUrl = await postgres.createDatabase();
  const store = await openStore({ databaseUrl });
  const servers: ServerProcess[] = [];
  try {
    const { assignments } = await seedBench(store, DEVICES, DEVICES);
    // Sessions made directly (a password sign-in per device would be 200 scrypt hashes of set-up).
    const now = new Date();
    const devices: Device[] = [];
    for (let i = 0; i < DEVICES; i += 1) {
      const auditorId = `bench-auditor-${i}`;
      const stored = await findUserById(store.db, auditorId);
      if (!stored) throw new Error(`no ${auditorId}`);
      const signedIn = await store.db.transaction((tx) => startSession(tx, stored.user, now, 14));
      devices.push({
        auditorId,
        auditId: randomUUID(),
        clientId: randomUUID(),
        cookie: `ehcp_session=${signedIn.token}`,
        csrfToken: signedIn.session.csrfToken,
        saved: new Map(),
        cursor: '0',
        acknowledged: new Set(),
      });
    }
    for (let p = 0; p < PROCESSES; p += 1) servers.push(await startServerProcess(databaseUrl));

    let turn = 0;
    /** Round robin over the processes, per request: no sticky sessions. */
    const nextServer = (): ServerProcess => servers[turn++ % servers.length]!;
    const post = async (server: ServerProcess, device: Device, mutations: Mutation[]) => {
      const response = await send(`${server.url}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: device.cookie, 'x-csrf-token': device.csrfToken },
        body: JSON.stringify({ protocolVersion: SYNC_PROTOCOL_VERSION, clientId: device.clientId, mutations }),
      });
      return { status: response.status, body: JSON.parse(response.text) as PushResponse };
    };
    const pull = async (server: ServerProcess, device: Device, cursor: string) => {
      const response = await send(`${server.url}/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, {
        method: 'GET',
        headers: { cookie: device.cookie, 'x-sync-protocol': String(SYNC_PROTOCOL_VERSION) },
      });
      return { status: response.status, page: JSON.parse(response.text) as PullResponse };
    };

    const signInPulls: number[] = [];
    for (const [i, device] of devices.entries()) {
      const assignment = assignments.find((a) => a.auditorId === device.auditorId);
      if (!assignment) throw new Error(`no assignment for ${device.auditorId}`);
      const start = startAudit(assignment.id, device.auditId);
      const answer = await post(servers[i % servers.length]!, device, [start]);
      if (answer.body.results[0]?.status !== 'applied') throw new Error(`audit.start: ${JSON.stringify(answer.body)}`);
      device.acknowledged.add(start.id);
      // As the app does at sign-in, before any auditing: the device's whole view, page by page.
      const started = performance.now();
      for (;;) {
        const answer = await pull(servers[i % servers.length]!, device, device.cursor);
        if (answer.status !== 200) throw new Error(`first pull: ${JSON.stringify(answer.page).slice(0, 300)}`);
        device.cursor = answer.page.cursor;
        if (!answer.page.hasMore) break;
      }
      signInPulls.push(performance.now() - started);
    }

    const criteria = FRAMEWORK.sections.flatMap((s) =>
      s.criteria.map((c) => ({
        id: c.id,
        ratings: (['met', 'partly-met', 'not-met'] satisfies Scored[]).filter(
          (r) => !c.allowedRatings || c.allowedRatings.includes(r),
        ),
      })),
    );
    const pushLatencies: number[] = [];
    const pullLatencies: number[] = [];
    let errors = 0;
    let replays = 0;
    let replaysApplied = 0;
    let firstError: string | undefined;
    const fail = (what: string) => {
      errors += 1;
      firstError ??= what;
    };
    const startedAt = performance.now();
    let cpuFrom: ReturnType<typeof cpuNow> | undefined;
    const cpuNow = async () => ({
      at: performance.now(),
      node: ((usage) => (usage.user + usage.system) / 1000)(process.cpuUsage()),
      postgres: await postgresCpu(store),
      servers: servers.map((server) => processCpu(server.child.pid)),
    });
    const cpuStart = setTimeout(() => {
      cpuFrom = cpuNow();
    }, WARM_UP_MS);
    const timedFrom = startedAt + WARM_UP_MS;
    const stopAt = startedAt + DURATION_MS;

    await Promise.all(
      devices.map(async (device, d) => {
        const random = seededRandom(1000 + d);
        let cursor = device.cursor;
        let lastPullAt = performance.now() - random.int(PULL_EVERY_MS);
        let previous: Mutation | undefined;
        let pushes = 0;
        // Spread the devices' first pushes over the first interval, as a morning's starts would be.
        await new Promise((resolve) => setTimeout(resolve, random.int(PUSH_EVERY_MS[1])));
        while (performance.now() < stopAt) {
          const criterion = random.pick(criteria);
          const to = {
            rating: random.pick(criterion.ratings),
            comment: `Device ${d} save ${pushes} on ${criterion.id}.`,
          };
          const mutation = patchAudit(device.auditId, {
            responses: { [criterion.id]: { from: device.saved.get(criterion.id) ?? null, to } },
          });
          const start = performance.now();
          try {
            const answer = await post(nextServer(), device, [mutation]);
            if (start >= timedFrom) pushLatencies.push(performance.now() - start);
            if (answer.status !== 200 || answer.body.results[0]?.status !== 'applied')
              fail(`push ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
            else {
              device.saved.set(criterion.id, to);
              device.acknowledged.add(mutation.id);
            }
          } catch (error) {
            fail(`push: ${error instanceof Error ? error.message : String(error)}`);
          }
          pushes += 1;
          // A push whose answer was lost: the device sends it again, maybe to the other process.
          if (previous && pushes % REPLAY_ONE_IN === 0) {
            replays += 1;
            try {
              const answer = await post(nextServer(), device, [previous]);
              const status = answer.body.results[0]?.status;
              if (status === 'applied') replaysApplied += 1;
              else if (answer.status !== 200 || status !== 'duplicate')
                fail(`replay ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
            } catch (error) {
              fail(`replay: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
          previous = mutation;
          if (performance.now() - lastPullAt >= PULL_EVERY_MS) {
            lastPullAt = performance.now();
            try {
              const started = performance.now();
              const answer = await pull(nextServer(), device, cursor);
              if (started >= timedFrom) pullLatencies.push(performance.now() - started);
              if (answer.status !== 200) fail(`pull ${answer.status} ${JSON.stringify(answer.page).slice(0, 300)}`);
              else cursor = answer.page.cursor;
            } catch (error) {
              fail(`pull: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
          await new Promise((resolve) =>
            setTimeout(resolve, PUSH_EVERY_MS[0] + random.int(PUSH_EVERY_MS[1] - PUSH_EVERY_MS[0])),
          );
        }
      }),
    );
    clearTimeout(cpuStart);
    const cpuTo = await cpuNow();
    const cpuAt = await cpuFrom;
    agent.destroy();
    for (const server of servers) await stopServerProcess(server);

    // Counted on the server afterwards, from its own tables.
    const applied = await store.db.query<{ client_id: string; mutation_id: string }>(
      'SELECT client_id, mutation_id FROM applied_mutations',
    );
    const appliedIds = new Set(applied.map((row) => `${row.client_id}/${row.mutation_id}`));
    const acknowledged = devices.flatMap((device) => [...device.acknowledged].map((id) => `${device.clientId}/${id}`));
    const lostMutations = acknowledged.filter((id) => !appliedIds.has(id)).length;
    const logged = await store.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action IN ('audit.start', 'audit.patch')",
    );
    const audits = await store.db.query<{
      id: string;
      assignments: number;
      responses: Record<string, { rating: string; comment: string }>;
    }>(
      `SELECT id, count(*) OVER (PARTITION BY assignment_id)::int AS assignments, doc->'responses' AS responses FROM audits`,
    );
    const byId = new Map(audits.map((a) => [a.id, a]));
    let lostSaves = 0;
    for (const device of devices) {
      const audit = byId.get(device.auditId);
      for (const [criterion, value] of device.saved) {
        const held = audit?.responses?.[criterion];
        if (held?.rating !== value.rating || held.comment !== value.comment) lostSaves += 1;
      }
    }
    const duplicates =
      replaysApplied +
      Math.max(0, (logged[0]?.n ?? 0) - acknowledged.length) +
      audits.filter((a) => a.assignments > 1).length +
      Math.max(0, applied.length - acknowledged.length);
    const lost = lostMutations + lostSaves + Math.max(0, DEVICES - audits.length);

    const scenario = `${DEVICES} devices for ${DURATION_MS / 1000} s, ${PROCESSES} server processes, one PostgreSQL`;
    const p95 = percentile(pushLatencies, 95);
    const pullP95 = percentile(pullLatencies, 95);
    const requests = pushLatencies.length + pullLatencies.length + replays;
    const timedSeconds = (DURATION_MS - WARM_UP_MS) / 1000;
    // The load generator, both processes and PostgreSQL share this machine's cores with whatever else runs.
    const share = (ms: number) => (cpuAt ? `${Math.round((ms / (cpuTo.at - cpuAt.at)) * 100)}%` : '?');
    const cpu = cpuAt
      ? `CPU over the timed part: load generator ${share(cpuTo.node - cpuAt.node)}, server processes ${cpuTo.servers.map((ms, i) => share(ms - (cpuAt.servers[i] ?? 0))).join(' and ')}, PostgreSQL ${share(cpuTo.postgres - cpuAt.postgres)} (of 200%)`
      : '';
    const load = `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores at the end`;
    return [
      {
        scenario,
        metric: 'p95 push latency',
        value: Math.round(p95 * 10) / 10,
        unit: 'ms',
        target: '< 200 ms',
        isMet: p95 < 200,
        detail: `median ${Math.round(percentile(pushLatencies, 50) * 10) / 10} ms, max ${Math.round(Math.max(...pushLatencies))} ms over ${pushLatencies.length} pushes after a ${WARM_UP_MS / 1000} s warm-up; pulls p95 ${Math.round(pullP95 * 10) / 10} ms over ${pullLatencies.length}; about ${Math.round(requests / timedSeconds)} requests/s in all, round robin over the processes; each device pushes one criterion every ${PUSH_EVERY_MS[0] / 1000}-${PUSH_EVERY_MS[1] / 1000} s (the app's sync debounce) and pulls every ${PULL_EVERY_MS / 1000} s; ${cpu}; ${load}`,
      },
      {
        scenario,
        metric: 'p95 pull latency',
        value: Math.round(pullP95 * 10) / 10,
        unit: 'ms',
        target: '< 200 ms',
        isMet: pullP95 < 200,
        detail: `median ${Math.round(percentile(pullLatencies, 50) * 10) / 10} ms, max ${Math.round(Math.max(...pullLatencies))} ms over ${pullLatencies.length} pulls from each device's cursor, every ${PULL_EVERY_MS / 1000} s; before the timed minute each device pulled its whole view once, as at sign-in (one after another): p95 ${Math.round(percentile(signInPulls, 95))} ms, max ${Math.round(Math.max(...signInPulls))} ms`,
      },
      {
        scenario,
        metric: 'errors',
        value: errors,
        unit: '',
        target: '0',
        isMet: errors === 0,
        detail: firstError ? `first: ${firstError}` : 'every push applied, every pull 200',
      },
      {
        scenario,
        metric: 'duplicates',
        value: duplicates,
        unit: '',
        target: '0',
        isMet: duplicates === 0,
        detail: `${replays} pushes replayed to the next process, each answered duplicate; ${audits.length} audits for ${DEVICES} assignments; ${logged[0]?.n ?? 0} log entries and ${applied.length} applied mutations for ${acknowledged.length} acknowledged`,
      },
      {
        scenario,
        metric: 'lost',
        value: lost,
        unit: '',
        target: '0',
        isMet: lost === 0,
        detail: `counted on the server afterwards: acknowledged mutations missing ${lostMutations}; criteria whose stored value is not what the device last saved ${lostSaves}`,
      },
    ];
  } finally {
    for (const server of servers) await stopServerProcess(server).catch(() => undefined);
    await store.close();
    postgres.release();
  }
}

export const twoProcessesScenario: Scenario = { name: 'two-processes', run: twoProcessesOnPostgres };
