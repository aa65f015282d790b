// Hostile input on both engines: a seeded stream of malformed and hostile requests (wrong types,
// huge strings, other users' ids, SQL and script fragments, broken JSON and Unicode, forged
// sessions) answered with 4xx (a well-formed push naming others' records: 200 with every mutation refused),
// and the database byte-for-byte unchanged afterwards.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '#tests/fixtures/random.ts';
import type { PushResponse } from '#shared/protocol/sync.ts';
import { patchAudit, startAudit, submitAudit } from '../setup/audits.ts';
import {
  ENGINES,
  startTestServer,
  type RequestOptions,
  type TestClient,
  type TestServer,
} from '../setup/test-server.ts';

const PAYLOADS = 2_400;

/** encodeURIComponent, except that a lone surrogate becomes the bytes that would encode it: broken UTF-8. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** A cursor the server never hands out ('' and '0' are valid: from the beginning). */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

function badCursor(value: unknown): string {
  const text = asText(value).slice(0, 200);
  return /^(0|\d+-\d+|)$/.test(text) ? `${text}'` : text;
}
const TABLES = [
  'users',
  'sessions',
  'frameworks',
  'plans',
  'cycles',
  'assignments',
  'audits',
  'audit_log',
  'applied_mutations',
  'sync_feed',
  'schema_migrations',
];

async function digest(server: TestServer): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = await server.store.db.query<{ digest: string }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
    );
    result[table] = rows[0]?.digest ?? '';
  }
  return result;
}

type Ids = { ownDraft: string; ownSubmitted: string; othersAudit: string; othersAssignment: string; cycleId: string };

const SQL = [
  "' OR '1'='1",
  '1; DROP TABLE audits; --',
  "'); DELETE FROM users; --",
  '" OR ""="',
  '1 UNION SELECT password_hash FROM users',
];
const SCRIPT = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
];
const STRANGE = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff x',
  '../../etc/passwd',
  '%00',
  '\u202e',
  'ℌ𝔢𝔩𝔩𝔬',
  '\n\r\t',
];

function hostileValue(random: Random, ids: Ids): unknown {
  const kinds: (() => unknown)[] = [
    () => random.pick(SQL),
    () => random.pick(SCRIPT),
    () => random.pick(STRANGE),
    () => 'x'.repeat(1 + random.int(300_000)),
    () => random.pick([null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, Number.MIN_VALUE]),
    () => random.pick<unknown>([[], [1, 2, 3], {}, { $gt: '' }, { toString: 'x' }, [[[[[]]]]]]),
    () => random.pick([ids.othersAudit, ids.othersAssignment, 'user-health-auditor', 'user-admin', ids.cycleId]),
    () => random.pick(['00000000-0000-0000-0000-000000000000', 'not-a-uuid', randomUUID().toUpperCase() + 'x']),
    () => random.pick(['2026-13-45T99:99:99Z', 'yesterday', '2026-01-01']),
  ];
  return random.pick(kinds)();
}

/** A path into a valid push, and the value there replaced by something hostile. */
function corruptPush(random: Random, ids: Ids): unknown {
  const push: Record<string, unknown> = {
    protocolVersion: 1,
    clientId: randomUUID(),
    mutations: [
      random.pick([
        startAudit(ids.othersAssignment),
        // Left well-formed, each of these is still refused: a conflict and an incomplete submit.
        patchAudit(ids.ownDraft, {
          responses: { B1: { from: { rating: 'partly-met', comment: 'stale' }, to: { rating: 'met' } } },
        }),
        submitAudit(ids.ownDraft),
      ]),
    ],
  };
  const mutation = (push.mutations as Record<string, unknown>[])[0]!;
  const args = mutation.args as Record<string, unknown>;
  const targets: (() => void)[] = [
    () => (push.protocolVersion = hostileValue(random, ids)),
    () => (push.clientId = hostileValue(random, ids)),
    () => (push.mutations = hostileValue(random, ids)),
    () => (push[String(random.pick([...SQL, 'isAdmin', 'userId']))] = true),
    () => (mutation.id = hostileValue(random, ids)),
    () => (mutation.clientSeq = random.pick([0, -1, 1.5, '1', null, 2 ** 60])),
    () => (mutation.name = random.pick(['audit.delete', 'user.create', 'AUDIT.START', '', ...SQL])),
    () => (mutation.args = hostileValue(random, ids)),
    () => (args.auditId = hostileValue(random, ids)),
    () => (args[random.pick(['userId', 'status', 'auditorId', 'revision'])] = hostileValue(random, ids)),
    () => {
      if (mutation.name === 'audit.patch') {
        args.patch = {
          responses: {
            [random.pick([...SQL, ...SCRIPT, 'x'.repeat(41)])]: { from: null, to: hostileValue(random, ids) },
          },
        };
      } else args.startedAt = hostileValue(random, ids);
    },
    () => (push.mutations = Array.from({ length: 101 }, () => mutation)),
  ];
  random.pick(targets)();
  return push;
}

