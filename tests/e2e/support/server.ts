// Starts the real server (PGlite in a fresh temporary directory, demo data seeded) on a free port
// for a browser suite, and stops it by its own process id; and asks it, as a separate client, what it holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEMO_PASSWORD = 'demo-audit-2026';

export type RunningServer = { url: string; port: number; stop: () => Promise<void>; output: () => string };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/api/session`);
      if (response.status === 401 || response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not start within 90 s:\n${output()}`);
}

/**
 * Starts a server. Pass a port and data directory to restart one in place (a redeploy: same origin,
 * same database); a data directory passed in is left for the caller to remove.
 */
export async function startServer(
  staticDir: string,
  options: { port?: number; dataDir?: string; history?: boolean; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ehcp-e2e-data-'));
  let log = '';
  const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['src/server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      // The previous term's moderated cycle only where a test reads it: the audit tests count this term's work.
      SEED_DEMO_HISTORY: options.history ? 'true' : 'false',
      STATIC_DIR: staticDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs the server in a child process, and stopping must end both.
    detached: true,
  });
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // If the test run itself dies, do not leave a server behind.
  const onExit = (): void => killGroup('SIGKILL');
  process.once('exit', onExit);
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const output = () => log.slice(-4000);
  try {
    await waitForServer(url, child, output);
  } catch (error) {
    killGroup('SIGKILL');
    throw error;
  }
  return {
    url,
    port,
    output,
    async stop() {
      process.removeListener('exit', onExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        killGroup('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      }
      // Whatever is left of the group (the server under tsx) goes too.
      killGroup('SIGKILL');
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in over HTTP as a separate client, for checking what the server holds. */
export async function apiSession(url: string, email: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`Sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken: body.csrfToken };
}

/** An audit as the server holds it, as far as the browser suites read it. */
export type AuditOnServer = {
  planRef?: string;
  status?: string;
  responses?: Record<string, { rating?: string; comment?: string }>;
  overallOverride?: unknown;
  concern?: unknown;
};

/** The audits in the auditor's first pull: what the server holds, asked over its API as a separate client. */
export async function auditsOnServer(url: string, email: string): Promise<{ id: string; data?: AuditOnServer }[]> {
  const { cookie } = await apiSession(url, email);
  const response = await fetch(`${url}/api/sync/pull`, { headers: { cookie, 'x-sync-protocol': '1' } });
  const pulled = (await response.json()) as { changes: { kind: string; id: string; data?: AuditOnServer }[] };
  return pulled.changes.filter((change) => change.kind === 'audit');
}
