// A server killed after committing a push and before answering it, then restarted: the device's
// retry of the same push is answered "duplicate" and nothing is applied twice. A server killed in
// the middle of a batch, once its mutations' claims, records and log entries are written in the
// batch's transaction (for a run of audit mutations, applied set-based, once the whole run is
// written): nothing of the batch was committed, and the replayed batch applies each mutation
// exactly once. The server runs as a real child process (npm start's entry point) and dies by
// SIGKILL through a test-only hook.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushRequest, PushResponse } from '#shared/protocol/sync.ts';
import type { Session } from '#shared/schemas/user.ts';
import { patchAudit, startAudit } from '../setup/audits.ts';
import { useThrowawayPostgres, type ThrowawayPostgres } from '../setup/postgres.ts';
import { ENGINES } from '../setup/test-server.ts';

type Running = { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };

function startServer(env: Record<string, string>): Promise<Running> {
  // node with tsx's loader, not the tsx wrapper: the process killed must be the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      STATIC_DIR: 'no-such-dir',
      LOG_LEVEL: 'info',
      // This term's demo data only: the test counts the audits the auditor can pull.
      SEED_DEMO_HISTORY: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)[\s\S]*parent\.rep@demo\.example/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it started:\n${output}`));
    });
  });
}

async function signIn(url: string): Promise<{ cookie: string; session: Session }> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'education.auditor@demo.example', password: 'demo-audit-2026' }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, session: (await response.json()) as Session };
}

const push = (url: string, auth: { cookie: string; session: Session }, body: PushRequest) =>
  fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.session.csrfToken },
    body: JSON.stringify(body),
  });

const pull = async (url: string, auth: { cookie: string }): Promise<PullResponse> => {
  const response = await fetch(`${url}/api/sync/pull?cursor=0`, {
    headers: { cookie: auth.cookie, 'x-sync-protocol': '1' },
  });
  return (await response.json()) as PullResponse;
};

describe.each(ENGINES)('a server killed between applying a push and answering it, on %s', (engine) => {
  let dataDir: string;
  let postgres: ThrowawayPostgres | undefined;
  let databaseEnv: Record<string, string>;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ehcp-crash-'));
    if (engine === 'postgres') {
      postgres = await useThrowawayPostgres();
      databaseEnv = { DATABASE_URL: await postgres.createDatabase() };
    } else databaseEnv = { DATA_DIR: dataDir };
  });
  afterAll(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    postgres?.release();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes the retry harmlessly after a restart', async () => {
    const doomed = await startServer({ ...databaseEnv, TEST_EXIT_AFTER_PUSH_COMMIT: 'true' });
    running.push(doomed.child);
    expect(doomed.output()).toMatch(/\(demo council seeded\)/);
    expect(doomed.output()).toMatch(/password for all: demo-audit-2026/);
    expect(doomed.output()).toMatch(/sendat@demo\.example\s+auditor \(sendat\)/);
    const auth = await signIn(doomed.url);
    const assignment = (await pull(doomed.url, auth)).changes.find((c) => c.kind === 'assignment')!;
    const auditId = randomUUID();
    const body: PushRequest = {
      protocolVersion: 1,
      clientId: randomUUID(),
      mutations: [
        startAudit(assignment.id, auditId),
        patchAudit(auditId, {
          responses: { B1: { from: null, to: { rating: 'met', comment: 'Seen on the visit.' } } },
        }),
      ],
    };
    await expect(push(doomed.url, auth, body)).rejects.toThrow();
    expect(await doomed.exited).toBe(null);
    expect(doomed.child.signalCode).toBe('SIGKILL');

    const restarted = await startServer(databaseEnv);
    running.push(restarted.child);
    // Seeding happens only into an empty database.
    expect(restarted.output()).not.toMatch(/demo council seeded/);
    try {
      // The session survived the crash too: the device does not have to sign in again.
      const retry = await push(restarted.url, auth, body);
      expect(retry.status).toBe(200);
      const { results } = (await retry.json()) as PushResponse;
      expect(results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      const audits = (await pull(restarted.url, auth)).changes.filter((c) => c.kind === 'audit');
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        id: auditId,
        data: { responses: { B1: { rating: 'met', comment: 'Seen on the visit.' } } },
      });
    } finally {
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
    }
  });

  it('applies each mutation of a batch exactly once when the process dies between two of them', async () => {
    const doomed = await startServer({ ...databaseEnv, TEST_EXIT_AFTER_MUTATIONS: '2' });
    running.push(doomed.child);
    const auth = await signIn(doomed.url);
    const before = await pull(doomed.url, auth);
    // An assignment the first test did not start.
    const started = new Set(before.changes.flatMap((c) => (c.kind === 'audit' ? [c.data?.planRef] : [])));
    const assignment = before.changes.find((c) => c.kind === 'assignment' && !started.has(c.data?.planRef))!;
    const planRef = assignment.kind === 'assignment' ? assignment.data?.planRef : undefined;
    const auditId = randomUUID();
    const body: PushRequest = {
      protocolVersion: 1,
      clientId: randomUUID(),
      mutations: [
        startAudit(assignment.id, auditId),
        patchAudit(auditId, { responses: { B1: { from: null, to: { rating: 'met', comment: 'First.' } } } }),
        patchAudit(auditId, { responses: { B2: { from: null, to: { rating: 'not-met', comment: 'Second.' } } } }),
      ],
    };
    await expect(push(doomed.url, auth, body)).rejects.toThrow();
    expect(await doomed.exited).toBe(null);
    expect(doomed.child.signalCode).toBe('SIGKILL');

    const restarted = await startServer(databaseEnv);
    running.push(restarted.child);
    try {
      // The three form one run of audit mutations, written set-based (claims included) inside the
      // batch's transaction before the switch fired at the second: that transaction never committed.
      const afterCrash = await pull(restarted.url, auth);
      expect(afterCrash.changes.filter((c) => c.kind === 'audit' && c.id === auditId)).toEqual([]);
      const replay = await push(restarted.url, auth, body);
      expect(replay.status).toBe(200);
      expect(((await replay.json()) as PushResponse).results.map((r) => r.status)).toEqual([
        'applied',
        'applied',
        'applied',
      ]);
      const again = await push(restarted.url, auth, body);
      expect(((await again.json()) as PushResponse).results.map((r) => r.status)).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
      ]);
      const audits = (await pull(restarted.url, auth)).changes.filter(
        (c) => c.kind === 'audit' && c.data?.planRef === planRef,
      );
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        id: auditId,
        data: {
          responses: {
            B1: { rating: 'met', comment: 'First.' },
            B2: { rating: 'not-met', comment: 'Second.' },
          },
        },
      });
    } finally {
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
    }
  });
});