/** Well-formed pushes that name other people's records or break the rules: every mutation must be refused. */
function hostilePush(random: Random, ids: Ids): unknown {
  const note = random.pick([...SQL, ...SCRIPT]);
  const mutation = random.pick([
    () => startAudit(ids.othersAssignment),
    () => startAudit(random.pick([randomUUID(), ...SQL.slice(0, 2)])),
    () => patchAudit(ids.othersAudit, { concern: { from: null, to: { raised: true, note } } }),
    () => patchAudit(ids.ownSubmitted, { responses: { B1: { from: null, to: { rating: 'not-met', comment: note } } } }),
    () =>
      patchAudit(ids.ownDraft, {
        responses: { [random.pick(SQL).slice(0, 40)]: { from: null, to: { rating: 'met' } } },
      }),
    () =>
      patchAudit(ids.ownDraft, {
        responses: { B1: { from: { rating: 'not-met', comment: note }, to: { rating: 'met' } } },
      }),
    () => patchAudit(ids.ownDraft, { sectionOverrides: { F: { from: null, to: { grade: 99, reason: note } } } }),
    () => submitAudit(ids.othersAudit),
    () => submitAudit(ids.ownDraft),
    () => submitAudit(ids.ownSubmitted, 7),
  ])();
  return { protocolVersion: 1, clientId: randomUUID(), mutations: [mutation] };
}

function brokenJson(random: Random): string {
  return random.pick([
    '{',
    '{"protocolVersion": 1,',
    '{"protocolVersion": NaN}',
    "{'single': 'quotes'}",
    '[1, 2, 3',
    '{"__proto__": {"isAdmin": true}}',
    '{"constructor": {"prototype": {"isAdmin": true}}}',
    '{"a": "\\u0000"}',
    '{"a": "\\ud800"}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"deep": ${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`,
    '\u0000\u0001\u0002',
    'null',
    '"just a string"',
    '12345',
    'true',
    '{"protocolVersion": 1e999}',
  ]);
}

