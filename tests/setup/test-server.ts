// The server under test on a real engine: PGlite in memory or a fresh database on the throwaway
// PostgreSQL, migrated and (by default) seeded with the demo council, driven through inject().
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '#server/app.ts';
import { testConfig, type ServerConfig } from '#server/config.ts';
import { DEMO_PASSWORD, seedDemo } from '#server/demo/seed-demo.ts';
import { openStore, type Store } from '#server/store/store.ts';
import { SYNC_PROTOCOL_VERSION, type PullResponse, type Mutation, type PushResponse } from '#shared/protocol/sync.ts';
import type { Session } from '#shared/schemas/user.ts';
import { useThrowawayPostgres, type ThrowawayPostgres } from './postgres.ts';

export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export type Clock = { now: () => Date; advance: (ms: number) => void };

export function testClock(start = new Date()): Clock {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms) => (at += ms) };
}

type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
export type RequestOptions = {
  method: InjectMethod;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Leave out the CSRF header (to test its check). */
  omitCsrf?: boolean;
};

export type TestClient = {
  session: Session;
  cookie: string;
  request: (options: RequestOptions) => Promise<LightMyRequestResponse>;
  push: (mutations: Mutation[], clientId?: string) => Promise<PushResponse>;
  pull: (cursor?: string) => Promise<PullResponse>;
  /** Pulls every page from the cursor on; returns the changes and the final cursor. */
  pullAll: (cursor?: string) => Promise<{ changes: PullResponse['changes']; cursor: string }>;
};

export type TestServer = {
  engine: Engine;
  app: FastifyInstance;
  store: Store;
  clock: Clock;
  databaseUrl?: string;
  signIn: (email: string, password?: string) => Promise<TestClient>;
  close: () => Promise<void>;
};

export type TestServerOptions = { seed?: boolean; config?: Partial<ServerConfig>; clock?: Clock };

export async function openTestStore(
  engine: Engine,
): Promise<{ store: Store; databaseUrl?: string; release: () => Promise<void> }> {
  if (engine === 'pglite') {
    const store = await openStore({});
    return { store, release: () => store.close() };
  }
  const postgres: ThrowawayPostgres = await useThrowawayPostgres();
  const databaseUrl = await postgres.createDatabase();
  const store = await openStore({ databaseUrl, maxConnections: 20 });
  return {
    store,
    databaseUrl,
    release: async () => {
      await store.close();
      postgres.release();
    },
  };
}

export function clientFor(app: FastifyInstance, session: Session, cookie: string): TestClient {
  const request = (options: RequestOptions): Promise<LightMyRequestResponse> =>
    app.inject({
      method: options.method,
      url: options.url,
      headers: {
        cookie,
        ...(options.omitCsrf ? {} : { 'x-csrf-token': session.csrfToken }),
        ...options.headers,
      },
      ...(options.payload === undefined ? {} : { payload: options.payload as string | object }),
    });
  const pull = async (cursor?: string): Promise<PullResponse> => {
    const response = await request({
      method: 'GET',
      url: `/api/sync/pull${cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`}`,
      headers: { 'x-sync-protocol': String(SYNC_PROTOCOL_VERSION) },
    });
    if (response.statusCode !== 200) throw new Error(`pull answered ${response.statusCode}: ${response.body}`);
    return response.json<PullResponse>();
  };
  return {
    session,
    cookie,
    request,
    pull,
    async push(mutations, clientId = randomUUID()) {
      const response = await request({
        method: 'POST',
        url: '/api/sync/push',
        payload: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId, mutations },
      });
      if (response.statusCode !== 200) throw new Error(`push answered ${response.statusCode}: ${response.body}`);
      return response.json<PushResponse>();
    },
    async pullAll(cursor) {
      const changes: PullResponse['changes'] = [];
      let at = cursor;
      for (;;) {
        const page = await pull(at);
        changes.push(...page.changes);
        at = page.cursor;
        if (!page.hasMore) return { changes, cursor: at };
      }
    },
  };
}

let addresses = 0;

/** Each sign-in comes from its own address unless told otherwise, so the sign-in rate limit stays out of the way. */
export async function signInTo(
  app: FastifyInstance,
  email: string,
  password = DEMO_PASSWORD,
  remoteAddress = `10.0.${Math.floor(++addresses / 250) % 250}.${(addresses % 250) + 1}`,
): Promise<TestClient> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    remoteAddress,
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in as ${email} answered ${response.statusCode}: ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
  return clientFor(app, response.json<Session>(), cookie);
}

export async function startTestServer(engine: Engine, options: TestServerOptions = {}): Promise<TestServer> {
  const opened = await openTestStore(engine);
  if (options.seed ?? true) await seedDemo(opened.store.db);
  const clock = options.clock ?? testClock();
  const app = await buildServer(testConfig({ signInLimit: 10_000, ...options.config }), opened.store, {
    now: clock.now,
  });
  return {
    engine,
    app,
    store: opened.store,
    clock,
    ...(opened.databaseUrl ? { databaseUrl: opened.databaseUrl } : {}),
    signIn: (email, password) => signInTo(app, email, password),
    async close() {
      await app.close();
      await opened.release();
    },
  };
}