describe.each(ENGINES)('hostile input on %s', (engine) => {
  let server: TestServer;
  let auditor: TestClient;
  let qaLead: TestClient;
  let admin: TestClient;
  let ids: Ids;

  beforeAll(async () => {
    server = await startTestServer(engine);
    auditor = await server.signIn('education.auditor@demo.example');
    qaLead = await server.signIn('qa.lead@demo.example');
    admin = await server.signIn('admin@demo.example');
    const health = await server.signIn('health.auditor@demo.example');
    const own = (await auditor.pullAll()).changes.filter((c) => c.kind === 'assignment');
    const others = (await health.pullAll()).changes.filter((c) => c.kind === 'assignment');
    const ownDraft = randomUUID();
    const othersAudit = randomUUID();
    await auditor.push([startAudit(own[0]!.id, ownDraft)]);
    await health.push([startAudit(others[0]!.id, othersAudit)]);
    const ownSubmitted = (
      await server.store.db.query<{ id: string }>('SELECT a.id FROM audits a WHERE a.id = $1', [ownDraft])
    )[0]!.id;
    // Freeze one submitted audit directly: the fuzz needs one to hit, and the API path is tested elsewhere.
    const submitted = randomUUID();
    await auditor.push([startAudit(own[1]!.id, submitted)]);
    await server.store.db.query(
      'UPDATE audits SET status = \'submitted\', doc = doc || \'{"status":"submitted"}\' WHERE id = $1',
      [submitted],
    );
    const cycleId = (await server.store.db.query<{ id: string }>('SELECT id FROM cycles LIMIT 1'))[0]!.id;
    ids = { ownDraft: ownSubmitted, ownSubmitted: submitted, othersAudit, othersAssignment: others[1]!.id, cycleId };
  });
  afterAll(async () => {
    await server?.close();
  });

  it(`answers ${PAYLOADS} malformed or hostile requests with 4xx (or a push refusing every mutation) and changes nothing`, async () => {
    const random = seededRandom(engine === 'pglite' ? 20_260_001 : 20_260_002);
    const before = await digest(server);
    const clients = [auditor, qaLead, admin];
    const generators: (() => { client?: TestClient; request: RequestOptions; isWellFormedPush?: boolean })[] = [
      () => ({
        client: auditor,
        request: { method: 'POST', url: '/api/sync/push', payload: corruptPush(random, ids) },
      }),
      () => ({
        client: auditor,
        request: { method: 'POST', url: '/api/sync/push', payload: corruptPush(random, ids) },
      }),
      () => ({
        client: auditor,
        request: { method: 'POST', url: '/api/sync/push', payload: hostilePush(random, ids) },
        isWellFormedPush: true,
      }),
      () => ({
        client: random.pick(clients),
        request: {
          method: 'POST',
          url: random.pick(['/api/sync/push', '/api/users', '/api/frameworks', '/api/cycles', '/api/session']),
          payload: brokenJson(random),
          headers: { 'content-type': 'application/json' },
        },
      }),
      () => ({
        client: auditor,
        request: {
          method: 'GET',
          url: `/api/sync/pull?cursor=${encode(badCursor(hostileValue(random, ids)))}`,
          headers: { 'x-sync-protocol': String(random.pick(['1', '0', '2', 'x', '-1', '1.0', '999999999'])) },
        },
      }),
      () => ({
        client: admin,
        request: {
          method: random.pick(['POST', 'PATCH'] as const),
          url: random.pick(['/api/users', '/api/users/user-parent-rep']),
          payload: {
            name: hostileValue(random, ids),
            email: hostileValue(random, ids),
            roles: hostileValue(random, ids),
            password: 'short',
          },
        },
      }),
      () => ({
        client: qaLead,
        request: {
          method: 'POST',
          url: '/api/cycles',
          payload: {
            name: hostileValue(random, ids),
            periodStart: hostileValue(random, ids),
            periodEnd: '2026-01-01',
            frameworkId: random.pick(SQL),
            frameworkVersion: hostileValue(random, ids),
            sample: hostileValue(random, ids),
          },
        },
      }),
      () => ({
        client: qaLead,
        request: {
          method: 'POST',
          url: `/api/cycles/${encode(asText(hostileValue(random, ids)).slice(0, 100))}/assignments`,
          payload: {
            assignments: [{ planRef: random.pick([...SQL, 'pln-1']), auditorId: random.pick(['user-admin', ...SQL]) }],
          },
        },
      }),
      () => ({
        client: qaLead,
        request: {
          method: 'POST',
          url: '/api/frameworks',
          payload: { id: random.pick([...SQL, ...SCRIPT]), status: 'published', sections: hostileValue(random, ids) },
        },
      }),
      () => ({
        client: qaLead,
        request: {
          method: 'POST',
          url: '/api/plans/import',
          payload: random.pick([
            '',
            'name,dob\nJo,2014-01-01\n',
            'ref\n\u0000\n',
            `plan,keyStage\n${random.pick(SQL)},ks2\n`,
          ]),
          headers: { 'content-type': 'text/csv' },
        },
      }),
      () => ({
        client: random.pick(clients),
        request: {
          method: random.pick(['GET', 'POST', 'DELETE'] as const),
          url: random.pick([
            `/api/cycles/${encodeURIComponent(random.pick([...SQL, ...SCRIPT]))}`,
            `/api/frameworks/${encodeURIComponent(random.pick(SQL))}/1`,
            '/api/frameworks/ehcp-quality/1/publish',
            '/api/cycles/%00',
            '/api/users/%00',
            '/api/../../etc/passwd',
            `/api/${'a'.repeat(5000)}`,
            '/api/audit-log?after=-1',
            `/api/audit-log?limit=${random.pick(SQL)}`,
          ]),
        },
      }),
      () => ({
        request: {
          method: random.pick(['GET', 'POST', 'DELETE'] as const),
          url: random.pick(['/api/session', '/api/sync/pull', '/api/sync/push', '/api/users']),
          headers: { cookie: `ehcp_session=${encode(asText(hostileValue(random, ids)).slice(0, 4000))}` },
          payload: {},
        },
      }),
      () => ({
        client: random.pick(clients),
        request: {
          method: 'POST',
          url: '/api/sync/push',
          omitCsrf: true,
          payload: hostilePush(random, ids),
          headers: { 'x-csrf-token': random.pick([...SQL, '']) },
        },
      }),
      () => ({
        request: {
          method: 'POST',
          url: '/api/session',
          payload: { email: hostileValue(random, ids), password: hostileValue(random, ids) },
        },
      }),
    ];

    let fourXX = 0;
    let refusedPushes = 0;
    for (let i = 0; i < PAYLOADS; i += 1) {
      const { client, request, isWellFormedPush } = random.pick(generators)();
      const response = client
        ? await client.request(request)
        : await server.app.inject({
            method: request.method,
            url: request.url,
            ...(request.headers ? { headers: request.headers } : {}),
            ...(request.payload === undefined ? {} : { payload: request.payload as object }),
          });
      // A push that parses is answered per mutation: it may be a 200, but nothing in it may apply.
      if ((isWellFormedPush || request.url === '/api/sync/push') && response.statusCode === 200) {
        const { results } = response.json<PushResponse>();
        expect([i, results.map((r) => r.status).filter((s) => s === 'applied' || s === 'duplicate')]).toEqual([i, []]);
        refusedPushes += 1;
        continue;
      }
      if (response.statusCode < 400 || response.statusCode >= 500) {
        throw new Error(
          `payload ${i} answered ${response.statusCode}: ${request.method} ${request.url.slice(0, 80)} ${JSON.stringify(request.payload)?.slice(0, 300)} -> ${response.body.slice(0, 300)}`,
        );
      }
      expect([i, request.url.slice(0, 60), response.json<{ error: string }>().error]).toEqual([
        i,
        request.url.slice(0, 60),
        expect.stringMatching(/^[a-z-]+$/),
      ]);
      fourXX += 1;
    }
    expect(fourXX + refusedPushes).toBe(PAYLOADS);
    expect(fourXX).toBeGreaterThanOrEqual(2_000);
    expect(await digest(server)).toEqual(before);
  });
});
